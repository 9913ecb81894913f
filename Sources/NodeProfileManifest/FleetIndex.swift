/// The index of a fleet image (`fleet.index`): which node each device identity selects, and where each node's
/// manifest.json (and its signature) is among the image's objects. Shared by the compiler, which writes it, and the
/// agent, which reads it; signed as a manifest is (`fleet.index.sig`).
///
/// Text, one record a line, fields separated by tabs (no field holds a tab or a newline: names are DNS labels,
/// digests hex, MACs and UUIDs fixed forms, serials printable ASCII):
/// ```
/// nodeprofile-fleet-index 1
/// fleet NAME
/// node NAME MANIFEST-SHA256 SIGNATURE-SHA256 MACS SERIAL UUID
/// ```
/// MACS is comma-separated; an empty field is "none". Nodes are in fleet order.
public struct FleetIndex: Sendable, Equatable {
    /// The file's name in the image, and its signature's.
    public static let fileName = "fleet.index"
    /// The signature beside it.
    public static let signatureFileName = "fleet.index.sig"
    /// The first line.
    static let header = "nodeprofile-fleet-index 1"

    /// One node of the image.
    public struct Node: Sendable, Equatable {
        /// The node's name (its profile's metadata.name).
        public var name: String
        /// The SHA-256 of its manifest.json, which is stored as the object of that name.
        public var manifest: String
        /// The SHA-256 of its manifest.json.sig (an object too), when signed.
        public var signature: String?
        /// What identifies its device.
        public var identity: NodeIdentity

        /// A node record.
        public init(name: String, manifest: String, signature: String?, identity: NodeIdentity) {
            self.name = name
            self.manifest = manifest
            self.signature = signature
            self.identity = identity
        }
    }

    /// The fleet's name.
    public var fleet: String
    /// Every node in fleet order.
    public var nodes: [Node]

    /// An index of `nodes`.
    public init(fleet: String, nodes: [Node]) {
        self.fleet = fleet
        self.nodes = nodes
    }

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        var text = Self.header + "\nfleet\t" + fleet + "\n"
        for node in nodes {
            let identity = node.identity
            text += "node\t\(node.name)\t\(node.manifest)\t\(node.signature ?? "")\t"
            text += identity.macs.joined(separator: ",") + "\t" + (identity.serial ?? "") + "\t"
            text += (identity.uuid ?? "") + "\n"
        }
        return Array(text.utf8)
    }

    /// Parses an index, checking every field's form; the error says which line is wrong.
    public static func decode(_ bytes: [UInt8]) throws(FleetIndexError) -> FleetIndex {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard lines.count >= 2, lines[0].elementsEqual(header.utf8) else {
            throw FleetIndexError("not a fleet index (the first line is not '\(header)')")
        }
        let fleetFields = lines[1].split(separator: 9, omittingEmptySubsequences: false)
        guard fleetFields.count == 2, fleetFields[0].elementsEqual("fleet".utf8) else {
            throw FleetIndexError("line 2 is not 'fleet NAME'")
        }
        var index = FleetIndex(fleet: String(decoding: fleetFields[1], as: UTF8.self), nodes: [])
        index.nodes.reserveCapacity(lines.count - 2)
        for (number, line) in lines.enumerated().dropFirst(2) {
            let fields = line.split(separator: 9, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            guard fields.count == 7, fields[0] == "node", !fields[1].isEmpty, isDigest(fields[2]),
                fields[3].isEmpty || isDigest(fields[3])
            else { throw FleetIndexError("line \(number + 1) is not a node record") }
            var identity = NodeIdentity()
            for mac in fields[4].split(separator: ",") {
                guard let normal = NodeIdentity.normalizedMAC(String(mac)) else {
                    throw FleetIndexError("line \(number + 1): '\(mac)' is not a MAC address")
                }
                identity.macs.append(normal)
            }
            identity.serial = fields[5].isEmpty ? nil : fields[5]
            if !fields[6].isEmpty {
                guard let uuid = NodeIdentity.normalizedUUID(fields[6]) else {
                    throw FleetIndexError("line \(number + 1): '\(fields[6])' is not a UUID")
                }
                identity.uuid = uuid
            }
            index.nodes.append(
                Node(
                    name: fields[1], manifest: fields[2], signature: fields[3].isEmpty ? nil : fields[3],
                    identity: identity))
        }
        return index
    }

    /// True for 64 lowercase hex digits, the form of every object's name.
    public static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64
            && text.utf8.allSatisfy {
                ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                    || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f"))
            }
    }
}

/// Why a fleet index cannot be read.
public struct FleetIndexError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, naming the line.
    public var description: String
    init(_ description: String) { self.description = description }
}
