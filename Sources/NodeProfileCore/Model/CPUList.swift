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
