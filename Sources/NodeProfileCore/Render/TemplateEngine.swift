import Foundation

/// A value a template can show: text, a yes/no switch for `{{#x}}` sections, or a list to repeat.
public indirect enum TemplateValue: Sendable {
    case text(String)
    case flag(Bool)
    case list([TemplateContext])
}

/// The names a template may use. Sections see their own names first, then the enclosing ones.
public struct TemplateContext: Sendable, ExpressibleByDictionaryLiteral {
    /// Name -> value.
    public var values: [String: TemplateValue]

    /// A context holding `values`.
    public init(_ values: [String: TemplateValue] = [:]) { self.values = values }
    /// A context from a literal such as `["name": .text("br-ex")]`; a repeated name keeps its last value.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        values = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }
}

/// Why a template could not be rendered.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The template's name (its path below templates/).
    public var template: String
    /// What went wrong.
    public var problem: String
    /// `template NAME: PROBLEM`, as printed to the user.
    public var description: String { "template \(template): \(problem)" }
}

/// A logic-less template: `{{name}}` inserts text that Swift code has already escaped for the file's
/// format, `{{#name}}...{{/name}}` repeats a list or shows a block when a flag is on, `{{^name}}...{{/name}}`
/// shows it when the flag is off or the list empty, `{{! comment }}` is dropped. A line holding only a
/// section or comment tag disappears entirely, so templates read like the files they make.
public struct Template: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case variable(String)
        case section(String, inverted: Bool, [Node])
    }

    /// The template's name, for errors.
    public let name: String
    let nodes: [Node]

    /// Parses `source`, or explains the first syntax error.
    public init(name: String, source: String) throws(TemplateError) {
        self.name = name
        var tokens = Template.tokenize(Template.stripStandaloneLines(source))[...]
        nodes = try Template.parse(&tokens, name: name, closing: nil)
    }

    /// Renders with `context`; every name used must be defined.
    public func render(_ context: TemplateContext) throws(TemplateError) -> String {
        var out = ""
        try render(nodes, [context], into: &out)
        return out
    }

    private func render(_ nodes: [Node], _ scopes: [TemplateContext], into out: inout String) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .variable(let key):
                guard case .text(let value)? = lookup(key, scopes) else {
                    throw TemplateError(template: name, problem: "{{\(key)}} is not a text value here")
                }
                out += value
            case .section(let key, let inverted, let body):
                switch lookup(key, scopes) {
                case .flag(let on)?:
                    if on != inverted { try render(body, scopes, into: &out) }
                case .list(let items)?:
                    if inverted {
                        if items.isEmpty { try render(body, scopes, into: &out) }
                    } else {
                        for item in items { try render(body, scopes + [item], into: &out) }
                    }
                case .text?, nil:
                    throw TemplateError(template: name, problem: "section {{#\(key)}} needs a flag or a list")
                }
            }
        }
    }

    private func lookup(_ key: String, _ scopes: [TemplateContext]) -> TemplateValue? {
        for scope in scopes.reversed() { if let value = scope.values[key] { return value } }
        return nil
    }

    private enum Token {
        case text(String)
        case variable(String)
        case open(String, inverted: Bool)
        case close(String)
    }

    /// Removes lines that hold nothing but one section or comment tag (Mustache's "standalone" rule).
    /// Works on UTF-8 bytes: every built-in template is parsed at each start, and splitting the text into Strings
    /// line by line was a seventh of a whole `nodeprofile build`.
    static func stripStandaloneLines(_ source: String) -> [UInt8] {
        let bytes = Array(source.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var start = 0
        while true {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = bytes[start..<end]
            if let tag = standaloneTag(line) {
                // A standalone line loses its line break; its tag stays, for the tokenizer.
                out.append(contentsOf: tag)
            } else {
                out.append(contentsOf: line)
                if end < bytes.count { out.append(UInt8(ascii: "\n")) }
            }
            if end == bytes.count { break }
            start = end + 1
        }
        return out
    }

    /// The line without its blanks when it holds only one section or comment tag (`{{#x}}`, `{{^x}}`, `{{/x}}`,
    /// `{{! ...}}`), else nil.
    private static func standaloneTag(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var tag = line
        while let first = tag.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { tag = tag.dropFirst() }
        while let last = tag.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { tag = tag.dropLast() }
        let open = UInt8(ascii: "{")
        let close = UInt8(ascii: "}")
        guard tag.count >= 5, tag.prefix(2).elementsEqual([open, open]), tag.suffix(2).elementsEqual([close, close]),
            "#^/!".utf8.contains(tag[tag.startIndex + 2])
        else { return nil }
        let inner = tag.dropFirst(2).dropLast(2)
        for index in inner.indices.dropLast() where inner[index] == close && inner[index + 1] == close { return nil }
        return tag
    }

    /// The template's tokens, read on UTF-8 bytes (tags are ASCII, so text never splits inside a character).
    private static func tokenize(_ source: [UInt8]) -> [Token] {
        let open = UInt8(ascii: "{")
        let close = UInt8(ascii: "}")
        /// The index of the first `marker marker` pair at or after `start`.
        func find(_ marker: UInt8, from start: Int) -> Int? {
            var index = start
            while index + 1 < source.count {
                if source[index] == marker, source[index + 1] == marker { return index }
                index += 1
            }
            return nil
        }
        func blankTrimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
            var view = bytes
            while let first = view.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                view = view.dropFirst()
            }
            while let last = view.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
                view = view.dropLast()
            }
            return view
        }
        func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        var tokens: [Token] = []
        var start = 0
        while let tag = find(open, from: start) {
            if tag > start { tokens.append(.text(text(source[start..<tag]))) }
            guard let end = find(close, from: tag + 2) else {
                tokens.append(.text(text(source[tag...])))
                return tokens
            }
            let body = blankTrimmed(source[(tag + 2)..<end])
            switch body.first {
            case UInt8(ascii: "#"): tokens.append(.open(text(blankTrimmed(body.dropFirst())), inverted: false))
            case UInt8(ascii: "^"): tokens.append(.open(text(blankTrimmed(body.dropFirst())), inverted: true))
            case UInt8(ascii: "/"): tokens.append(.close(text(blankTrimmed(body.dropFirst()))))
            case UInt8(ascii: "!"): break
            default: tokens.append(.variable(text(body)))
            }
            start = end + 2
        }
        if start < source.count { tokens.append(.text(text(source[start...]))) }
        return tokens
    }

    private static func parse(_ tokens: inout ArraySlice<Token>, name: String, closing: String?) throws(TemplateError)
        -> [Node]
    {
        var nodes: [Node] = []
        while let token = tokens.popFirst() {
            switch token {
            case .text(let text): nodes.append(.text(text))
            case .variable(let key):
                guard !key.isEmpty else { throw TemplateError(template: name, problem: "empty {{}} tag") }
                nodes.append(.variable(key))
            case .open(let key, let inverted):
                nodes.append(.section(key, inverted: inverted, try parse(&tokens, name: name, closing: key)))
            case .close(let key):
                guard key == closing else {
                    throw TemplateError(
                        template: name,
                        problem: "{{/\(key)}} closes nothing" + (closing.map { "; expected {{/\($0)}}" } ?? ""))
                }
                return nodes
            }
        }
        if let closing { throw TemplateError(template: name, problem: "{{#\(closing)}} is never closed") }
        return nodes
    }
}
