/// Prints a `JSONValue` the way Foundation's JSONEncoder does with `[.prettyPrinted, .sortedKeys,
/// .withoutEscapingSlashes]`: two-space indents, `"key" : value`, keys in `String` order, `/` and non-ASCII text as
/// they are, control characters escaped. `JSONCodecTests` holds the two to the same bytes. `ManifestJSON` writes
/// manifests with the same primitives, without building a tree first.
struct JSONWriter {
    /// One member of an object: its key, and what writes its value.
    typealias Member = (key: String, write: (inout JSONWriter) -> Void)

    /// The bytes written so far.
    private(set) var out: [UInt8] = []
    private var depth = 0

    /// A writer whose buffer starts with room for `capacity` bytes.
    init(capacity: Int) { out.reserveCapacity(capacity) }

    /// The document's bytes, with no final newline.
    static func write(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter(capacity: 4096)
        writer.write(value)
        return writer.out
    }

    private mutating func write(_ value: JSONValue) {
        switch value {
        case .null: out += "null".utf8
        case .bool(let flag): out += (flag ? "true" : "false").utf8
        case .number(let text): out += text.utf8
        case .string(let text): string(text)
        case .array(let elements): array(elements) { $0.write($1) }
        case .object(let members):
            object(members.sorted { $0.key < $1.key }.map { member in (member.key, { $0.write(member.value) }) })
        }
    }

    /// An object of `members`, in the order given (callers sort them).
    mutating func object(_ members: [Member]) {
        container("{", "}", members) { writer, member in
            writer.string(member.key)
            writer.out += " : ".utf8
            member.write(&writer)
        }
    }

    /// An array of `elements`, each written by `write`.
    mutating func array<Element>(_ elements: [Element], _ write: (inout JSONWriter, Element) -> Void) {
        container("[", "]", elements, write)
    }

    /// `text` as it is: a number or `true`/`false`.
    mutating func literal(_ text: String) { out += text.utf8 }

    /// An integer.
    mutating func number(_ value: Int) { out += String(value).utf8 }

    private mutating func container<Element>(
        _ open: Unicode.Scalar, _ close: Unicode.Scalar, _ elements: [Element],
        _ write: (inout JSONWriter, Element) -> Void
    ) {
        out.append(UInt8(ascii: open))
        depth += 1
        // JSONEncoder writes an empty array or object as the bracket, an empty line, then the closing bracket.
        if elements.isEmpty { out.append(UInt8(ascii: "\n")) }
        for (index, element) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            newline()
            write(&self, element)
        }
        depth -= 1
        newline()
        out.append(UInt8(ascii: close))
    }

    private mutating func newline() {
        out.append(UInt8(ascii: "\n"))
        out += repeatElement(UInt8(ascii: " "), count: 2 * depth)
    }

    /// A string, quoted and escaped.
    mutating func string(_ text: String) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\"".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case 0x08: out += "\\b".utf8
            case 0x0C: out += "\\f".utf8
            case 0x0A: out += "\\n".utf8
            case 0x0D: out += "\\r".utf8
            case 0x09: out += "\\t".utf8
            case 0..<0x20: out += "\\u00".utf8 + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
