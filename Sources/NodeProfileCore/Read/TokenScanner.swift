/// Looks at the raw source line around a node's mark: how long its token is, and whether it carries a tag.
enum TokenScanner {
    /// The scalars of `line` from a 1-based column on.
    private static func tail(of line: Substring, column: Int) -> Substring.UnicodeScalarView.SubSequence {
        let scalars = line.unicodeScalars
        let start =
            scalars.index(scalars.startIndex, offsetBy: max(0, column - 1), limitedBy: scalars.endIndex)
            ?? scalars.endIndex
        return scalars[start...]
    }

    /// The length in scalars of the token that starts at `column`: a quoted string through its closing
    /// quote, a plain scalar up to `: `, ` #`, a flow indicator or the end of the line.
    static func length(in line: Substring, column: Int) -> Int {
        var rest = tail(of: line, column: column)
        // Skip node properties (&anchor, !tag) that precede the content.
        while let first = rest.first, first == "&" || first == "!" {
            let word = rest.prefix { $0 != " " }
            rest = rest.dropFirst(word.count).drop { $0 == " " }
        }
        guard let first = rest.first else { return 1 }
        if first == "\"" || first == "'" {
            var count = 1
            var escaped = false
            for scalar in rest.dropFirst() {
                count += 1
                if escaped {
                    escaped = false
                    continue
                }
                if first == "\"" && scalar == "\\" {
                    escaped = true
                    continue
                }
                if scalar == first { return count }
            }
            return count
        }
        if first == "[" || first == "{" || first == "|" || first == ">" { return 1 }
        var count = 0
        var previous: Unicode.Scalar = " "
        let array = Array(rest)
        for (index, scalar) in array.enumerated() {
            let next: Unicode.Scalar = index + 1 < array.count ? array[index + 1] : " "
            if scalar == ":" && next == " " { break }
            if scalar == "#" && previous == " " { break }
            if scalar == "," || scalar == "]" || scalar == "}" { break }
            count += 1
            previous = scalar
        }
        // Trailing blanks are not part of the token.
        while count > 1, array[count - 1] == " " { count -= 1 }
        return max(1, count)
    }

    /// The explicit tag (`!!int`, `!local`) written before the node at `column`, if any.
    static func tag(in line: Substring, column: Int) -> String? {
        var rest = tail(of: line, column: column)
        while let first = rest.first, first == "&" || first == "!" {
            let word = String(String.UnicodeScalarView(rest.prefix { $0 != " " }))
            if first == "!" { return word }
            rest = rest.dropFirst(word.unicodeScalars.count).drop { $0 == " " }
        }
        return nil
    }

    /// True when the scalar at `column` starts with U+FEFF, written literally or as a `\uFEFF` escape.
    /// Yams builds scalars with Foundation's UTF-8 decoding, which drops a leading U+FEFF as a byte order mark.
    static func startsWithZeroWidthNoBreakSpace(in line: Substring, column: Int) -> Bool {
        var rest = tail(of: line, column: column)
        while let first = rest.first, first == "&" || first == "!" {
            let word = rest.prefix { $0 != " " }
            rest = rest.dropFirst(word.count).drop { $0 == " " }
        }
        guard let first = rest.first else { return false }
        if first == "'" { return rest.dropFirst().first == "\u{FEFF}" }
        if first != "\"" { return first == "\u{FEFF}" }
        let content = String(String.UnicodeScalarView(rest.dropFirst().prefix(10))).lowercased()
        return content.hasPrefix("\u{FEFF}") || content.hasPrefix("\\ufeff") || content.hasPrefix("\\u0000feff")
    }
}
