import Foundation
import NodeProfileManifest
import NodeProfileSigning
import Testing

@testable import NodeProfileAgentCore

/// The agent's Foundation-free JSON (`JSONCodec`) against Foundation's JSONEncoder and JSONDecoder, which wrote and read
/// the agent's files before: the same bytes out, the same values in, the same errors (case and coding path) for bad input.
@Suite("JSON without Foundation")
struct JSONCodecTests {
    static let nasty = "q\"b\\s/\u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1B}\u{1F}\u{7F} é ☃ \u{2028} 🚀 <&> e\u{301}"

    static func foundation(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(value))
    }

    static var state: AgentState {
        let written = AgentState.WrittenFile(
            sha256: nasty, mode: 0o600, bundle: "b", actions: [Action(.restart, nasty), Action(.daemonReload)])
        let touched = [
            JournalEntry(path: "/etc/Z", existed: true, mode: nil, actions: []),
            JournalEntry(path: "/etc/a", existed: false, mode: 0o644, actions: []),
        ]
        return AgentState(
            generation: "g", bundles: ["zeta": "1", "Alpha": "2", "file10": "3", "file9": "4", "": "5"],
            files: ["/etc/NetworkManager/x": written, "/etc/crio/y": written, "/etc/\(nasty)": written],
            previous: .init(generation: "", bundles: [:], files: [:], touched: touched, facts: nil),
            facts: ["gateway.nic": "eth0", "gateway.nic.mac": nasty])
    }

    static var report: ApplyReport {
        var report = ApplyReport(
            status: .failed, generation: "", changed: [], removed: ["/etc/a"], drift: [nasty], actions: [],
            rebootRequired: true, recovered: false, error: nasty, step: .write, journalPending: nil)
        report.notes = ["note"]
        return report
    }

    @Test("state, journal, result, manifest and signature files are JSONEncoder's bytes")
    func sameBytes() throws {
        #expect(try JSONCodec.encode(Self.state) == Self.foundation(Self.state))
        #expect(try JSONCodec.encode(AgentState.empty) == Self.foundation(AgentState.empty))
        #expect(try JSONCodec.encode(Self.report) == Self.foundation(Self.report))
        let journal = Journal(generation: "g", entries: Self.state.previous!.touched)
        #expect(try JSONCodec.encode(journal) == Self.foundation(journal))
        let manifest = ManifestCheckTests.manifest {
            $0.generator = Self.nasty
            $0.vendorOwned = ["/etc/a", Self.nasty]
        }
        #expect(try JSONCodec.encode(manifest) == Self.foundation(manifest))
        #expect(try JSONCodec.encode(manifest) + [0x0A] == ManifestCoding.encode(manifest))
        let nested: [String: [[Int]]] = ["a": [[], [1, -2, Int.max]], "b": []]
        #expect(try JSONCodec.encode(nested) == Self.foundation(nested))
        #expect(try JSONCodec.encode([1.5, -0.25, 3, 1e300]) == Self.foundation([1.5, -0.25, 3, 1e300]))
    }

    @Test("what JSONEncoder wrote decodes to the same values")
    func sameValues() throws {
        #expect(try JSONCodec.decode(AgentState.self, from: Self.foundation(Self.state)) == Self.state)
        #expect(try JSONCodec.decode(ApplyReport.self, from: Self.foundation(Self.report)) == Self.report)
        let compact = try JSONEncoder().encode(Self.state)
        #expect(try JSONCodec.decode(AgentState.self, from: [UInt8](compact)) == Self.state)
        // Numbers JSONDecoder reads as integers, and escapes it decodes.
        struct Numbers: Codable, Equatable {
            var a: Int
            var b: Int
            var c: Int
            var s: String
        }
        let text = Array(#"{"a": 1.0, "b": 1e2, "c": -0, "s": "\ud83d\ude80\u00e9\/\u0000"}"#.utf8)
        #expect(try JSONCodec.decode(Numbers.self, from: text) == JSONDecoder().decode(Numbers.self, from: Data(text)))
        // A byte order mark is skipped, and the first of two equal keys wins, as in JSONDecoder.
        let twice = [0xEF, 0xBB, 0xBF] + Array(#"{"a": 1, "b": 2, "c": 3, "s": "", "a": 9}"#.utf8)
        #expect(
            try JSONCodec.decode(Numbers.self, from: twice) == JSONDecoder().decode(Numbers.self, from: Data(twice)))
    }

    /// A decoding error as its case and the field it names, the parts messages are built from.
    static func shape(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context): return "keyNotFound \(path(context.codingPath + [key]))"
        case .typeMismatch(let type, let context): return "typeMismatch \(type) \(path(context.codingPath))"
        case .valueNotFound(let type, let context): return "valueNotFound \(type) \(path(context.codingPath))"
        case .dataCorrupted(let context): return "dataCorrupted \(path(context.codingPath))"
        default: return "\(error)"
        }
    }

    @Test(
        "bad documents fail with JSONDecoder's error case and path",
        arguments: [
            #"{"format": 1}"#, #"{"generation": 1, "bundles": {}, "files": {}}"#,
            #"{"generation": "g", "bundles": {"a": 1}, "files": {}}"#,
            #"{"generation": "g", "bundles": {}, "files": {"/a": {"sha256": "x", "mode": "644", "bundle": "b", "actions": []}}}"#,
            #"{"generation": "g", "bundles": {}, "files": {"/a": {"sha256": "x", "mode": 1, "bundle": "b", "actions": [{"kind": "format"}]}}}"#,
            #"{"generation": "g", "bundles": {}, "files": {"/a": {"sha256": null, "mode": 1, "bundle": "b", "actions": []}}}"#,
            #"{"generation": "g", "bundles": {}, "files": {"/a": {"sha256": "x", "mode": true, "bundle": "b", "actions": []}}}"#,
            #"{"generation": "g", "bundles": {}, "files": {"/a": {"sha256": "x", "mode": 1, "bundle": "b", "actions": [null]}}}"#,
            #"{"generation": "g", "bundles": [], "files": {}}"#, #"[]"#, #"null"#,
            #"{"generation": "g", "bundles": {}, "files": {}} x"#,
            #"{"generation": "g""#, "{\"generation\": \"a\u{1}b\"}", #"{"generation": "\ud800"}"#,
            #"{"generation": "\x"}"#, "", "   ",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ ... 100,000 brackets",
        ])
    func sameErrors(_ argument: String) {
        let document = argument.hasSuffix("100,000 brackets") ? String(repeating: "[", count: 100_000) : argument
        let ours = Result { try JSONCodec.decode(AgentState.self, from: Array(document.utf8)) }
        let theirs = Result { try JSONDecoder().decode(AgentState.self, from: Data(document.utf8)) }
        guard case .failure(let error) = ours, case .failure(let reference) = theirs else {
            Issue.record("expected both to fail: ours \(ours), JSONDecoder \(theirs)")
            return
        }
        #expect(Self.shape(error) == Self.shape(reference), "\(error)")
    }

    @Test("leading zeros are not JSON (RFC 8259); JSONDecoder let them through to a type mismatch")
    func leadingZero() {
        #expect(throws: DecodingError.self) { try JSONCodec.decode([Int].self, from: Array("[01]".utf8)) }
        #expect((try? JSONCodec.decode([Int].self, from: Array("[0, -0, 10]".utf8))) == [0, 0, 10])
    }

    @Test("invalid UTF-8 in a string is not JSON")
    func invalidUTF8() {
        let bytes: [UInt8] = Array(#"{"generation": ""#.utf8) + [0xFF] + Array(#""}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONCodec.decode(AgentState.self, from: bytes) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AgentState.self, from: Data(bytes)) }
    }

    @Test("status --json builds its document from values: JSONSerialization's bytes")
    func valueTree() throws {
        let object: [String: Any] = [
            "generation": NSNull(), "bundles": ["b": "d"], "flag": false, "drift": [Self.nasty],
            "empty": [String: Any](),
        ]
        let value: JSONValue = .object([
            "generation": .null, "bundles": .object(["b": .string("d")]), "flag": .bool(false),
            "drift": .array([.string(Self.nasty)]), "empty": .object([:]),
        ])
        let reference = try JSONSerialization.data(
            withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        #expect(JSONCodec.encode(value) == [UInt8](reference))
    }

    @Test("whitespace is trimmed as Foundation trims .whitespacesAndNewlines")
    func trimming() {
        for text in ["", " ", "\n\tactivated\r\n", "\u{00A0}x y\u{2028}", "x", " \u{3000}é\u{301} "] {
            #expect(
                text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines),
                "\(Array(text.unicodeScalars))")
        }
    }
}
