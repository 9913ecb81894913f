/// The structure a profile field must have: the single description from which both the structural
/// checker and `nodeprofile schema` work, so the two can never disagree.
public indirect enum Shape: Sendable {
    /// A mapping with known fields; any other key is an error.
    case object(ObjectShape)
    /// A list of items of one shape.
    case list(Shape, ListRules = ListRules())
    /// A string; see `TextRules`.
    case text(TextRules = TextRules())
    /// A decimal integer within bounds.
    case integer(min: Int, max: Int)
    /// `true` or `false` (YAML 1.1's yes/no/on/off are refused: they surprise people).
    case boolean
    /// One of a fixed set of words.
    case choice([String])
    /// The word `auto`, or a value of the inner shape.
    case autoOr(Shape)
    /// A mapping from free-form string keys to values of one shape (label selectors).
    case dictionary(Shape)
}

/// One named field of an object.
public struct Field: Sendable {
    /// The key as written in YAML.
    public var name: String
    /// What its value must look like.
    public var shape: Shape
    /// One sentence for the JSON Schema's description and for `explain`.
    public var summary: String
    /// The value used when the field is absent, if it has one.
    public var defaultValue: JSONValue?
    /// True when the field must be present.
    public var required: Bool
    /// Added to type errors on this field, to say what the user probably meant.
    public var typeNote: String?

    /// A field named `name` of shape `shape`, with its one-sentence summary, default and notes.
    public init(
        _ name: String, _ shape: Shape, _ summary: String, default defaultValue: JSONValue? = nil,
        required: Bool = false, typeNote: String? = nil
    ) {
        self.name = name
        self.shape = shape
        self.summary = summary
        self.defaultValue = defaultValue
        self.required = required
        self.typeNote = typeNote
    }
}

/// The fields of a mapping, and which of them exclude each other.
public struct ObjectShape: Sendable {
    /// The known fields, in documentation order.
    public var fields: [Field]
    /// Groups of field names of which exactly one must be present.
    public var exactlyOne: [[String]]

    /// The fields of a mapping and the groups of which exactly one must be given.
    public init(_ fields: [Field], exactlyOne: [[String]] = []) {
        self.fields = fields
        self.exactlyOne = exactlyOne
    }

    /// The field with this name, if any.
    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }
}

/// Constraints on a list.
public struct ListRules: Sendable {
    /// Fewest items allowed.
    public var minItems: Int
    /// Most items allowed, if bounded.
    public var maxItems: Int?
    /// Why the maximum exists, for the message.
    public var maxReason: String?

    /// List bounds; no bounds by default.
    public init(minItems: Int = 0, maxItems: Int? = nil, maxReason: String? = nil) {
        self.minItems = minItems
        self.maxItems = maxItems
        self.maxReason = maxReason
    }
}

/// Constraints on a string.
public struct TextRules: Sendable {
    /// Accept an unquoted number (`version: 1.0`, `cpuAffinity: 0`) as its text.
    public var numbersAllowed: Bool
    /// Accept line breaks and tabs (free text); other control characters are always refused.
    public var multiline: Bool
    /// Longest accepted text, in characters.
    public var maxLength: Int

    /// Text rules; by default one line of at most 253 characters, numbers refused.
    public init(numbersAllowed: Bool = false, multiline: Bool = false, maxLength: Int = 253) {
        self.numbersAllowed = numbersAllowed
        self.multiline = multiline
        self.maxLength = maxLength
    }
}
