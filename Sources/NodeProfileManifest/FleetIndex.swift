/// The index of a fleet image (`fleet.index`): which node each device identity selects, and where each node's
/// manifest.json (and its signature) is among the image's objects. Shared by the compiler, which writes it, and the
/// agent, which reads it; signed as a manifest is (`fleet.index.sig`).
///
/// Text, one record a line, fields separated by tabs (no field holds a tab or a newline: names are DNS labels,
/// digests hex, MACs and UUIDs fixed forms, serials printable ASCII):
/// ```
/// nodeprofile-fleet-index 1
/// fleet NAME
/// node NAME MANIFEST-SHA256 SIGNATURE-SHA256 MACS SERIAL UUID
/// ```
/// MACS is comma-separated; an empty field is "none". Nodes are in fleet order.
public struct FleetIndex: Sendable, Equatable {
    /// The file's name in the image, and its signature's.
    public static let fileName = "fleet.index"
    /// The signature beside it.
    public static let signatureFileName = "fleet.index.sig"
    /// The first line.
    static let header = "nodeprofile-fleet-index 1"

    /// One node of the image.
    public struct Node: Sendable, Equatable {
        /// The node's name (its profile's metadata.name).
        public var name: String
        /// The SHA-256 of its manifest.json, which is stored as the object of that name.
        public var manifest: String
        /// The SHA-256 of its manifest.json.sig (an object too), when signed.
        public var signature: String?
        /// What identifies its device.
        public var identity: NodeIdentity

        /// A node record.
        public init(name: String, manifest: String, signature: String?, identity: NodeIdentity) {
            self.name = name
            self.manifest = manifest
            self.signature = signature
            self.identity = identity
        }
    }

    /// The fleet's name.
    public var fleet: String
    /// Every node in fleet order.
    public var nodes: [Node]

    /// An index of `nodes`.
    public init(fleet: String, nodes: [Node]) {
        self.fleet = fleet
        self.nodes = nodes
    }

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        var text = Self.header + "\nfleet\t" + fleet + "\n"
        for node in nodes {
            let identity = node.identity
            text += "node\t\(node.name)\t\(node.manifest)\t\(node.signature ?? "")\t"
            text += identity.macs.joined(separator: ",") + "\t" + (identity.serial ?? "") + "\t"
            text += (identity.uuid ?? "") + "\n"
        }
        return Array(text.utf8)
    }

    /// Parses an index, checking every field's form; the error says which line is wrong.
    public static func decode(_ bytes: [UInt8]) throws(FleetIndexError) -> FleetIndex {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard lines.count >= 2, lines[0].elementsEqual(header.utf8) else {
            throw FleetIndexError("not a fleet index (the first line is not '\(header)')")
        }
        let fleetFields = lines[1].split(separator: 9, omittingEmptySubsequences: false)
        guard fleetFields.count == 2, fleetFields[0].elementsEqual("fleet".utf8) else {
            throw FleetIndexError("line 2 is not 'fleet NAME'")
        }
        var index = FleetIndex(fleet: String(decoding: fleetFields[1], as: UTF8.self), nodes: [])
        index.nodes.reserveCapacity(lines.count - 2)
        for (number, line) in lines.enumerated().dropFirst(2) {
            index.nodes.append(try node(line, number: number + 1))
        }
        return index
    }

    /// One `node` record; the error names line `number`.
    static func node(_ line: ArraySlice<UInt8>, number: Int) throws(FleetIndexError) -> Node {
        let fields = line.split(separator: 9, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        guard fields.count == 7, fields[0] == "node", !fields[1].isEmpty, isDigest(fields[2]),
            fields[3].isEmpty || isDigest(fields[3])
        else { throw FleetIndexError("line \(number) is not a node record") }
        var identity = NodeIdentity()
        for mac in fields[4].split(separator: ",") {
            guard let normal = MACAddress.normalized(String(mac)) else {
                throw FleetIndexError("line \(number): '\(mac)' is not a MAC address")
            }
            identity.macs.append(normal)
        }
        identity.serial = fields[5].isEmpty ? nil : fields[5]
        if !fields[6].isEmpty {
            guard let uuid = NodeIdentity.normalizedUUID(fields[6]) else {
                throw FleetIndexError("line \(number): '\(fields[6])' is not a UUID")
            }
            identity.uuid = uuid
        }
        return Node(
            name: fields[1], manifest: fields[2], signature: fields[3].isEmpty ? nil : fields[3], identity: identity)
    }

    /// The fleet's name, how many nodes the index holds, and only the nodes whose record contains one of `needles`
    /// (the device's MACs, serial and UUID), decoded: a node can match the device only if it names one of its values,
    /// so a device finds its node among 10,000 without decoding the other records.
    public static func candidates(_ bytes: [UInt8], holding needles: [String]) throws(FleetIndexError) -> (
        fleet: String, count: Int, nodes: [Node]
    ) {
        var starts: [Int] = []
        var newline = 0
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer where byte == 0x0A { newline += 1 }
        }
        let head = try decode(Array(bytes.prefix(through: nthNewline(bytes, 2) ?? bytes.count - 1)))
        let firstRecord = (nthNewline(bytes, 2) ?? bytes.count) + 1
        for needle in needles where !needle.isEmpty {
            let key = Array(needle.utf8)
            var from = firstRecord
            while from < bytes.count, let hit = find(key, in: bytes, from: from) {
                var start = hit
                while start > firstRecord && bytes[start - 1] != 0x0A { start -= 1 }
                starts.append(start)
                from = hit + key.count
            }
        }
        var nodes: [Node] = []
        for start in Set(starts).sorted() {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let number = bytes[..<start].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            nodes.append(try node(bytes[start..<end], number: number))
        }
        let count = newline - 2 + (bytes.last == 0x0A ? 0 : 1)
        return (head.fleet, max(0, count), nodes)
    }

    /// The index with only its first `nodes` records, decoded (for messages).
    public static func head(_ bytes: [UInt8], nodes: Int) throws(FleetIndexError) -> FleetIndex {
        try decode(Array(bytes.prefix(through: nthNewline(bytes, nodes + 2) ?? bytes.count - 1)))
    }

    private static func nthNewline(_ bytes: [UInt8], _ n: Int) -> Int? {
        var seen = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            seen += 1
            if seen == n { return index }
        }
        return nil
    }

    private static func find(_ key: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard let first = key.first, bytes.count >= key.count else { return nil }
        return bytes.withUnsafeBufferPointer { haystack in
            key.withUnsafeBufferPointer { needle in
                var index = from
                let last = haystack.count - needle.count
                while index <= last {
                    if haystack[index] == first {
                        var same = true
                        for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                            same = false
                            break
                        }
                        if same { return index }
                    }
                    index += 1
                }
                return nil
            }
        }
    }

    /// True for 64 lowercase hex digits, the form of every object's name.
    public static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64
            && text.utf8.allSatisfy {
                ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                    || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f"))
            }
    }
}

/// Why a fleet index cannot be read.
public struct FleetIndexError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, naming the line.
    public var description: String
    init(_ description: String) { self.description = description }
}
