@testable import NodeProfileCore
import Testing

/// What a person sees: the compiler-style line, the source line, and a caret under the token.
@Suite("Diagnostic formatting")
struct DiagnosticFormatterTests {
    let source = SourceText(file: "p.yaml", text: "network:\n  mtu: 9500\n")

    @Test("text has position, severity, message, path, source line and caret")
    func text() {
        let diagnostic = Diagnostic(.error, "too big", at: SourceLocation(file: "p.yaml", line: 2, column: 8, length: 4),
                                    path: "network.mtu")
        let text = DiagnosticFormatter(sources: ["p.yaml": source]).text(diagnostic)
        #expect(text == """
            p.yaml:2:8: error: too big [network.mtu]
             2 |   mtu: 9500
               |        ^~~~

            """)
    }

    @Test("colour codes appear only when asked for")
    func colour() {
        let diagnostic = Diagnostic(.warning, "w", at: .wholeFile("p.yaml"))
        #expect(!DiagnosticFormatter(colour: false).text(diagnostic).contains("\u{1B}["))
        #expect(DiagnosticFormatter(colour: true).text(diagnostic).contains("\u{1B}[35;1mwarning:"))
    }

    @Test("whole-file problems have no line or caret")
    func wholeFile() {
        let text = DiagnosticFormatter().text(Diagnostic(.error, "no such file", at: .wholeFile("x.yaml")))
        #expect(text == "x.yaml: error: no such file\n")
    }

    @Test("JSON has one object per diagnostic with the agreed keys")
    func json() {
        let diagnostics = [Diagnostic(.error, "bad \"q\"", at: SourceLocation(file: "p.yaml", line: 2, column: 8), path: "network.mtu"),
                           Diagnostic(.warning, "w", at: .wholeFile("p.yaml"))]
        let json = DiagnosticFormatter.json(diagnostics)
        #expect(json.contains("\"severity\": \"error\",\n    \"message\": \"bad \\\"q\\\"\",\n    \"file\": \"p.yaml\",\n    \"line\": 2,\n    \"column\": 8,\n    \"path\": \"network.mtu\""))
        #expect(json.contains("\"path\": null"))
    }

    @Test("caret length follows quoted tokens through their closing quote")
    func quotedTokenLength() {
        let line: Substring = "  http: \"http://a:b@c\" # comment"
        #expect(TokenScanner.length(in: line, column: 9) == 14)
        #expect(TokenScanner.length(in: "  key: plain value # c", column: 8) == 11)
        #expect(TokenScanner.length(in: "  name: x", column: 3) == 4)
    }
}
