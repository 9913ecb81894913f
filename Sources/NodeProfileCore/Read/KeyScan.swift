/// Finds mapping keys that are not plain scalars, before the YAML composer sees them.
///
/// The composer checks keys for duplicates by hashing them; a key that is an alias (`*a: x`) or a collection
/// (`[*a]: x`, `? ...`) makes it hash whatever the alias expands to, which grows exponentially with nested
/// anchors (found by the fuzzer as a timeout). Profiles only ever use plain names as keys, so such keys are refused.
enum KeyScan {
    /// Most aliases a profile may use. With n aliases a node can expand at most by the largest product of
    /// numbers summing to n (about 3^(n/3): 324 for 16), which bounds what any later step can be made to walk.
    static let maxAliases = 16

    /// The first line and column of a non-scalar key, or of the alias past the limit, with the message, or nil.
    ///
    /// Quotes hide their content only where YAML can start a quoted scalar (the start of a value), and only up to
    /// the end of their line: an apostrophe inside plain text (`it's`) must not hide the rest of the file from the scan.
    static func firstComplexKey(in text: String) -> (line: Int, column: Int, what: String)? {
        var state = State()
        var lineNumber = 1
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { lineNumber += 1 }
            // A line of ASCII without '\r' has one Character per byte ("\r\n" would be one Character): it is scanned
            // as bytes, which gives the same answer as Characters without building them (most of a build's scan time).
            let found: (Int, String)?
            if line.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
                found = scan(line.utf8.map(ASCII.init), &state)
            } else {
                found = scan(Array(line), &state)
            }
            if let (index, what) = found { return (lineNumber, index + 1, what) }
        }
        return nil
    }

    /// What carries from line to line.
    private struct State {
        var aliases = 0
        var flowDepth = 0
    }

    /// One byte of an ASCII line, written as a character literal like the Characters of other lines.
    private struct ASCII: Equatable, ExpressibleByUnicodeScalarLiteral {
        var byte: UInt8
        init(_ byte: UInt8) { self.byte = byte }
        init(unicodeScalarLiteral scalar: Unicode.Scalar) { byte = UInt8(scalar.value) }
    }

    /// The first problem on one line, as its index in `characters` and the message.
    private static func scan<Element: Equatable & ExpressibleByUnicodeScalarLiteral>(
        _ characters: [Element], _ state: inout State
    ) -> (Int, String)? {
        func isAny(_ character: Element, of set: [Element]) -> Bool { set.contains(character) }
        var index = 0
        var tokenStart = true
        var valueStart = true
        var quote: Element? = nil
        while index < characters.count {
            let character = characters[index]
            if let open = quote {
                // In double quotes a backslash escapes the next character, \" included.
                if open == "\"" && character == "\\" {
                    index += 2
                    continue
                }
                if character == open { quote = nil }
                index += 1
                continue
            }
            let next: Element = index + 1 < characters.count ? characters[index + 1] : " "
            switch character {
            case " ", "\t":
                break
            // As the scan has always read it, `where` binds to the last pattern only: a double quote always opens a
            // quote, an apostrophe only where a value may start.
            case "\"",
                "'" where valueStart:
                quote = character
            case "#" where index == 0 || characters[index - 1] == " " || characters[index - 1] == "\t":
                return nil
            case "?" where tokenStart:
                // A '?' that starts a token is YAML's explicit-key indicator, even before an alias in flow context.
                return (index, "an explicit key ('?') is not allowed: profile keys are plain names such as 'network'")
            case "*" where tokenStart:
                state.aliases += 1
                if state.aliases > maxAliases {
                    return (index, "a profile may use at most \(maxAliases) aliases (*name); this is one more")
                }
                let end =
                    characters[(index + 1)...].firstIndex { isAny($0, of: [" ", ",", "[", "]", "{", "}", ":"]) }
                    ?? characters.count
                if followedByKeyColon(characters, from: end) {
                    return (
                        index, "an alias used as a key is not allowed: profile keys are plain names such as 'network'"
                    )
                }
            case "]", "}":
                state.flowDepth = max(0, state.flowDepth - 1)
                if followedByKeyColon(characters, from: index + 1) {
                    return (
                        index,
                        "a list or mapping used as a key is not allowed: profile keys are plain names such as 'network'"
                    )
                }
            default:
                break
            }
            // Where a value (and so a quoted scalar) may start next: after an indicator, or inside flow collections.
            switch character {
            case " ", "\t": break
            case "[",
                "{" where valueStart || state.flowDepth > 0: // `where`: as above, for '{' only
                state.flowDepth += 1
                valueStart = true
            case "," where state.flowDepth > 0: valueStart = true
            case "-" where valueStart && next == " ", "?" where valueStart && next == " ", ":" where next == " ":
                valueStart = true
            default: valueStart = false
            }
            tokenStart = isAny(character, of: [" ", "\t", "[", "{", ",", "-"])
            index += 1
        }
        return nil
    }

    /// True when the characters from `start` are blanks and then a `:` that ends a key.
    private static func followedByKeyColon<Element: Equatable & ExpressibleByUnicodeScalarLiteral>(
        _ characters: [Element], from start: Int
    ) -> Bool {
        var after = start
        while after < characters.count, characters[after] == " " { after += 1 }
        return after < characters.count && characters[after] == ":"
            && (after + 1 == characters.count || [" ", ",", "]", "}"].contains(characters[after + 1]))
    }
}
