import Foundation
import NodeProfileManifest
import NodeProfileSigning
import Testing

@testable import NodeProfileAgentCore

/// The no-op without JSON (`Agent.quickNoop`): taken only when nothing changed, with the full path's log and report;
/// anything changed (a file on the device, a bundle file, the manifest, the state, a fact, the record) declines it.
@Suite("Agent no-op fast path")
struct NoopFastPathTests {
    static let files: [String: (mode: Int, text: String, actions: [Action])] = [
        "/etc/nodeprofile/a.conf": (0o644, "a=1\n", [Action(.restart, "a.service")]),
        "/etc/nodeprofile/secret.conf": (0o600, "password=hunter2-not-in-the-record\n", []),
    ]

    /// A root where "p" was applied, then found unchanged by a full no-op (which wrote the record).
    struct Applied {
        let fixture: AgentFixture
        let bundle: LoadedBundle
        let agent: Agent
        let lines: LogLines
        let full: ApplyReport

        init(facts: [String: String] = [:]) throws {
            fixture = try AgentFixture()
            let specs =
                facts.isEmpty
                ? []
                : [FactSpec(name: "nic", source: .hostname, retries: 0, intervalSeconds: 0, pattern: "^[a-z0-9]+$")]
            var files = NoopFastPathTests.files
            if !facts.isEmpty { files["/etc/nodeprofile/nic.conf"] = (0o644, "nic=@@fact:nic@@\n", []) }
            bundle = try fixture.install("p", files, facts: specs)
            lines = LogLines()
            var agent = Agent.testing(fixture)
            agent.facts = FactResolver(source: nil, overrides: facts, sleep: { _ in })
            agent.log = { [lines] in lines.append($0) }
            self.agent = agent
            #expect(try agent.apply([bundle]).status == .ok)
            full = try agent.apply([bundle])
            #expect(full.status == .noop)
        }

        var directories: [String] { [bundle.directory] }
        var stateDirectory: URL { fixture.root.appendingPathComponent("var/lib/nodeprofile") }
        var recordURL: URL { stateDirectory.appendingPathComponent(NoopRecord.fileName) }
        func quick(_ policy: SignaturePolicy = AgentFixture.noKeys) -> ApplyReport? {
            agent.quickNoop(directories: directories, policy: policy)
        }
        func write(_ text: String, to path: String) throws {
            try Data(text.utf8).write(to: fixture.root.appendingPathComponent(String(path.dropFirst())))
        }
    }

    @Test("nothing changed: the fast path is taken, logs and reports what the full no-op did, and writes nothing")
    func taken() throws {
        let applied = try Applied()
        let names = try FileManager.default.contentsOfDirectory(atPath: applied.stateDirectory.path).sorted()
        let before = try names.map { try Data(contentsOf: applied.stateDirectory.appendingPathComponent($0)) }
        let fullLog = applied.lines.lines
        let report = try #require(applied.quick())
        #expect(report == applied.full)
        // A no-op logs nothing on either path: its report is what the command prints.
        #expect(applied.lines.lines == fullLog)
        #expect(try FileManager.default.contentsOfDirectory(atPath: applied.stateDirectory.path).sorted() == names)
        #expect(try names.map { try Data(contentsOf: applied.stateDirectory.appendingPathComponent($0)) } == before)
    }

    @Test("the record is 0600 and holds digests and paths, never a secret file's contents")
    func recordHoldsNoSecret() throws {
        let applied = try Applied()
        let attributes = try FileManager.default.attributesOfItem(atPath: applied.recordURL.path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let text = try String(contentsOf: applied.recordURL, encoding: .utf8)
        #expect(!text.contains("hunter2") && !text.contains("password"))
        #expect(text.contains("/etc/nodeprofile/secret.conf"))
    }

    @Test("a file changed on the device: the fast path declines, and the full path reports the drift as before")
    func drift() throws {
        let applied = try Applied()
        try applied.write("a=edited\n", to: "/etc/nodeprofile/a.conf")
        #expect(applied.quick() == nil)
        let report = try applied.agent.apply([applied.bundle])
        #expect(report.status == .ok && report.drift == ["/etc/nodeprofile/a.conf"])
        #expect(report.changed == ["/etc/nodeprofile/a.conf"])
    }

    @Test("a file's mode changed on the device, or a file is gone: the fast path declines")
    func modeAndRemoval() throws {
        let applied = try Applied()
        let path = applied.fixture.root.appendingPathComponent("etc/nodeprofile/secret.conf").path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(applied.quick() == nil)
        try FileManager.default.removeItem(atPath: path)
        #expect(applied.quick() == nil)
        #expect(try applied.agent.apply([applied.bundle]).drift == ["/etc/nodeprofile/secret.conf"])
    }

    @Test("a bundle file altered under an unchanged manifest: the fast path declines and the load refuses it")
    func bundleFileChanged() throws {
        let applied = try Applied()
        try applied.write("a=2\n", to: "/usr/lib/nodeprofile/p/root/etc/nodeprofile/a.conf")
        #expect(applied.quick() == nil)
        #expect(throws: AgentError.self) {
            try LoadedBundle.load(applied.bundle.directory, policy: AgentFixture.noKeys)
        }
    }

    @Test("a new manifest, or another set of bundle directories: the full path decides")
    func manifestChanged() throws {
        let applied = try Applied()
        #expect(
            applied.agent.quickNoop(directories: applied.directories + applied.directories, policy: AgentFixture.noKeys)
                == nil)
        #expect(applied.agent.quickNoop(directories: [], policy: AgentFixture.noKeys) == nil)
        var files = NoopFastPathTests.files
        files["/etc/nodeprofile/a.conf"]!.text = "a=2\n"
        let next = try applied.fixture.install("p", files)
        #expect(applied.quick() == nil)
        #expect(try applied.agent.apply([next]).changed == ["/etc/nodeprofile/a.conf"])
    }
}
