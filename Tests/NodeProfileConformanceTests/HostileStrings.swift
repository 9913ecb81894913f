import Foundation
import NodeProfileTestSupport

/// Deterministic hostile strings for the property tests: every value mixes at least one piece that some
/// generated format treats specially (line breaks, quotes, shell and RPM expansions, nft and YAML syntax,
/// NUL, non-ASCII) with ordinary name-like text, sometimes padded with spaces or made very long.
enum HostileStrings {
    /// The fixed seed; `NODEPROFILE_PROPERTY_SEED` overrides it to explore (failures print the seed in use).
    static let defaultSeed: UInt64 = 0x6E6F_6465_7072_6F66 // "nodeprof"

    /// The seed in use.
    static var seed: UInt64 {
        let text = ProcessInfo.processInfo.environment["NODEPROFILE_PROPERTY_SEED"] ?? ""
        return UInt64(text) ?? defaultSeed
    }

    /// Pieces that some consumer reads as syntax.
    static let hostilePieces: [String] = [
        "\n", "\r", "\r\n", "\t", "\0", "'", "\"", "\\", "$(id)", "`id`", "${HOME}", "$x", "%{name}", "%(rm -rf /)",
        "%%", "%", "%files", "%{?nil}", ";", "#", "# c", "{", "}", "[", "]", "{}", "[]", "=", "==", ",", "*", "?",
        ": ", "- ", "&a", "*a", "!", "!!str", "|", ">", "@", "/", ":", "..", " ", "  ", "é", "💥", "\u{200F}",
        "\u{202E}",
        "\u{2028}", "\u{85}", "\u{7F}", "\u{1B}[31m", "\u{FEFF}", "日本", "\\n", "\\x41", "\\u0041", "\\%", "%%%",
        "'\\''", "\"\"\"", "; rm -rf /", "&&", "||", "<", ">>", "~", "^", "+",
    ]

    /// Name-like text between the hostile pieces, so values sometimes pass the looser validators.
    static let plainCharacters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._")

    /// Classics every field is tried with, before the random ones (the first three are valid names and versions,
    /// so the accepted path of strict fields runs too).
    static let classics: [String] = [
        "a--b", "0x0", "1.0~rc1^git+x_y", "", " ", "a\nb", "a\r\nb", "line\n", "%files", "x\n%files\n/etc/shadow",
        "$(reboot)", "`reboot`", "'; rm -rf / #",
        "\"quoted\"", "a\\", "back\\slash", "%{name}", "%(echo pwned)", "100%", "%%", "#comment", "  # indented",
        "trailing ",
        " leading", "nul\0byte", "tab\there", "é", "💥", "\u{200F}rtl", "line\u{2028}sep", "key: value", "- item",
        "&anchor",
        "*alias", "!tag", "| block", "> folded", "a;b", "a=b", "[section]", "{json}", "eth*", "eth%d", "e0;", "ü-0",
        "a'b",
        "NO_PROXY=x", "http://[::1]:3128", "http://[\"$(id)%]:3128", "http://proxy.example.com:3128/%{x}",
        String(repeating: "A", count: 5000), String(repeating: "é", count: 5000), String(repeating: "%", count: 5000),
    ]

    /// `count` random hostile strings from `seed`, after the classics.
    static func values(count: Int, seed: UInt64 = seed, salt: UInt64) -> [String] {
        var random = SplitMix64(seed: seed ^ salt)
        return classics + (0..<count).map { _ in one(&random) }
    }

    /// One random value: 1-6 pieces, at least one of them hostile; one in 25 is stretched to about 5,000 characters.
    static func one(_ random: inout SplitMix64) -> String {
        var pieces: [String] = [hostilePieces.randomElement(using: &random)!]
        for _ in 0..<Int.random(in: 0...5, using: &random) {
            if Bool.random(using: &random) {
                pieces.append(hostilePieces.randomElement(using: &random)!)
            } else {
                pieces.append(
                    String(
                        (0..<Int.random(in: 1...6, using: &random)).map { _ in
                            plainCharacters.randomElement(using: &random)!
                        }))
            }
        }
        pieces.shuffle(using: &random)
        var value = pieces.joined()
        if Int.random(in: 0..<25, using: &random) == 0 {
            value = String(repeating: value, count: 5000 / max(1, value.count) + 1)
        }
        return value
    }

    /// A YAML double-quoted scalar that any YAML 1.2 reader turns back into exactly `value`.
    static func yamlQuoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\0": out += "\\0"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{FEFF}":
                out +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The value as Swift would write it, for failure messages.
    static func shown(_ value: String) -> String {
        let text = String(reflecting: value)
        return text.count > 300 ? String(text.prefix(300)) + "…\" (\(value.count) characters)" : text
    }
}
