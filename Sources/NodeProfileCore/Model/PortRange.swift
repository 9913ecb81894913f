/// A port range such as 30000-32767.
public struct PortRange: Sendable, Hashable, CustomStringConvertible {
    /// Lowest port in the range.
    public var lower: Int
    /// Highest port in the range.
    public var upper: Int

    /// The ports `lower` to `upper`, both included.
    public init(lower: Int, upper: Int) {
        self.lower = lower
        self.upper = upper
    }

    /// Parses `FIRST-LAST`, or says why it cannot.
    public static func parse(_ text: String) -> Result<PortRange, ValueError> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let lower = ScalarSyntax.integer(String(parts[0])),
            let upper = ScalarSyntax.integer(String(parts[1])),
            !parts[0].hasPrefix("+"), !parts[1].hasPrefix("+")
        else {
            return .failure(ValueError("expected FIRST-LAST such as 30000-32767"))
        }
        guard (1...65535).contains(lower), (1...65535).contains(upper) else {
            return .failure(ValueError("ports must be from 1 to 65535"))
        }
        guard lower <= upper else { return .failure(ValueError("range runs backwards; write \(upper)-\(lower)")) }
        return .success(PortRange(lower: lower, upper: upper))
    }

    /// True when `port` lies in the range.
    public func contains(_ port: Int) -> Bool { port >= lower && port <= upper }

    /// `FIRST-LAST`.
    public var description: String { "\(lower)-\(upper)" }
}
