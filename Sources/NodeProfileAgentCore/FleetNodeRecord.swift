import NodeProfileManifest

/// The node of a fleet image this device was picked as, kept in ROOT/var/lib/nodeprofile/fleet-node (the device's,
/// whatever ostree deployment is booted): `FLEET<TAB>NODE<TAB>MATCHED`, MATCHED saying which of the node's identity
/// values the device had when it was picked (`MAC 52:54:00:00:00:01`, `serial 'SHOP-2'`). A record of two fields
/// (written by an agent before MATCHED) reads with none.
public struct FleetNodeRecord: Sendable, Equatable {
    /// Where the record is.
    public static let path = StateStore.directory + "/fleet-node"

    /// The fleet's name.
    public var fleet: String
    /// The node's name.
    public var node: String
    /// The node's identity values the device had, as `NodeIdentity.summary` words them; nil when not recorded.
    public var matched: String?

    /// A record of `node` of `fleet`, picked by `matched`.
    public init(fleet: String, node: String, matched: String?) {
        self.fleet = fleet
        self.node = node
        self.matched = matched
    }

    /// The record on `fs`, or nil when there is none or it cannot be read.
    public static func read(_ fs: RootFS) -> FleetNodeRecord? {
        guard case .success(let bytes) = fs.readFile(path) else { return nil }
        let fields = String(decoding: bytes, as: UTF8.self).trimmingWhitespace().split(
            separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3, !fields[0].isEmpty, !fields[1].isEmpty else { return nil }
        let matched = fields.count == 3 && !fields[2].isEmpty ? String(fields[2]) : nil
        return FleetNodeRecord(fleet: String(fields[0]), node: String(fields[1]), matched: matched)
    }

    /// The record's bytes (tabs and newlines in MATCHED, which a serial cannot hold, become spaces).
    public var encoded: [UInt8] {
        let words = (matched ?? "").map { $0 == "\t" || $0 == "\n" ? " " : $0 }
        return Array("\(fleet)\t\(node)\t\(String(words))\n".utf8)
    }

    /// The values of `node` that `device` has: its MACs the device has, its serial and its UUID.
    static func matched(_ node: NodeIdentity, _ device: NodeIdentity) -> NodeIdentity {
        NodeIdentity(
            macs: node.macs.filter { device.macs.contains($0) }, serial: node.serial, uuid: node.uuid)
    }
}
