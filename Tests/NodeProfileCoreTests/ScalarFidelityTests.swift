import Testing

@testable import NodeProfileCore

/// The front end hands validation exactly the string the profile spells, found by the hostile-string property tests.
@Suite("Scalar fidelity")
struct ScalarFidelityTests {
    private func description(of scalar: String) -> (String?, [Diagnostic]) {
        let text = "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: t\n  description: \(scalar)\n"
        let result = testCompiler.compile(.bytes(Array(text.utf8), file: "t.yaml"), resources: InMemoryResources())
        return (result.profile?.metadata.description, result.diagnostics)
    }

    @Test(
        "a leading U+FEFF survives, whether escaped or literal (Foundation's UTF-8 decoding in Yams drops it)",
        arguments: [
            ("\"\\uFEFFzwnbsp\"", "\u{FEFF}zwnbsp"), ("\"\\U0000feffzwnbsp\"", "\u{FEFF}zwnbsp"),
            ("'\u{FEFF}zwnbsp'", "\u{FEFF}zwnbsp"), ("\u{FEFF}zwnbsp", "\u{FEFF}zwnbsp"),
            ("\"a\\uFEFFb\"", "a\u{FEFF}b"), ("\"\\\\uFEFF\"", "\\uFEFF"),
        ])
    func zeroWidthNoBreakSpace(scalar: String, expected: String) {
        let (read, diagnostics) = description(of: scalar)
        #expect(read == expected, "\(listing(diagnostics))")
    }

    @Test("an escaped quote inside a double-quoted value does not end it for the key scan ('{?' stays text)")
    func escapedQuoteInKeyScan() {
        let (read, diagnostics) = description(of: "\"say \\\"hi\\\" %{?nil} {? x}\"")
        #expect(read == "say \"hi\" %{?nil} {? x}", "\(listing(diagnostics))")
    }

    @Test("escaped quotes do not end a double-quoted value for the nesting scan ('- ' inside stays text)")
    func escapedQuoteInNestingScan() {
        let value = String(repeating: "- x\",", count: 600)
        let (read, diagnostics) = description(of: HostileQuote.yaml(value))
        #expect(read == value, "\(listing(diagnostics))")
    }

    @Test("an apostrophe in plain text does not hide a later alias key from the key scan (the composer would hang)")
    func apostropheInPlainText() {
        let text =
            "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: t\n  description: it's\n"
            + "a: &a [x]\nb: {*a : 1}\n"
        let result = testCompiler.compile(.bytes(Array(text.utf8), file: "t.yaml"), resources: InMemoryResources())
        #expect(
            result.diagnostics.contains {
                $0.message.contains("an alias used as a key is not allowed") && $0.location.line == 7
            },
            "\(listing(result.diagnostics))")
    }

    @Test(
        "a quoted value that starts after a flow comma or an indicator still hides its content",
        arguments: ["  description: 'a *b: c'\n", "  description: \"? x\"\n", "  description: {k: 'x, *y: z'}\n"])
    func quotedValuesStayText(line: String) {
        #expect(KeyScan.firstComplexKey(in: "metadata:\n" + line) == nil)
    }

    @Test("an explicit key after a closed double-quoted value is still refused")
    func explicitKeyAfterQuotedValue() {
        let text = "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata: {name: \"t\\\\\", ? description: x}\n"
        let result = testCompiler.compile(.bytes(Array(text.utf8), file: "t.yaml"), resources: InMemoryResources())
        #expect(
            result.diagnostics.contains {
                $0.message.contains("an explicit key ('?') is not allowed") && $0.location.column == 25
            },
            "\(listing(result.diagnostics))")
    }
}

/// YAML double quotes around a value with only `\` and `"` in it escaped.
enum HostileQuote {
    static func yaml(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
