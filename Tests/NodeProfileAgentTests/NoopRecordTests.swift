import Foundation
import NodeProfileManifest
import NodeProfileSigning
import Testing

@testable import NodeProfileAgentCore

/// The no-op record itself: anything but an intact record of this agent, describing the state as it is, is no record.
@Suite("Agent no-op record")
struct NoopRecordTests {
    typealias Applied = NoopFastPathTests.Applied

    /// The record's bytes with its checksum line recomputed, so that only the content is wrong.
    static func resealed(_ text: String) -> Data {
        let body = String(text[..<text.range(of: "end\t")!.lowerBound])
        return Data((body + "end\t" + SHA256.hex(Array(body.utf8)) + "\n").utf8)
    }

    @Test("corrupt, truncated, resealed with another version, or emptied: declined without a crash, then rewritten")
    func damaged() throws {
        let applied = try Applied()
        let good = try Data(contentsOf: applied.recordURL)
        let text = String(decoding: good, as: UTF8.self)
        var flipped = good
        flipped[flipped.count / 2] ^= 0x01
        let versions = text.replacingOccurrences(of: "version\t\(NoopRecord.currentVersion)", with: "version\t0.0.1 1")
        let fewerFiles = text.components(separatedBy: "\n").filter { !$0.hasPrefix("file\t") }.joined(separator: "\n")
        let damaged = [
            good.prefix(good.count - 1), good.prefix(good.count / 2), Data(), flipped, Self.resealed(versions),
            Self.resealed(text.replacingOccurrences(of: "source\tplain", with: "source\tother")),
            Self.resealed(fewerFiles), Data("garbage\n".utf8),
        ]
        for bytes in damaged {
            try bytes.write(to: applied.recordURL)
            #expect(applied.quick() == nil)
        }
        #expect(try applied.agent.apply([applied.bundle]).status == .noop)
        #expect(try Data(contentsOf: applied.recordURL) == good, "the full no-op writes the record again")
        #expect(applied.quick() != nil)
    }

    @Test("a record that is a symlink, another user's or readable by others is not used")
    func foreign() throws {
        let applied = try Applied()
        let copy = applied.fixture.root.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: applied.recordURL, to: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: applied.recordURL.path)
        #expect(applied.quick() == nil)
        try FileManager.default.removeItem(at: applied.recordURL)
        try FileManager.default.createSymbolicLink(at: applied.recordURL, withDestinationURL: copy)
        #expect(applied.quick() == nil)
        if geteuid() == 0 {
            try FileManager.default.removeItem(at: applied.recordURL)
            try FileManager.default.copyItem(at: copy, to: applied.recordURL)
            #expect(applied.quick() != nil)
            #expect(chown(applied.recordURL.path, 65534, 65534) == 0)
            #expect(applied.quick() == nil)
        }
    }

    @Test("state.json or result.json changed, or a journal pending: the full path decides")
    func stateChanged() throws {
        let applied = try Applied()
        let state = applied.stateDirectory.appendingPathComponent("state.json")
        let saved = try Data(contentsOf: state)
        try (saved + Data("\n".utf8)).write(to: state)
        #expect(applied.quick() == nil)
        try saved.write(to: state)
        #expect(applied.quick() != nil)
        applied.agent.recordFailure(AgentError.bundle("test"), step: .load)
        #expect(applied.quick() == nil, "after a failure the full no-op rewrites result.json")
        #expect(try applied.agent.apply([applied.bundle]).status == .noop)
        #expect(try applied.agent.store.report()?.status == .noop)
        #expect(applied.quick() != nil)
        try Data("{}".utf8).write(to: applied.stateDirectory.appendingPathComponent("journal.json"))
        #expect(applied.quick() == nil)
    }

    @Test("a fact with another value, or a signature now required: the full path decides")
    func factsAndSignature() throws {
        let applied = try Applied(facts: ["nic": "eth0"])
        #expect(applied.quick() != nil)
        var other = applied.agent
        other.facts = FactResolver(source: nil, overrides: ["nic": "eth1"], sleep: { _ in })
        #expect(other.quickNoop(directories: applied.directories, policy: AgentFixture.noKeys) == nil)
        let required = SignaturePolicy(keys: [], directory: TrustedKeys.directory, requireSignature: true)
        #expect(applied.quick(required) == nil)
        #expect(throws: AgentError.self) { try LoadedBundle.load(applied.bundle.directory, policy: required) }
    }

    @Test("encoding round-trips, and a field holding a tab or a newline is not recorded")
    func roundTrip() throws {
        let record = NoopRecord(
            version: NoopRecord.currentVersion, root: "/r", state: "s", result: "none", generation: "g",
            rpmdb: "-,-,rpm",
            bundles: [.init(name: "p", digest: "d", directory: "/r/b", files: [("/etc/a\r", true, "k")])],
            facts: [
                FactSpec(
                    name: "nic", source: .interfaceMAC, interface: "@@fact:x@@", retries: 1, intervalSeconds: 2,
                    pattern: "^a b$")
            ],
            values: ["nic": "eth0"], files: ["/etc/a\r": .init(sha256: "h", mode: 0o600, bundle: "", actions: [])])
        #expect(NoopRecord.parse(try #require(record.encoded())) == record)
        var tabbed = record
        tabbed.values["nic"] = "a\tb"
        #expect(tabbed.encoded() == nil)
        tabbed = record
        tabbed.bundles[0].directory = "/r/\nb"
        #expect(tabbed.encoded() == nil)
    }
}
