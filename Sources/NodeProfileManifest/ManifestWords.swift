/// A word of manifest.json from a fixed set. Decoding a word outside the set fails with what is allowed, so a
/// manifest is checked once, where it is read, and the rest of the code holds a case instead of a string.
public protocol ManifestWord: RawRepresentable, CaseIterable, Codable, Sendable, Hashable where RawValue == String {}

extension ManifestWord {
    /// Decodes the word, or fails with `"x" is not allowed; allowed: a, b`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let word = Self(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Self.refusal(text))
        }
        self = word
    }

    /// Encodes the word as its text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// What a reader says of a value outside the set.
    public static func refusal(_ text: String) -> String {
        "\(ManifestCheck.quoted(text)) is not allowed; allowed: " + allCases.map(\.rawValue).joined(separator: ", ")
    }
}

/// Who puts a file on the device.
public enum AppliedBy: String, ManifestWord {
    /// The agent writes it under /etc.
    case agent
    /// The bundle's RPM installs it under /usr.
    case package
}

/// Where a fact's value comes from on the device; its description is the words messages use for it.
public enum FactSource: String, ManifestWord, CustomStringConvertible {
    /// The interface of the IPv4 default route.
    case defaultRouteInterface = "default-route-interface"
    /// An interface's MAC address, lowercase.
    case interfaceMAC = "interface-mac"
    /// An interface's MTU.
    case interfaceMTU = "interface-mtu"
    /// The name of the one physical NIC (a /sys/class/net entry with a `device` link) whose MAC is the fact's `mac`.
    case interfaceByMAC = "interface-by-mac"
    /// The IPv4 address the default route leaves from.
    case defaultRouteAddress = "default-route-address"
    /// The kernel's host name.
    case hostname

    /// What the value is, in the words a person reads in a message (`--fact gateway.nic.mac=VALUE (the MAC address ...)`).
    public var description: String {
        switch self {
        case .defaultRouteInterface: "the interface of the default route"
        case .interfaceMAC: "the MAC address"
        case .interfaceMTU: "the MTU"
        case .interfaceByMAC: "the physical NIC with the MAC address"
        case .defaultRouteAddress: "the address the default route leaves from"
        case .hostname: "the host name"
        }
    }
}

/// What the agent does with a file that is already at a path, written by someone else, when it first writes there.
public enum ExistingFile: String, ManifestWord {
    /// Keep the original (per deployment, for as long as a generation writes the path) and put it back byte for byte,
    /// with its mode, when no generation writes the path any more.
    case adopt
    /// Refuse the bundle before anything is written: the device reads its settings from that one file, so replacing
    /// it would drop the settings in it (the entry's `existingReason` says which reader).
    case refuse
}

/// How a file's `sha256` field was computed, when it is not a plain SHA-256 of the bytes.
public enum DigestKind: String, ManifestWord {
    /// HMAC-SHA-256 keyed inside the file itself (`KeyedDigest`), for secret files.
    case hmacSHA256 = "hmac-sha256"
}

/// Permission bits of a file: 0000 to 0777, written in manifest.json as four octal digits (`"0644"`). Setuid,
/// setgid and sticky bits are refused, not dropped: a file written without them would read as changed forever.
public struct FileMode: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The bits, 0 to 0o777.
    public let bits: Int

    /// A mode from bits the caller knows are within 0o777 (the compiler's own artifacts).
    public init(_ bits: Int) {
        precondition((0...0o777).contains(bits), "file mode \(bits) outside 0000-0777")
        self.bits = bits
    }

    /// `0600`, the mode of every secret file.
    public static let secret = FileMode(0o600)

    /// Parses four octal digits from 0000 to 0777, or says what is allowed.
    public static func parse(_ text: String) -> Result<FileMode, ManifestError> {
        let digits = Array(text.utf8)
        guard digits.count == 4, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x37 }), let value = Int(text, radix: 8) else {
            return .failure(
                ManifestError(
                    "\(ManifestCheck.quoted(text)) is not a file mode; allowed: four octal digits from 0000 to 0777, such as \"0644\""
                ))
        }
        guard value <= 0o777 else {
            return .failure(
                ManifestError(
                    "\(ManifestCheck.quoted(text)) sets the setuid, setgid or sticky bit, which nodeprofile never writes; allowed: 0000 to 0777"
                ))
        }
        return .success(FileMode(value))
    }

    /// Four octal digits, as manifest.json writes them.
    public var description: String { Self.octal(bits) }

    /// Any permission bits as at least four octal digits, for messages.
    public static func octal(_ bits: Int) -> String {
        let octal = String(bits, radix: 8)
        return String(repeating: "0", count: max(0, 4 - octal.count)) + octal
    }

    /// Decodes four octal digits; anything else fails with what is allowed.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        switch FileMode.parse(try container.decode(String.self)) {
        case .success(let mode): self = mode
        case .failure(let error):
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the four octal digits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
