/// Renders diagnostics as compiler-style text or as JSON.
public struct DiagnosticFormatter: Sendable {
    /// Whether to add ANSI colours (only on a terminal, never with NO_COLOR).
    public var colour: Bool
    /// Source texts by file name, for the snippet and caret lines.
    public var sources: [String: SourceText]

    /// A formatter; pass the source texts whose lines the snippets show.
    public init(colour: Bool = false, sources: [String: SourceText] = [:]) {
        self.colour = colour
        self.sources = sources
    }

    /// `file:line:col: severity: message [path]`, then the source line and a caret under the token.
    public func text(_ diagnostic: Diagnostic) -> String {
        let location = diagnostic.location
        let position = location.line > 0 ? "\(location.file):\(location.line):\(location.column):" : "\(location.file):"
        let severity = paint(diagnostic.severity.rawValue + ":", code: code(for: diagnostic.severity))
        let path = diagnostic.path.map { " [\($0)]" } ?? ""
        var out =
            paint(position, code: "1") + " " + severity + " " + paint(diagnostic.message.debugEscaped, code: "1") + path
            + "\n"
        if location.line > 0, let line = sources[location.file]?.line(location.line) {
            // One character a column: tabs as spaces, invisible and control characters as '?', so the caret lines up.
            var shown = line.unicodeScalars.map { scalar -> Character in
                scalar == "\t"
                    ? " "
                    : (scalar.value < 0x20 || scalar.value == 0x7F || String.isInvisible(scalar))
                        ? "?" : Character(scalar)
            }
            var column = location.column
            // One screen line: a window of `snippetWidth` columns around the token, cut with "...".
            if shown.count > Self.snippetWidth {
                let start = max(0, min(column - 1 - Self.snippetWidth / 3, shown.count - Self.snippetWidth))
                let end = min(shown.count, start + Self.snippetWidth)
                shown =
                    (start > 0 ? Array("...") : []) + Array(shown[start..<end])
                    + (end < shown.count ? Array("...") : [])
                column = column - start + (start > 0 ? 3 : 0)
            }
            let gutter = String(location.line)
            let pad = String(repeating: " ", count: gutter.count)
            let available = max(
                1,
                shown.count - column + 1 - (shown.count > Self.snippetWidth && shown.suffix(3) == Array("...") ? 3 : 0))
            let width = min(location.length, available)
            let caret =
                String(repeating: " ", count: max(0, column - 1)) + "^"
                + String(repeating: "~", count: max(0, width - 1))
            out += " \(gutter) | \(String(shown))\n"
            out += " \(pad) | \(paint(caret, code: "32;1"))\n"
        }
        return out
    }

    /// The widest source line a snippet shows, in characters.
    static let snippetWidth = 100

    /// All diagnostics as one JSON array of objects: severity, message, file, line, column, path.
    public static func json(_ diagnostics: [Diagnostic]) -> String {
        JSONValue.array(
            diagnostics.map { diagnostic in
                .object([
                    ("severity", .string(diagnostic.severity.rawValue)),
                    ("message", .string(diagnostic.message)),
                    ("file", .string(diagnostic.location.file)),
                    ("line", .int(diagnostic.location.line)),
                    ("column", .int(diagnostic.location.column)),
                    ("path", diagnostic.path.map(JSONValue.string) ?? .null),
                ])
            }
        ).serialized() + "\n"
    }

    private func code(for severity: Severity) -> String {
        switch severity {
        case .error: "31;1"
        case .warning: "35;1"
        case .note: "36;1"
        }
    }

    private func paint(_ text: String, code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
