import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileAgentCore

/// A file someone else wrote before the agent's first write at its path is adopted (kept, put back later) or refused.
@Suite("Adopting files the agent did not write")
struct AdoptTests {
    static let ovn = "/etc/microshift/ovn.yaml"
    static let userOVN = "mtu: 1400\n# the user's own settings\n"

    /// A root holding the user's own ovn.yaml (mode 0640) and a file no bundle names.
    static func userRoot() throws -> AgentFixture {
        let fixture = try AgentFixture()
        try write(fixture, ovn, userOVN, mode: 0o640)
        try write(fixture, "/etc/microshift/lvmd.yaml", "user: lvmd\n", mode: 0o644)
        return fixture
    }

    static func write(_ fixture: AgentFixture, _ path: String, _ text: String, mode: Int) throws {
        let url = fixture.root.appendingPathComponent(String(path.dropFirst()))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
    }

    static func file(_ fixture: AgentFixture, _ path: String) -> (text: String?, mode: Int?) {
        let url = fixture.root.appendingPathComponent(String(path.dropFirst()))
        let mode = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.posixPermissions] as? Int
        return (try? String(contentsOf: url, encoding: .utf8), mode)
    }

    @Test("an adopted file is kept across generations and put back byte for byte, with its mode, once none writes it")
    func adoptAndPutBack() throws {
        let fixture = try Self.userRoot()
        let agent = Agent.testing(fixture)
        let first = try fixture.install("a", [Self.ovn: (0o644, "mtu: 1500\n", []), "/etc/a.conf": (0o644, "a\n", [])])
        let applied = try agent.apply([first])
        #expect(applied.adopted == [Self.ovn])
        #expect(Self.file(fixture, Self.ovn).text == "mtu: 1500\n")
        #expect(try agent.store.state().adopted?[Self.ovn]?.mode == 0o640)
        // A second and a third generation write the path again: previous/ is overwritten, the original is not.
        for text in ["mtu: 1450\n", "mtu: 1460\n"] {
            let next = try fixture.install("a", [Self.ovn: (0o644, text, []), "/etc/a.conf": (0o644, "a\n", [])])
            #expect(try agent.apply([next]).adopted == nil, "adopted once, not again")
        }
        let last = try fixture.install("a", ["/etc/a.conf": (0o644, "a\n", [])])
        let released = try agent.apply([last])
        #expect(released.putBack == [Self.ovn] && released.removed.isEmpty, "\(released)")
        #expect(Self.file(fixture, Self.ovn) == (Self.userOVN, 0o640))
        #expect(Self.file(fixture, "/etc/microshift/lvmd.yaml").text == "user: lvmd\n")
        #expect(try agent.store.state().adopted == nil)
        // The copy stays while the previous generation (rollback's) refers to it, then goes.
        let copy = fixture.root.appendingPathComponent("var/lib/nodeprofile/adopted/etc/microshift/ovn.yaml")
        #expect(FileManager.default.fileExists(atPath: copy.path))
        _ = try agent.apply([try fixture.install("a", ["/etc/a.conf": (0o644, "b\n", [])])])
        #expect(!FileManager.default.fileExists(atPath: copy.path), "no generation refers to the copy any more")
    }

    @Test("--remove-all and rollback both end with the user's original")
    func removeAllAndRollback() throws {
        let fixture = try Self.userRoot()
        let agent = Agent.testing(fixture)
        _ = try agent.apply([try fixture.install("a", [Self.ovn: (0o644, "mtu: 1500\n", [])])])
        _ = try agent.rollback()
        #expect(Self.file(fixture, Self.ovn) == (Self.userOVN, 0o640), "rollback of the adopting generation")
        #expect(try agent.store.state().adopted == nil)
        _ = try agent.apply([try fixture.install("a", [Self.ovn: (0o644, "mtu: 1500\n", [])])])
        let removed = try agent.apply([])
        #expect(removed.putBack == [Self.ovn], "\(removed)")
        #expect(Self.file(fixture, Self.ovn) == (Self.userOVN, 0o640))
        // Rolling back the release brings nodeprofile's file, and its adoption, back.
        _ = try agent.rollback()
        #expect(Self.file(fixture, Self.ovn).text == "mtu: 1500\n")
        #expect(try agent.store.state().adopted?[Self.ovn] != nil)
        #expect(try agent.apply([]).putBack == [Self.ovn], "the copy survived the rollback")
        #expect(Self.file(fixture, Self.ovn) == (Self.userOVN, 0o640))
    }

    @Test("a file whose device reads one file only is refused, naming why, and nothing is written")
    func refusal() throws {
        let fixture = try Self.userRoot()
        let agent = Agent.testing(fixture)
        let before = fixture.snapshot()
        let bundle = try fixture.install(
            "a", [Self.ovn: (0o644, "mtu: 1500\n", []), "/etc/a.conf": (0o644, "a\n", [])],
            refusing: [Self.ovn: "MicroShift reads this one file"])
        for dryRun in [true, false] {
            #expect {
                try agent.apply([bundle], dryRun: dryRun)
            } throws: {
                "\($0)".contains(
                    "ovn.yaml is already there and nodeprofile did not write it: MicroShift reads this one file")
                    && "\($0)".hasSuffix("; nothing was changed")
            }
        }
        #expect(fixture.snapshot() == before)
        let report = try #require(try agent.store.report())
        #expect(report.status == .failed && report.step == .adopt)
        // The same bytes as the bundle's are no conflict: adopted, not refused.
        try Self.write(fixture, Self.ovn, "mtu: 1500\n", mode: 0o644)
        #expect(try agent.apply([bundle]).adopted == [Self.ovn])
    }

    @Test("a missing adopted copy never removes the file: it is left as the agent wrote it")
    func lostCopy() throws {
        let fixture = try Self.userRoot()
        let agent = Agent.testing(fixture)
        _ = try agent.apply([try fixture.install("a", [Self.ovn: (0o644, "mtu: 1500\n", [])])])
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("var/lib/nodeprofile/adopted"))
        let report = try agent.apply([])
        #expect(report.putBack == nil && report.removed.isEmpty)
        #expect(Self.file(fixture, Self.ovn).text == "mtu: 1500\n")
    }

    @Test("a failed apply keeps the user's file and its adoption record unchanged")
    func failedApply() throws {
        let fixture = try Self.userRoot()
        let runner = FakeRunner(failing: "daemon-reload")
        let agent = Agent.testing(fixture, runner: runner, live: true)
        let bundle = try fixture.install("a", [Self.ovn: (0o644, "mtu: 1500\n", [Action(.daemonReload)])])
        #expect(throws: (any Error).self) { try agent.apply([bundle]) }
        #expect(Self.file(fixture, Self.ovn) == (Self.userOVN, 0o640))
        #expect(try agent.store.state().adopted == nil)
        #expect(try Agent.testing(fixture).apply([bundle]).adopted == [Self.ovn], "adopted by the next good run")
    }

    @Test("a deployment that inherits another's state inherits the originals it adopted")
    func inheritedDeployment() throws {
        let fixture = try Self.userRoot()
        func agent(_ deployment: String) -> Agent {
            var agent = Agent(
                root: fixture.path, runner: FakeRunner(), facts: FactResolver(overrides: [:], sleep: { _ in }),
                log: { _ in }, deployment: deployment)
            agent.live = false
            return agent
        }
        _ = try agent("a.0").apply([try fixture.install("a", [Self.ovn: (0o644, "mtu: 1500\n", [])])])
        let report = try agent("b.0").apply([try fixture.install("a", ["/etc/a.conf": (0o644, "a\n", [])])])
        #expect(report.putBack == [Self.ovn], "\(report)")
        #expect(Self.file(fixture, Self.ovn) == (Self.userOVN, 0o640))
    }
}
