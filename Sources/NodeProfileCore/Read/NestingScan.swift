/// A cheap pass over raw YAML text that bounds how deeply it can nest, before the recursive parser sees it.
///
/// The YAML composer recurses once per level, so a file of a million `[` would overflow the stack.
/// The bound is conservative: for each line it adds twice the indentation (a block sequence may sit
/// at its parent key's indentation), the indicators that can open a compact collection on that line
/// (`- `, `? `, `: `), and the flow brackets still open. Real nesting never exceeds it.
enum NestingScan {
    /// The first line whose bound exceeds `limit`, with the bound, or nil when the text is within it.
    static func firstExcess(in text: String, limit: Int) -> (line: Int, column: Int, bound: Int)? {
        var flowDepth = 0
        var quote: UInt8? = nil
        var lineNumber = 0
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var indent = 0
            var indicators = 0
            var seenContent = false
            var previous: UInt8 = UInt8(ascii: " ")
            var index = line.startIndex
            var column = 0
            lineScan: while index < line.endIndex {
                let byte = line[index]
                column += 1
                if let open = quote {
                    if open == UInt8(ascii: "\"") && byte == UInt8(ascii: "\\") {
                        // In double quotes a backslash escapes the next byte, \" included.
                        let next = line.index(after: index)
                        if next < line.endIndex {
                            index = next
                            column += 1
                        }
                    } else if byte == open {
                        quote = nil
                    }
                } else {
                    switch byte {
                    case UInt8(ascii: " ") where !seenContent:
                        indent += 1
                    case UInt8(ascii: "#") where previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t"):
                        break lineScan
                    case UInt8(ascii: "\""), UInt8(ascii: "'"):
                        quote = byte
                    case UInt8(ascii: "["), UInt8(ascii: "{"):
                        flowDepth += 1
                    case UInt8(ascii: "]"), UInt8(ascii: "}"):
                        flowDepth = max(0, flowDepth - 1)
                    case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
                        let next = line.index(after: index)
                        if next == line.endIndex || line[next] == UInt8(ascii: " ") { indicators += 1 }
                    default:
                        break
                    }
                    if byte != UInt8(ascii: " ") { seenContent = true }
                }
                previous = byte
                index = line.index(after: index)
                let bound = 2 * (indent + 1) + indicators + flowDepth
                if bound > limit { return (lineNumber, column, bound) }
            }
        }
        return nil
    }
}
