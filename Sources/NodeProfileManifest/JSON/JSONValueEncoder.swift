/// Encodes `Encodable` values into a `JSONValue`: the tree `JSONWriter` prints. Nil optionals are left out, as the
/// synthesized `encode(to:)` asks (`encodeIfPresent`); a non-finite number is an error, as in JSONEncoder.
final class JSONValueEncoder: Encoder {
    /// One node of the tree under construction: a value, or a container that later encodes fill in.
    final class Node {
        enum Content {
            case value(JSONValue)
            case object([String: Node])
            case array([Node])
        }
        var content: Content = .value(.null)

        var value: JSONValue {
            switch content {
            case .value(let value): value
            case .object(let members): .object(members.mapValues(\.value))
            case .array(let elements): .array(elements.map(\.value))
            }
        }
    }

    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: Node = Node(), codingPath: [any CodingKey] = []) {
        self.node = node
        self.codingPath = codingPath
    }

    /// The tree of `value`.
    static func encode(_ value: some Encodable) throws -> JSONValue {
        let encoder = JSONValueEncoder()
        try value.encode(to: encoder)
        return encoder.node.value
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([:]) }
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return JSONUnkeyedEncodingContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { JSONSingleValueEncodingContainer(encoder: self) }

    /// Encodes `value` into `node` at `path`: primitives directly, anything else through its own `encode(to:)`.
    static func encode(_ value: some Encodable, into node: Node, at path: [any CodingKey]) throws {
        switch value {
        case let text as String: node.content = .value(.string(text))
        case let flag as Bool: node.content = .value(.bool(flag))
        case let number as any BinaryInteger: node.content = .value(.number("\(number)"))
        case let number as Double: node.content = .value(.number(try format(number, at: path)))
        case let number as Float: node.content = .value(.number(try format(Double(number), at: path)))
        default: try value.encode(to: JSONValueEncoder(node: node, codingPath: path))
        }
    }

    /// A Double as JSON: whole numbers without a fraction (`3`), others in Swift's shortest round-trip form.
    static func format(_ number: Double, at path: [any CodingKey]) throws -> String {
        guard number.isFinite else {
            throw EncodingError.invalidValue(
                number,
                EncodingError.Context(
                    codingPath: path, debugDescription: "Unable to encode \(number) directly in JSON."))
        }
        if abs(number) < 1e15, let whole = Int64(exactly: number) { return String(whole) }
        return "\(number)"
    }
}

struct JSONKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONValueEncoder.Node
    let codingPath: [any CodingKey]

    /// The node for a member, created on first use.
    private func child(_ key: any CodingKey) -> JSONValueEncoder.Node {
        guard case .object(var members) = node.content else {
            preconditionFailure("a keyed container over a non-object")
        }
        if let existing = members[key.stringValue] { return existing }
        // The node lets go of its members first, so adding one mutates them in place instead of copying them all.
        node.content = .value(.null)
        let created = JSONValueEncoder.Node()
        members[key.stringValue] = created
        node.content = .object(members)
        return created
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try JSONValueEncoder.encode(value, into: child(key), at: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        JSONValueEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        JSONValueEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        JSONValueEncoder(node: child(JSONIndexKey.super), codingPath: codingPath + [JSONIndexKey.super])
    }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        JSONValueEncoder(node: child(key), codingPath: codingPath + [key])
    }
}

struct JSONUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let node: JSONValueEncoder.Node
    let codingPath: [any CodingKey]

    var count: Int {
        guard case .array(let elements) = node.content else { return 0 }
        return elements.count
    }

    /// A new node at the end of the array.
    private func append() -> (JSONValueEncoder.Node, [any CodingKey]) {
        guard case .array(var elements) = node.content else {
            preconditionFailure("an unkeyed container over a non-array")
        }
        node.content = .value(.null) // as in the keyed container: append in place
        let created = JSONValueEncoder.Node()
        elements.append(created)
        node.content = .array(elements)
        return (created, codingPath + [JSONIndexKey(intValue: elements.count - 1)])
    }

    mutating func encodeNil() throws { append().0.content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let (child, path) = append()
        try JSONValueEncoder.encode(value, into: child, at: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let (child, path) = append()
        return JSONValueEncoder(node: child, codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let (child, path) = append()
        return JSONValueEncoder(node: child, codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let (child, path) = append()
        return JSONValueEncoder(node: child, codingPath: path)
    }
}

struct JSONSingleValueEncodingContainer: SingleValueEncodingContainer {
    let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.node.content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try JSONValueEncoder.encode(value, into: encoder.node, at: codingPath)
    }
}
