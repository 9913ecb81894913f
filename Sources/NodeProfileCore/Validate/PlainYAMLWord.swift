/// Values that ovn.yaml carries as plain, unquoted words. MicroShift 4.13's configure-ovs.sh reads
/// `disableOVSInit` and `gatewayInterface` with `awk "/KEY:/ && ! /#.*KEY:/ {print \$2}"`: the value is the
/// second whitespace-separated field of the key's line, quotes and all. MicroShift's Go code reads the same
/// file as YAML 1.1 (gopkg.in/yaml.v2 under sigs.k8s.io/yaml). A value must therefore be one word that both
/// read as the same string: no quotes, no spaces, and nothing YAML 1.1 resolves to a bool, null or number.
public enum PlainYAMLWord {
    /// Words gopkg.in/yaml.v2 resolves to a bool or null when unquoted (its resolve table).
    static let resolvedWords: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
        "null", "Null", "NULL", "~",
    ]

    /// Why `word` cannot be written as a plain ovn.yaml value, or nil when it can.
    public static func problem(_ word: String) -> String? {
        if resolvedWords.contains(word) {
            let kind = ["null", "Null", "NULL", "~"].contains(word) ? "null" : "a boolean"
            return "'\(word.debugEscaped)' would be read as \(kind), not a name, by MicroShift's YAML 1.1 parser"
        }
        guard let first = word.unicodeScalars.first, isLetter(first) else {
            return
                "'\(word.debugEscaped)' must start with a letter: YAML 1.1 may read a leading digit, sign or dot as a number (1e3, 0x10, .inf)"
        }
        if let bad = word.unicodeScalars.first(where: {
            !(isLetter($0) || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0))
        }) {
            return
                "'\(word.debugEscaped)' holds '\(String(bad).debugEscaped)': configure-ovs.sh reads the value with awk as one unquoted word, so only letters, digits, '_', '.' and '-' are allowed"
        }
        return nil
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
