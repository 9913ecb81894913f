import Yams

/// Turns Yams' errors into diagnostics at the right line and column, in plain words.
struct YAMLErrorTranslator {
    let source: SourceText

    func diagnostics(for error: YamlError) -> [Diagnostic] {
        let file = source.file
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "YAML syntax: \(problem)"
            if let context, context.mark.line > 0 {
                message += " (\(context.text) that starts at line \(context.mark.line), column \(context.mark.column))"
            }
            if problem.contains("tab") { message += "; indent with spaces, not tabs" }
            return [Diagnostic(.error, message, at: located(mark))]
        case .reader(let problem, let offset, let value, _):
            let location = offset.map(location(ofUTF8Offset:)) ?? SourceLocation(file: file, line: 1, column: 1)
            let shown = value >= 0 ? " (character U+\(String(value, radix: 16, uppercase: true)))" : ""
            return [Diagnostic(.error, "YAML cannot read this file: \(problem)\(shown)", at: location)]
        case .duplicatedKeysInMapping(let duplicates, let context):
            return duplicates.map { key in duplicateKey(key, first: context.mark) }
        default:
            return [Diagnostic(.error, "cannot read YAML: \(error)", at: .wholeFile(file))]
        }
    }

    private func located(_ mark: Mark) -> SourceLocation {
        let line = source.line(mark.line) ?? ""
        return SourceLocation(file: source.file, line: mark.line, column: mark.column,
                              length: TokenScanner.length(in: line, column: mark.column))
    }

    /// Points at the second occurrence of a duplicated key: the first one is where Yams looked.
    private func duplicateKey(_ key: String, first: Mark) -> Diagnostic {
        let firstText = "first at line \(first.line), column \(first.column)"
        let message = "duplicate key '\(key.debugEscaped)' (\(firstText)); each key may appear once in a mapping"
        var lineNumber = first.line + 1
        while let line = source.line(lineNumber) {
            if let column = keyColumn(key, in: line), column == first.column {
                return Diagnostic(.error, message,
                                  at: SourceLocation(file: source.file, line: lineNumber, column: column, length: key.count))
            }
            lineNumber += 1
        }
        // Flow mappings or keys on one line: fall back to the first occurrence.
        return Diagnostic(.error, message, at: located(first))
    }

    /// The column at which `line` holds `key:` as a block key (after indentation and `- `), if it does.
    private func keyColumn(_ key: String, in line: Substring) -> Int? {
        var rest = line.unicodeScalars[...]
        var column = 1
        while let first = rest.first, first == " " || first == "-" {
            rest = rest.dropFirst()
            column += 1
        }
        let text = String(String.UnicodeScalarView(rest))
        for candidate in [key, "\"\(key)\"", "'\(key)'"] where text.hasPrefix(candidate) {
            let after = text.dropFirst(candidate.count).drop { $0 == " " }
            if after.first == ":" { return column }
        }
        return nil
    }

    private func location(ofUTF8Offset offset: Int) -> SourceLocation {
        var line = 1, column = 1, consumed = 0
        for scalar in source.text.unicodeScalars {
            if consumed >= offset { break }
            consumed += UTF8.width(scalar)
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return SourceLocation(file: source.file, line: line, column: column)
    }
}
