/// How a fleet image tells its nodes apart on a device: the MAC addresses of the device's physical NICs, its DMI
/// `product_serial` and its DMI `product_uuid`. A fleet node names one or more of these; the compiler checks their
/// syntax and refuses a value two nodes share, and the agent picks the node whose identity the device matches.
///
/// The matching rule: a node matches a device when every kind the node names matches: its `serial` equals the
/// device's, its `uuid` equals the device's (both lowercase), and at least one of its MACs is a physical NIC's. A
/// node that names nothing matches nothing.
public struct NodeIdentity: Sendable, Hashable {
    /// MAC addresses in lowercase `xx:xx:xx:xx:xx:xx`, in the order written.
    public var macs: [String]
    /// The DMI product serial, as written (printable ASCII, no surrounding spaces).
    public var serial: String?
    /// The DMI product UUID in lowercase 8-4-4-4-12 form.
    public var uuid: String?

    /// An identity of the given values (already normalized).
    public init(macs: [String] = [], serial: String? = nil, uuid: String? = nil) {
        self.macs = macs
        self.serial = serial
        self.uuid = uuid
    }

    /// True when it names no kind at all.
    public var isEmpty: Bool { macs.isEmpty && serial == nil && uuid == nil }

    /// Whether a device with `device`'s identity is this node (the rule above).
    public func matches(_ device: NodeIdentity) -> Bool {
        guard !isEmpty else { return false }
        if let serial, serial != device.serial { return false }
        if let uuid, uuid != device.uuid { return false }
        if !macs.isEmpty, !macs.contains(where: { device.macs.contains($0) }) { return false }
        return true
    }

    /// What it names, for messages: `MACs 52:54:00:00:00:01, serial SN1, uuid ...` (or `nothing`).
    public var summary: String {
        var parts: [String] = []
        if !macs.isEmpty { parts.append((macs.count == 1 ? "MAC " : "MACs ") + macs.joined(separator: ", ")) }
        if let serial { parts.append("serial '\(serial)'") }
        if let uuid { parts.append("uuid \(uuid)") }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }

    /// The syntax `normalizedUUID` accepts, as a regular expression for the JSON Schema.
    public static let uuidPattern = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"

    /// What `serialProblem` accepts, as a regular expression for the JSON Schema (with at most 256 characters):
    /// printable ASCII that neither starts nor ends with a space.
    public static let serialPattern = "^[!-~]([ -~]*[!-~])?$"

    /// `text` as a lowercase 8-4-4-4-12 UUID, or nil when it is not one.
    public static func normalizedUUID(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return nil }
        var out: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return nil }
                out.append(byte)
            } else {
                guard let digit = lowerHex(byte) else { return nil }
                out.append(digit)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Why `text` cannot be a DMI serial (empty, too long, not printable ASCII, surrounding spaces), or nil.
    public static func serialProblem(_ text: String) -> String? {
        if text.isEmpty { return "is empty" }
        if text.utf8.count > 256 { return "is longer than 256 characters" }
        if !text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return "holds a character that is not printable ASCII (DMI strings are ASCII)"
        }
        if text.utf8.first == 0x20 || text.utf8.last == 0x20 {
            return "starts or ends with a space, which the kernel trims from DMI strings"
        }
        return nil
    }

    private static func lowerHex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): return byte
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte + 32
        default: return nil
        }
    }
}
