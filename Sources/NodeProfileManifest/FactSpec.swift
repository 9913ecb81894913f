/// A value only the device knows, and how the agent finds it.
public struct FactSpec: Codable, Sendable, Equatable {
    /// Name used in placeholders: `@@fact:NAME@@`.
    public var name: String
    /// How the agent finds it.
    public var source: FactSource
    /// For interface facts: the interface, or `@@fact:gateway.nic@@` when that is a fact itself.
    public var interface: String?
    /// For `interface-by-mac`: the NIC's MAC address, lowercase (`MACAddress`).
    public var mac: String?
    /// How many times to try again while the value is not there yet (the default route appears late), 0 to 100.
    public var retries: Int
    /// Seconds to wait between tries, 0 to 60.
    public var intervalSeconds: Int
    /// A regular expression the value must match before it is written anywhere.
    public var pattern: String
    /// For a number: the smallest value allowed (a pattern cannot say 576 to 9000); absent when there is no bound.
    public var minimum: Int?
    /// For a number: the largest value allowed; absent when there is no bound.
    public var maximum: Int?

    /// A fact as the compiler declares it; `interface` is for interface facts only, `mac` for `interface-by-mac`
    /// only, `minimum` and `maximum` for numbers only.
    public init(
        name: String, source: FactSource, interface: String? = nil, mac: String? = nil, retries: Int,
        intervalSeconds: Int, pattern: String, minimum: Int? = nil, maximum: Int? = nil
    ) {
        self.name = name
        self.source = source
        self.interface = interface
        self.mac = mac
        self.retries = retries
        self.intervalSeconds = intervalSeconds
        self.pattern = pattern
        self.minimum = minimum
        self.maximum = maximum
    }

    /// The placeholder text that stands for this fact in bundle files.
    public var placeholder: String { FactSpec.placeholder(name) }

    /// The placeholder for a fact name.
    public static func placeholder(_ name: String) -> String { "@@fact:\(name)@@" }

    /// Why a value cannot be used for this fact.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// It does not match `pattern`.
        case pattern(String)
        /// It is not a whole number from `minimum` to `maximum` (either may be nil: no bound).
        case range(minimum: Int?, maximum: Int?)

        /// The reason, after the value: `outside 576 to 9000`, `does not match ^...$`.
        public var description: String {
            switch self {
            case .pattern(let pattern): "does not match \(pattern)"
            case .range(let minimum?, let maximum?): "outside \(minimum) to \(maximum)"
            case .range(let minimum?, nil): "below \(minimum) or not a whole number"
            case .range(nil, let maximum?): "above \(maximum) or not a whole number"
            case .range(nil, nil): "not a whole number"
            }
        }
    }

    /// Nil when `value` may be used: it matches `pattern` (Swift's Regex, searched like `grep -E`; `$` matches only at
    /// the very end, so a value ending in a newline fails `^...$`) and, with a bound, is a whole number within it. The
    /// agent and `nodeprofile export --fact` both check values with this.
    public func problem(with value: String) -> Problem? {
        guard (try? Regex(pattern)).map({ value.contains($0) }) == true else { return .pattern(pattern) }
        guard minimum != nil || maximum != nil else { return nil }
        guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(value),
            number >= (minimum ?? Int.min), number <= (maximum ?? Int.max)
        else { return .range(minimum: minimum, maximum: maximum) }
        return nil
    }
}
