import NodeProfileManifest

/// An IPv4 address.
public struct IPv4Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The address as a 32-bit number, most significant octet first.
    public var value: UInt32

    /// The address whose 32-bit number is `value`.
    public init(_ value: UInt32) { self.value = value }

    /// Parses dotted-quad text strictly: four decimal octets, no leading zeros (they read as octal elsewhere). The
    /// agent's health check reads the manifest's addresses with the same parser (`IPv4Text`).
    public init?(_ text: some StringProtocol) {
        guard let octets = IPv4Text.octets(String(text)) else { return nil }
        self.value = octets.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Dotted-quad text.
    public var description: String {
        [24, 16, 8, 0].map { String((value >> UInt32($0)) & 0xFF) }.joined(separator: ".")
    }

    /// Orders addresses numerically.
    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }

    /// Why this address cannot be a unicast host address, or nil when it can.
    public var nonUnicastReason: String? {
        switch value >> 24 {
        case 0: return "0.0.0.0/8 is 'this network', not a host address"
        case 127: return "127.0.0.0/8 is loopback"
        case 224...239: return "224.0.0.0/4 is multicast"
        case 240...255: return value == .max ? "255.255.255.255 is the broadcast address" : "240.0.0.0/4 is reserved"
        default: return nil
        }
    }
}

/// An IPv4 network in CIDR notation, such as 10.42.0.0/16.
public struct IPv4Network: Sendable, Hashable, CustomStringConvertible {
    /// The first address of the network (host bits zero).
    public var address: IPv4Address
    /// The prefix length, 0 to 32.
    public var prefix: Int

    /// The network starting at `address` with `prefix` bits.
    public init(address: IPv4Address, prefix: Int) {
        self.address = address
        self.prefix = prefix
    }

    /// The netmask as a number.
    public var mask: UInt32 { prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix) }
    /// The last address of the network.
    public var last: IPv4Address { IPv4Address(address.value | ~mask) }
    /// How many addresses it spans.
    public var size: UInt64 { UInt64(1) << UInt64(32 - prefix) }

    /// True when `other` shares any address with this network.
    public func overlaps(_ other: IPv4Network) -> Bool {
        address.value <= other.last.value && other.address.value <= last.value
    }

    /// True when `ip` lies inside this network.
    public func contains(_ ip: IPv4Address) -> Bool { ip.value & mask == address.value }

    /// `ADDRESS/PREFIX`.
    public var description: String { "\(address)/\(prefix)" }
}

/// An address with its prefix length, as written for a static interface: 192.168.122.14/24.
public struct IPv4Interface: Sendable, Hashable, CustomStringConvertible {
    /// The host address.
    public var address: IPv4Address
    /// The prefix length.
    public var prefix: Int
    /// The network the address lies in.
    public var network: IPv4Network { IPv4Network(address: IPv4Address(address.value & mask), prefix: prefix) }
    private var mask: UInt32 { prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix) }

    /// `address` on a network of `prefix` bits.
    public init(address: IPv4Address, prefix: Int) {
        self.address = address
        self.prefix = prefix
    }

    /// `ADDRESS/PREFIX`.
    public var description: String { "\(address)/\(prefix)" }
}

/// Parsing of `ADDRESS/PREFIX` text, with messages that say exactly what is wrong.
public enum CIDRText {
    /// Splits and parses `text`, or returns why it is not ADDRESS/PREFIX.
    public static func parse(_ text: String) -> Result<(IPv4Address, Int), CIDRError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            if text.contains(":") { return .failure(.ipv6) }
            return .failure(.noPrefix)
        }
        if parts[0].contains(":") { return .failure(.ipv6) }
        guard let address = IPv4Address(parts[0]) else { return .failure(.badAddress(String(parts[0]))) }
        guard parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let prefix = Int(parts[1]), (0...32).contains(prefix),
            parts[1].count <= 2
        else { return .failure(.badPrefix(String(parts[1]))) }
        return .success((address, prefix))
    }

    /// Parses a network (host bits must be zero), or says why not.
    public static func network(_ text: String) -> Result<IPv4Network, CIDRError> {
        parse(text).flatMap { address, prefix in
            let network = IPv4Interface(address: address, prefix: prefix).network
            return network.address == address ? .success(network) : .failure(.hostBitsSet(suggested: network))
        }
    }
}

/// Why a CIDR text was rejected.
public enum CIDRError: Error, Equatable, CustomStringConvertible {
    /// No `/PREFIX`.
    case noPrefix
    /// An IPv6 address (MicroShift 4.13 is IPv4 only).
    case ipv6
    /// The address part is not a dotted quad.
    case badAddress(String)
    /// The prefix is not 0 to 32.
    case badPrefix(String)
    /// The address has bits set past the prefix; `suggested` is the network it lies in.
    case hostBitsSet(suggested: IPv4Network)

    /// What is wrong and what is allowed.
    public var description: String {
        switch self {
        case .noPrefix: "expected ADDRESS/PREFIX such as 10.42.0.0/16"
        case .ipv6: "IPv6 is not supported: MicroShift 4.13 is single-stack IPv4"
        case .badAddress(let text):
            "'\(text.debugEscaped)' is not an IPv4 address (four decimal octets 0-255, no leading zeros)"
        case .badPrefix(let text): "prefix length '\(text.debugEscaped)' must be a number from 0 to 32"
        case .hostBitsSet(let suggested): "host bits are set; did you mean \(suggested)?"
        }
    }
}
