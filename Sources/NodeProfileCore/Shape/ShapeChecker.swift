/// Checks a document against a `Shape`: unknown keys (with the nearest valid one), refused features,
/// missing required fields, wrong types, enum words, integer ranges and list sizes.
/// It reports every problem and remembers which paths are unusable, so later rules skip them.
public struct ShapeChecker {
    /// Everything found.
    public private(set) var diagnostics: [Diagnostic] = []
    /// Paths whose value failed the structural check; semantic rules must not read them.
    public private(set) var invalid: Set<ProfilePath> = []
    /// Paths the user evidently meant to write but misspelt (`adress` -> `address`); rules treat them as given.
    public private(set) var misspelt: Set<ProfilePath> = []

    /// A checker that has found nothing yet.
    public init() {}

    /// Checks `value` (at `path`) against `shape`.
    public mutating func check(_ value: YAMLValue, against shape: Shape, at path: ProfilePath, note: String? = nil) {
        switch shape {
        case .object(let object): checkObject(value, object, path, note)
        case .list(let item, let rules): checkList(value, item, rules, path, note)
        case .dictionary(let item): checkDictionary(value, item, path)
        case .text(let rules): checkText(value, rules, path, note)
        case .integer(let min, let max): checkInteger(value, min: min, max: max, path, note)
        case .boolean: checkBoolean(value, path)
        case .choice(let words): checkChoice(value, words, path)
        case .autoOr(let inner): checkAutoOr(value, inner, path, note)
        }
    }

    private mutating func fail(_ message: String, _ node: YAMLValue, _ path: ProfilePath, severity: Severity = .error) {
        diagnostics.append(
            Diagnostic(severity, message, at: node.location, path: path.description.isEmpty ? nil : path.description))
        if severity == .error { invalid.insert(path) }
    }

    private func typeError(_ expected: String, _ node: YAMLValue, _ note: String?) -> String {
        "expected \(expected), found \(node.kindDescription)" + (note.map { "; \($0)" } ?? "")
    }

    private mutating func checkObject(_ value: YAMLValue, _ object: ObjectShape, _ path: ProfilePath, _ note: String?) {
        guard let entries = value.entries else {
            if let hint = ShapeHints.missingColon(value, object) { return fail(hint, value, path) }
            fail(
                typeError("a mapping of " + object.fields.map(\.name).joined(separator: ", "), value, note), value, path
            )
            return
        }
        let known = object.fields.map(\.name)
        for entry in entries {
            guard let key = entry.key.scalarText else { continue }
            let childPath = path.appending(key)
            if let field = object.field(key) {
                check(entry.value, against: field.shape, at: childPath, note: field.typeNote)
            } else if let reason = RefusedFeatures.reason(for: key) {
                fail("'\(key.debugEscaped)' is refused: \(reason)", entry.key, childPath)
            } else if let near = Suggestion.nearest(to: key, in: known) {
                misspelt.insert(path.appending(near))
                fail("unknown key '\(key.debugEscaped)'; did you mean '\(near)'?", entry.key, childPath)
            } else if let hint = ShapeHints.misplaced(key, at: path) {
                fail(hint, entry.key, childPath)
            } else {
                fail(
                    "unknown key '\(key.debugEscaped)'; allowed here: \(known.joined(separator: ", "))", entry.key,
                    childPath)
            }
        }
        let present = Set(entries.compactMap(\.key.scalarText))
        for field in object.fields where field.required && !present.contains(field.name) {
            fail("missing required key '\(field.name)': \(field.summary)", value, path.appending(field.name))
        }
        for group in object.exactlyOne {
            let given = group.filter(present.contains)
            if given.count != 1 {
                let names = group.map { "'\($0)'" }.joined(separator: " or ")
                let what = given.isEmpty ? "neither is given" : "both are given"
                fail("exactly one of \(names) is required; \(what)", value, path)
            }
        }
    }

    private mutating func checkList(
        _ value: YAMLValue, _ item: Shape, _ rules: ListRules, _ path: ProfilePath, _ note: String?
    ) {
        guard let items = value.items else {
            let hint = value.scalarText.map { _ in "; write it as a list: [\(value.scalarText!.debugEscaped)]" } ?? ""
            fail(typeError("a list", value, note) + (value.isNull ? "" : hint), value, path)
            return
        }
        if items.count < rules.minItems {
            fail("needs at least \(rules.minItems) item\(rules.minItems == 1 ? "" : "s")", value, path)
        }
        if let max = rules.maxItems, items.count > max {
            fail(
                "at most \(max) item\(max == 1 ? "" : "s") allowed" + (rules.maxReason.map { ": \($0)" } ?? ""),
                items[max], path.appending(index: max))
        }
        for (index, element) in items.enumerated() {
            check(element, against: item, at: path.appending(index: index))
        }
    }

