/// A kernel cpulist such as `0`, `0-3` or `0,2,4-5`: ascending, without repeats.
public struct CPUList: Sendable, Hashable, CustomStringConvertible {
    /// The ranges as written, each `lower...upper`.
    public var ranges: [ClosedRange<Int>]

    /// The highest CPU number the kernel supports (NR_CPUS is at most 8192).
    public static let maxCPU = 8191

    /// Parses `text`, or returns why it is not a valid cpulist.
    public static func parse(_ text: String) -> Result<CPUList, ValueError> {
        guard !text.isEmpty else {
            return .failure(ValueError("a CPU list must not be empty; for example \"0\" or \"0-3\""))
        }
        var ranges: [ClosedRange<Int>] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            let numbers = bounds.map { bound -> Int? in
                bound.allSatisfy { $0.isASCII && $0.isNumber } && !bound.isEmpty && bound.count <= 5 ? Int(bound) : nil
            }
            guard (1...2).contains(bounds.count), numbers.allSatisfy({ $0 != nil }) else {
                return .failure(
                    ValueError(
                        "'\(String(part).debugEscaped)' is not a CPU number or range; use kernel cpulist syntax such as 0,2,4-5"
                    ))
            }
            let lower = numbers[0]!
            let upper = numbers.last!!
            guard lower <= upper else {
                return .failure(ValueError("range \(part) runs backwards; write \(upper)-\(lower)"))
            }
            guard upper <= maxCPU else {
                return .failure(ValueError("CPU \(upper) is above the kernel's limit of \(maxCPU)"))
            }
            if let previous = ranges.last, lower <= previous.upperBound {
                return .failure(
                    ValueError(
                        lower >= previous.lowerBound
                            ? "CPU \(lower) is listed twice; list each CPU once"
                            : "CPU list must be ascending: \(part) comes after \(previous.upperBound)"))
            }
            ranges.append(lower...upper)
        }
        return .success(CPUList(ranges: ranges))
    }

    /// Kernel cpulist text, such as `0,2,4-5`.
    public var description: String {
        ranges.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
            .joined(separator: ",")
    }
}

/// A message explaining why a value was rejected.
public struct ValueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and what is allowed.
    public var description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}

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
