/// A parsed JSON document: what `JSONParser` reads and `JSONWriter` prints, between bytes and `Codable` values.
///
/// Numbers keep their text, so an integer is read exactly, whatever its size; objects keep the first value of a key
/// that appears twice, as Foundation's JSONDecoder does.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number as written in the document (`12`, `-0`, `1.5e3`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// What the value is, in the words Foundation's JSONDecoder uses in its type-mismatch messages.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "a string"
        case .array: "an array"
        case .object: "a dictionary"
        }
    }

    /// The member `key` of an object, or nil (for reading program output whose shape varies, such as `nft -j`).
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The elements of an array, or none.
    public var elements: [JSONValue] {
        if case .array(let elements) = self { return elements }
        return []
    }
}
