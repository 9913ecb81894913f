import NodeProfileManifest

/// What a full no-op run found, kept beside state.json (0600, `fileName`) so that the next run need not decode
/// manifest.json and state.json with JSONCodec when neither changed. It names each bundle with its manifest.json
/// digest and the digest of every file the bundle has the agent write, the state.json and result.json digests, the
/// applied generation, the fact declarations and recorded values, and every file the agent wrote with the digest and
/// mode state.json records for it: never a file's contents. It is only an accelerator: `Agent.quickNoop` still hashes
/// every bundle file and every written file, and anything that does not match sends the run down the full path.
///
/// Text, one record per line, fields separated by tabs; the last line is `end`, a tab and the SHA-256 of every byte
/// before it, so a torn or truncated write (it is written without a sync) reads as no record at all.
struct NoopRecord: Equatable, Sendable {
    /// The record's file name in the state directory.
    static let fileName = "noop-record"
    /// The first line: names the format, so that another layout is never misread.
    static let header = "nodeprofile-agent no-op record 2"
    /// The agent and manifest format versions that wrote it: another agent decodes manifests for itself.
    static var currentVersion: String { "\(NodeProfileVersion.current) \(BundleManifest.currentFormat)" }

    /// One bundle as the run loaded it.
    struct Bundle: Equatable, Sendable {
        /// The bundle's profile name.
        var name: String
        /// SHA-256 of its manifest.json.
        var digest: String
        /// Its directory (a host path), as the run was given or found it.
        var directory: String
        /// Each file the bundle has the agent write: device path, whether the digest is keyed (a secret file's
        /// HMAC-SHA256) and the digest manifest.json records, in path order.
        var files: [(path: String, keyed: Bool, digest: String)]

        static func == (left: Bundle, right: Bundle) -> Bool {
            left.name == right.name && left.digest == right.digest && left.directory == right.directory
                && left.files.elementsEqual(right.files) { $0 == $1 }
        }
    }

    /// The agent version that wrote it (`currentVersion`).
    var version: String
    /// The root the run applied to ("" for "/").
    var root: String
    /// SHA-256 of state.json.
    var state: String
    /// SHA-256 of result.json, or "none" when there was none.
    var result: String
    /// The generation state.json records.
    var generation: String
    /// The rpm database's fingerprint (`InstalledMicroShift.fingerprint()`) when the run checked the bundles' target
    /// release: a MicroShift update changes it, and the next run checks the release again on the full path.
    var rpmdb: String
    /// The bundles, in the order the run loaded them.
    var bundles: [Bundle]
    /// The fact declarations of the bundles, first declaration first.
    var facts: [FactSpec]
    /// The fact values state.json records.
    var values: [String: String]
    /// Device path -> digest and mode state.json records (the bundle and actions are left empty).
    var files: [String: AgentState.WrittenFile]

    /// The record's bytes; nil when a field holds a tab or a newline (such a run is simply not recorded).
    func encoded() -> [UInt8]? {
        var lines: [[String]] = [[Self.header], ["version", version], ["root", root], ["state", state]]
        lines += [["result", result], ["generation", generation], ["rpmdb", rpmdb]]
        for bundle in bundles {
            lines.append(["bundle", bundle.name, bundle.digest, bundle.directory])
            lines += bundle.files.map { ["source", $0.keyed ? "keyed" : "plain", $0.digest, $0.path] }
        }
        for fact in facts {
            let interface = fact.interface.map { "+" + $0 } ?? "-"
            lines.append(
                ["fact", fact.name, fact.source.rawValue, "\(fact.retries)", "\(fact.intervalSeconds)", interface]
                    + [fact.pattern])
        }
        lines += values.sorted { $0.key < $1.key }.map { ["value", $0.key, $0.value] }
        lines += files.sorted { $0.key < $1.key }.map { ["file", $0.value.sha256, "\($0.value.mode)", $0.key] }
        guard !lines.joined().contains(where: { $0.utf8.contains(0x09) || $0.utf8.contains(0x0A) }) else { return nil }
        let body = Array(lines.map { $0.joined(separator: "\t") + "\n" }.joined().utf8)
        return body + Array("end\t\(SHA256.hex(body))\n".utf8)
    }

    /// The record in `bytes`, or nil when they are not a whole, intact record of this format and agent version.
    static func parse(_ bytes: [UInt8]) -> NoopRecord? {
        guard bytes.last == 0x0A, let end = bytes.dropLast().lastIndex(of: 0x0A).map({ $0 + 1 }) else { return nil }
        let body = bytes[..<end]
        guard bytes[end...].elementsEqual("end\t\(SHA256.hex(body))\n".utf8) else { return nil }
        // Split on bytes, not Characters: "\r\n" is one Character, and a field may end in "\r".
        let lines = body.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map {
            $0.split(separator: 0x09, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        }
        guard lines.first == [header] else { return nil }
        var record = NoopRecord(
            version: "", root: "", state: "", result: "", generation: "", rpmdb: "", bundles: [], facts: [],
            values: [:], files: [:])
        var seen: Set<String> = []
        for line in lines.dropFirst() {
            guard let kind = line.first else { return nil }
            let fields = Array(line.dropFirst())
            switch (kind, fields.count) {
            case ("version", 1), ("root", 1), ("state", 1), ("result", 1), ("generation", 1), ("rpmdb", 1):
                guard seen.insert(kind).inserted else { return nil }
                record.set(kind, fields[0])
            case ("bundle", 3):
                record.bundles.append(Bundle(name: fields[0], digest: fields[1], directory: fields[2], files: []))
            case ("source", 3):
                guard !record.bundles.isEmpty, ["keyed", "plain"].contains(fields[0]) else { return nil }
                record.bundles[record.bundles.count - 1].files.append((fields[2], fields[0] == "keyed", fields[1]))
            case ("fact", 6):
                guard let source = FactSource(rawValue: fields[1]), let retries = Int(fields[2]),
                    let interval = Int(fields[3]), fields[4] == "-" || fields[4].utf8.first == 0x2B
                else { return nil }
                let interface = fields[4] == "-" ? nil : String(decoding: fields[4].utf8.dropFirst(), as: UTF8.self)
                record.facts.append(
                    FactSpec(
                        name: fields[0], source: source, interface: interface, retries: retries,
                        intervalSeconds: interval, pattern: fields[5]))
            case ("value", 2):
                guard record.values.updateValue(fields[1], forKey: fields[0]) == nil else { return nil }
            case ("file", 3):
                guard let mode = Int(fields[1]), record.files[fields[2]] == nil else { return nil }
                record.files[fields[2]] = AgentState.WrittenFile(sha256: fields[0], mode: mode, bundle: "", actions: [])
            default:
                return nil
            }
        }
        // The files written are the files the bundles want (a full no-op holds this before it records).
        let wanted = record.bundles.flatMap { $0.files.map(\.path) }
        guard seen.count == 6, record.version == currentVersion, !record.bundles.isEmpty,
            wanted.count == record.files.count, Set(wanted) == Set(record.files.keys)
        else { return nil }
        return record
    }

    private mutating func set(_ kind: String, _ value: String) {
        switch kind {
        case "version": version = value
        case "root": root = value
        case "state": state = value
        case "result": result = value
        case "rpmdb": rpmdb = value
        default: generation = value
        }
    }
}
