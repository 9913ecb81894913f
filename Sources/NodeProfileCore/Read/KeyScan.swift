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
        var aliases = 0
        var flowDepth = 0
        var lineNumber = 1
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { lineNumber += 1 }
            let characters = Array(line)
            var index = 0
            var tokenStart = true
            var valueStart = true
            var quote: Character? = nil
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
                let next: Character = index + 1 < characters.count ? characters[index + 1] : " "
                switch character {
                case " ", "\t":
                    break
                case "\"", "'" where valueStart:
                    quote = character
                case "#" where index == 0 || characters[index - 1] == " " || characters[index - 1] == "\t":
                    index = characters.count
                    continue
                case "?" where tokenStart:
                    // A '?' that starts a token is YAML's explicit-key indicator, even before an alias in flow context.
                    return (lineNumber, index + 1, "an explicit key ('?') is not allowed: profile keys are plain names such as 'network'")
                case "*" where tokenStart:
                    aliases += 1
                    if aliases > maxAliases {
                        return (lineNumber, index + 1, "a profile may use at most \(maxAliases) aliases (*name); this is one more")
                    }
                    if followedByKeyColon(characters, from: characters[(index + 1)...].firstIndex { " ,[]{}:".contains($0) } ?? characters.count) {
                        return (lineNumber, index + 1, "an alias used as a key is not allowed: profile keys are plain names such as 'network'")
                    }
                case "]", "}":
                    flowDepth = max(0, flowDepth - 1)
                    if followedByKeyColon(characters, from: index + 1) {
                        return (lineNumber, index + 1, "a list or mapping used as a key is not allowed: profile keys are plain names such as 'network'")
                    }
                default:
                    break
                }
                // Where a value (and so a quoted scalar) may start next: after an indicator, or inside flow collections.
                switch character {
                case " ", "\t": break
                case "[", "{" where valueStart || flowDepth > 0: flowDepth += 1; valueStart = true
                case "," where flowDepth > 0: valueStart = true
                case "-" where valueStart && next == " ", "?" where valueStart && next == " ", ":" where next == " ": valueStart = true
                default: valueStart = false
                }
                tokenStart = " \t[{,-".contains(character)
                index += 1
            }
        }
        return nil
    }

    /// True when the characters from `start` are blanks and then a `:` that ends a key.
    private static func followedByKeyColon(_ characters: [Character], from start: Int) -> Bool {
        var after = start
        while after < characters.count, characters[after] == " " { after += 1 }
        return after < characters.count && characters[after] == ":"
            && (after + 1 == characters.count || " ,]}".contains(characters[after + 1]))
    }
}
