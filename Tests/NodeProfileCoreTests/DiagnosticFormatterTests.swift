import Testing

@testable import NodeProfileCore

/// What a person sees: the compiler-style line, the source line, and a caret under the token.
@Suite("Diagnostic formatting")
struct DiagnosticFormatterTests {
    let source = SourceText(file: "p.yaml", text: "network:\n  mtu: 9500\n")

    @Test("text has position, severity, message, path, source line and caret")
    func text() {
        let diagnostic = Diagnostic(
            .error, "too big", at: SourceLocation(file: "p.yaml", line: 2, column: 8, length: 4),
            path: "network.mtu")
        let text = DiagnosticFormatter(sources: ["p.yaml": source]).text(diagnostic)
        #expect(
            text == """
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
        let diagnostics = [
            Diagnostic(
                .error, "bad \"q\"", at: SourceLocation(file: "p.yaml", line: 2, column: 8), path: "network.mtu"),
            Diagnostic(.warning, "w", at: .wholeFile("p.yaml")),
        ]
        let json = DiagnosticFormatter.json(diagnostics)
        #expect(
            json.contains(
                "\"severity\": \"error\",\n    \"message\": \"bad \\\"q\\\"\",\n    \"file\": \"p.yaml\",\n    \"line\": 2,\n    \"column\": 8,\n    \"path\": \"network.mtu\""
            ))
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

/// The formatter's share of the diagnostics polish: messages and snippets a terminal cannot garble.
@Suite("Diagnostic formatting: hostile text")
struct DiagnosticFormatterPolishTests {
    @Test("control and invisible characters in a message are shown escaped")
    func escapedMessage() {
        let text = DiagnosticFormatter().text(
            Diagnostic(.error, "bad 'a\u{2028}b\u{1B}[31mc\u{202E}d'", at: .wholeFile("p.yaml")))
        #expect(text == "p.yaml: error: bad 'a\\u{2028}b\\u{1b}[31mc\\u{202e}d'\n")
    }

    @Test("a long source line is cut to one screen line around the token, the caret still under it")
    func oneScreenLine() {
        let line = "  name: \"" + String(repeating: "a", count: 150) + "X" + String(repeating: "b", count: 150) + "\""
        let source = SourceText(file: "p.yaml", text: line + "\n")
        let text = DiagnosticFormatter(sources: ["p.yaml": source]).text(
            Diagnostic(.error, "here", at: SourceLocation(file: "p.yaml", line: 1, column: 160, length: 1)))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1].count <= DiagnosticFormatter.snippetWidth + 12, "\(lines[1].count)")
        #expect(lines[1].hasPrefix(" 1 | ...") && lines[1].hasSuffix("..."))
        let caret = lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
        let token = lines[1].firstIndex(of: "X").map { lines[1].distance(from: lines[1].startIndex, to: $0) }
        #expect(caret != nil && caret == token)
    }
}
