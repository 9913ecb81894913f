/// The syntax of a NIC's MAC address, decided once for the profile (`network.gateway.macAddress`), a fleet node's
/// `identity.macs`, the fleet image's index, `--identity-from`, the manifest's `interface-by-mac` facts and the
/// agent's match against /sys/class/net/NIC/address: six pairs of hex digits separated by `:` (or all by `-`),
/// written in lowercase with `:` as the kernel reports them.
public enum MACAddress {
    /// The syntax `normalized` accepts, as a regular expression for the JSON Schema.
    public static let pattern = "^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$|^[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){5}$"

    /// The address in lowercase with `:`, as the kernel writes it; nil when it is not six pairs of hex digits all
    /// separated by `:` or all by `-`.
    public static func normalized(_ text: String) -> String? {
        let separator: Character = text.contains("-") ? "-" : ":"
        let pairs = text.split(separator: separator, omittingEmptySubsequences: false)
        guard pairs.count == 6,
            pairs.allSatisfy({ $0.utf8.count == 2 && $0.utf8.allSatisfy(\.isHexDigit) })
        else { return nil }
        return pairs.joined(separator: ":").lowercased()
    }

    /// Why `text` cannot name a NIC, or nil when it can: the syntax above, not all zero, and unicast (a multicast or
    /// broadcast address, the least significant bit of the first octet set, is never a NIC's own).
    public static func problem(_ text: String) -> String? {
        guard let mac = normalized(text) else {
            return
                "'\(text)' is not a MAC address: write six pairs of hex digits separated by ':' (or '-'), such as 52:54:00:12:34:56"
        }
        if mac == "00:00:00:00:00:00" { return "'\(text)' is the all-zero MAC address, which no NIC has" }
        let first = mac.utf8.prefix(2).reduce(0) { $0 * 16 + Int($1.hexValue) }
        if first & 1 == 1 {
            return
                "'\(text)' is a \(mac == "ff:ff:ff:ff:ff:ff" ? "broadcast" : "multicast") MAC address (the first octet is odd), which no NIC has as its own"
        }
        return nil
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }

    fileprivate var hexValue: UInt8 {
        switch self {
        case 0x30...0x39: self - 0x30
        case 0x41...0x46: self - 0x41 + 10
        default: self - 0x61 + 10
        }
    }
}
