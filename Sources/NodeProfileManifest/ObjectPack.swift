/// A fleet image's objects (every distinct content, named by its manifest digest) packed into two files, so that the
/// package holds a handful of files whatever the fleet's size (an RPM header grows by some 250 bytes a file, and
/// rpmbuild by milliseconds): `objects.pack` (0644) and `secrets.pack` (0600, secret files' contents), each the
/// objects' bytes one after another in name order, and `objects.idx`, one fixed-width line an object, sorted by name,
/// so the agent finds one by binary search: `NAME P OFFSET LENGTH` (64 hex digits, `p` or `s` for the pack, 12 and 8
/// hex digits). The table is not signed: every object is checked against the digest that names it, which the
/// signed index and manifests hold.
public enum ObjectPack {
    /// The table's file name.
    public static let tableFileName = "objects.idx"
    /// The pack of plain objects.
    public static let packFileName = "objects.pack"
    /// The pack of secret objects (0600).
    public static let secretPackFileName = "secrets.pack"
    /// The length of one table line, its newline included.
    static let lineLength = 64 + 1 + 1 + 1 + 12 + 1 + 8 + 1

    /// Where an object is.
    public struct Location: Sendable, Equatable {
        /// True when it is in the secret pack.
        public var secret: Bool
        /// Its first byte in the pack.
        public var offset: Int
        /// Its length.
        public var length: Int
    }

    /// The table and both packs of `objects` (name -> bytes and whether secret).
    public static func pack(_ objects: [String: (bytes: [UInt8], secret: Bool)]) -> (
        table: [UInt8], plain: [UInt8], secret: [UInt8]
    ) {
        var table: [UInt8] = []
        table.reserveCapacity(objects.count * lineLength)
        var plain: [UInt8] = []
        var secret: [UInt8] = []
        for name in objects.keys.sorted() {
            let object = objects[name]!
            let offset = object.secret ? secret.count : plain.count
            if object.secret { secret += object.bytes } else { plain += object.bytes }
            table += Array(name.utf8) + [0x20, UInt8(ascii: object.secret ? "s" : "p"), 0x20]
            table += hex(offset, width: 12) + [0x20] + hex(object.bytes.count, width: 8) + [0x0A]
        }
        return (table, plain, secret)
    }

    /// Where `name` is, by binary search in the table; nil when it is not there or the table is malformed there.
    public static func find(_ name: String, in table: [UInt8]) -> Location? {
        guard table.count % lineLength == 0 else { return nil }
        return find(name, lines: table.count / lineLength) { Array(table[$0 * lineLength..<($0 + 1) * lineLength]) }
    }

    /// Where `name` is, by binary search over a table of `lines` lines that `line` reads one at a time (the agent
    /// reads 17 lines of 70,000 from the file, not the whole table).
    public static func find(_ name: String, lines: Int, line: (Int) -> [UInt8]?) -> Location? {
        let key = Array(name.utf8)
        guard key.count == 64 else { return nil }
        var low = 0
        var high = lines
        while low < high {
            let middle = (low + high) / 2
            guard let bytes = line(middle), bytes.count == lineLength else { return nil }
            if bytes.prefix(64).lexicographicallyPrecedes(key) {
                low = middle + 1
            } else if key.lexicographicallyPrecedes(bytes.prefix(64)) {
                high = middle
            } else {
                guard let offset = number(bytes[67..<79]), let length = number(bytes[80..<88]) else { return nil }
                let kind = bytes[65]
                guard kind == UInt8(ascii: "s") || kind == UInt8(ascii: "p") else { return nil }
                return Location(secret: kind == UInt8(ascii: "s"), offset: offset, length: length)
            }
        }
        return nil
    }

    /// The length of one line of the table, its newline included.
    public static var tableLineLength: Int { lineLength }

    private static func hex(_ value: Int, width: Int) -> [UInt8] {
        let digits = Array(String(value, radix: 16).utf8)
        return [UInt8](repeating: UInt8(ascii: "0"), count: max(0, width - digits.count)) + digits
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        Int(String(decoding: bytes, as: UTF8.self), radix: 16)
    }
}
