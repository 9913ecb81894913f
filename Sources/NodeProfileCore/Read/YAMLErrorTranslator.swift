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
            if let plain = plainWords(problem, at: mark) { return [plain] }
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

    /// The common slips in plain words, at the line that holds them: a tab in the indentation, and a key indented
    /// deeper than the key before it (YAML reads its `:` as a value inside the previous line's value).
    private func plainWords(_ problem: String, at mark: Mark) -> Diagnostic? {
        guard let line = source.line(mark.line) else { return nil }
        let indentation = line.prefix { $0 == " " || $0 == "\t" }
        if indentation.contains("\t") {
            let column =
                indentation.distance(
                    from: indentation.startIndex, to: indentation.firstIndex(of: "\t") ?? indentation.startIndex) + 1
            return Diagnostic(
                .error, "tab characters are not allowed for indentation; indent with spaces",
                at: SourceLocation(file: source.file, line: mark.line, column: column, length: 1))
        }
        if problem.contains("mapping values are not allowed") {
            var previous = mark.line - 1
            while previous > 0, let text = source.line(previous),
                text.allSatisfy({ $0 == " " }) || text.drop(while: { $0 == " " }).hasPrefix("#")
            {
                previous -= 1
            }
            let column = indentation.count + 1
            let before = source.line(previous).map { $0.prefix { $0 == " " }.count + 1 } ?? 1
            let key = line.dropFirst(indentation.count).prefix { $0 != ":" }
            let message =
                column > before
                ? "'\(String(key).debugEscaped)' is indented deeper than line \(previous) (column \(column), not \(before)); keys of one mapping must start in the same column, or line \(previous) lacks a ':'"
                : "unexpected ':' in a value; quote the value if it holds ': '"
            return Diagnostic(
                .error, message,
                at: SourceLocation(file: source.file, line: mark.line, column: column, length: max(1, key.count)))
        }
        return nil
    }

    private func located(_ mark: Mark) -> SourceLocation {
        let line = source.line(mark.line) ?? ""
        return SourceLocation(
            file: source.file, line: mark.line, column: mark.column,
            length: TokenScanner.length(in: line, column: mark.column))
    }

    /// Points at the second occurrence of a duplicated key: the first one is where Yams looked.
    private func duplicateKey(_ key: String, first: Mark) -> Diagnostic {
        let firstText = "first at line \(first.line), column \(first.column)"
        let message = "duplicate key '\(key.debugEscaped)' (\(firstText)); each key may appear once in a mapping"
        var lineNumber = first.line + 1
        while let line = source.line(lineNumber) {
            if let column = keyColumn(key, in: line), column == first.column {
                return Diagnostic(
                    .error, message,
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
        var line = 1
        var column = 1
        var consumed = 0
        for scalar in source.text.unicodeScalars {
            if consumed >= offset { break }
            consumed += UTF8.width(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourceLocation(file: source.file, line: line, column: column)
    }
}