    private mutating func checkDictionary(_ value: YAMLValue, _ item: Shape, _ path: ProfilePath) {
        guard let entries = value.entries else {
            fail(typeError("a mapping of names to values", value, nil), value, path)
            return
        }
        for entry in entries {
            guard let key = entry.key.scalarText else { continue }
            check(entry.value, against: item, at: path.appending(key))
        }
    }

    /// A scalar's text when it can stand for a string, or a diagnostic.
    private mutating func checkText(_ value: YAMLValue, _ rules: TextRules, _ path: ProfilePath, _ note: String?) {
        guard case .scalar(let text, let plain) = value.kind, !value.isNull else {
            fail(typeError("a string", value, note), value, path)
            return
        }
        if plain && ["true", "false", "True", "False", "TRUE", "FALSE"].contains(text) {
            fail(
                "expected a string, found the boolean \(text); quote it (\"\(text)\") if you mean the word", value, path
            )
            return
        }
        if plain && !rules.numbersAllowed && ScalarSyntax.isNumber(text) {
            fail(
                "expected a string, found the number \(text); quote it (\"\(text)\") if you mean the text", value, path)
            return
        }
        if let bad = text.unicodeScalars.first(where: {
            ScalarSyntax.isForbiddenControl($0, multiline: rules.multiline)
        }) {
            let escaped = String(bad).debugEscaped
            fail(
                "control character \(escaped) is not allowed in this value"
                    + (rules.multiline ? "" : "; it must be a single line"),
                value, path)
            return
        }
        if text.count > rules.maxLength {
            fail("is \(text.count) characters; at most \(rules.maxLength) allowed", value, path)
        }
    }

    private mutating func checkInteger(_ value: YAMLValue, min: Int, max: Int, _ path: ProfilePath, _ note: String?) {
        guard case .scalar(let text, let plain) = value.kind, !value.isNull else {
            fail(typeError("an integer from \(min) to \(max)", value, note), value, path)
            return
        }
        guard let number = ScalarSyntax.integer(text) else {
            fail(typeError("an integer from \(min) to \(max)", value, note), value, path)
            return
        }
        if !plain {
            fail(
                "expected an integer, found the quoted string \"\(text.debugEscaped)\"; remove the quotes", value, path)
        } else if number < min || number > max {
            fail("\(text) is out of range; allowed: \(min) to \(max)", value, path)
        }
    }

    private mutating func checkBoolean(_ value: YAMLValue, _ path: ProfilePath) {
        guard case .scalar(let text, let plain) = value.kind, plain, ScalarSyntax.boolean(text) != nil else {
            let yaml11 = ["yes", "no", "on", "off", "y", "n"].contains(value.scalarText?.lowercased() ?? "")
            fail(
                typeError(
                    "true or false", value, yaml11 ? "YAML 1.1 words such as yes/no/on/off are not booleans here" : nil),
                value, path)
            return
        }
    }

    private mutating func checkChoice(_ value: YAMLValue, _ words: [String], _ path: ProfilePath) {
        let allowed = words.joined(separator: ", ")
        guard let text = value.scalarText, !value.isNull else {
            fail(typeError("one of \(allowed)", value, nil), value, path)
            return
        }
        guard !words.contains(text) else { return }
        let near = Suggestion.nearest(to: text, in: words)
        let hint = near.map { "; did you mean '\($0)'?" } ?? ""
        fail("'\(text.debugEscaped)' is not allowed; allowed: \(allowed)\(hint)", value, path)
    }

    private mutating func checkAutoOr(_ value: YAMLValue, _ inner: Shape, _ path: ProfilePath, _ note: String?) {
        if value.scalarText == "auto" { return }
        if case .integer(let min, let max) = inner, let text = value.scalarText, ScalarSyntax.integer(text) == nil {
            fail(typeError("auto or an integer from \(min) to \(max)", value, note), value, path)
            return
        }
        check(value, against: inner, at: path, note: note)
    }
}

/// How plain YAML scalars are read: the YAML 1.2 core schema, without YAML 1.1's surprises.
enum ScalarSyntax {
    /// A decimal integer (optionally signed), or nil.
    static func integer(_ text: String) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }) else {
            return nil
        }
        return Int(text)
    }

    /// `true`/`false` in YAML 1.2 spellings, or nil.
    static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// True when a plain scalar reads as a number in YAML (so other YAML tools would change its text).
    static func isNumber(_ text: String) -> Bool {
        if integer(text) != nil { return true }
        let body = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } } && !body.isEmpty
            && body != "."
    }

    /// Control characters that no generated file can carry safely.
    static func isForbiddenControl(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
        if multiline && (scalar == "\n" || scalar == "\t") { return false }
        return scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
            || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}
