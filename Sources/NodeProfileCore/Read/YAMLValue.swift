/// A parsed YAML node with its position: the profile's own view of a document, independent of Yams.
public struct YAMLValue: Sendable {
    /// What the node holds.
    public enum Kind: Sendable {
        /// A scalar's text; `plain` is false for quoted and block scalars, which are always strings.
        case scalar(String, plain: Bool)
        /// A sequence's items in order.
        case sequence([YAMLValue])
        /// A mapping's entries in source order.
        case mapping([Entry])
    }

    /// One key and its value in a mapping.
    public struct Entry: Sendable {
        /// The key node (always a scalar in a valid profile).
        public var key: YAMLValue
        /// The value node.
        public var value: YAMLValue
    }

    /// The node's content.
    public var kind: Kind
    /// Where the node starts, and how long its token is for a scalar.
    public var location: SourceLocation

    /// The scalar text, or nil for collections.
    public var scalarText: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    /// True for a plain scalar YAML reads as null: empty, `~` or `null`.
    public var isNull: Bool {
        if case .scalar(let text, plain: true) = kind { return ["", "~", "null", "Null", "NULL"].contains(text) }
        return false
    }

    /// The mapping's entries, or nil when this is not a mapping.
    public var entries: [Entry]? {
        if case .mapping(let entries) = kind { return entries }
        return nil
    }

    /// The sequence's items, or nil when this is not a sequence.
    public var items: [YAMLValue]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The value under a key of a mapping (the first one, keys being unique).
    public subscript(key: String) -> YAMLValue? {
        entries?.first { $0.key.scalarText == key }?.value
    }

    /// A short name for the node's type, for messages: "a mapping", "a list", "the string \"x\"".
    public var kindDescription: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let text, let plain):
            if isNull { return "null (an empty value)" }
            let shown = text.count > 40 ? String(text.prefix(37)) + "..." : text
            return plain ? "'\(shown.debugEscaped)'" : "the quoted string \"\(shown.debugEscaped)\""
        }
    }
}

extension String {
    /// C1 controls, line and paragraph separators, bidi controls and zero-width marks: they reorder, break or hide
    /// text on a terminal, so messages show them escaped.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x80...0x9F, 0x2028, 0x2029, 0x200B...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }

    /// The string with control characters shown as escapes, safe to put in a one-line message.
    var debugEscaped: String {
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || Self.isInvisible(scalar):
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
