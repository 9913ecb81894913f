import Foundation
import NodeProfileTestSupport
import Testing

/// The no-op re-run through the built agent: the run that finds its record (the third) prints, logs, exits and leaves
/// the state exactly as the full no-op before it (the second, which wrote the record) did.
@Suite("nodeprofile-agent no-op re-run (built binary)")
struct AgentNoopTests {
    @Test("the no-op from the record is byte for byte the full no-op: stdout, stderr, status, state; no secret in it")
    func identical() throws {
        let bundle = try BuiltBundle.build("proxy")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("np-noop-\(UUID().uuidString)")
        try AgentCrashTests.install(bundle, into: root)
        #expect(try AgentCrashTests.apply(root).status == 0)
        let full = try AgentCrashTests.apply(root)
        // The lock holds the pid of the run that took it last.
        func tree() throws -> [String: String] {
            try AgentCrashTests.tree(root, includeState: true).filter { $0.key != "/var/lib/nodeprofile/lock" }
        }
        let state = try tree()
        let record = root.appendingPathComponent("var/lib/nodeprofile/noop-record")
        #expect(state["/var/lib/nodeprofile/noop-record"]?.hasPrefix("0600 ") == true)
        let quick = try AgentCrashTests.apply(root)
        #expect(full.status == 0 && full.stdout.hasPrefix("up to date: generation"))
        #expect(quick.status == full.status && quick.stdout == full.stdout && quick.stderr == full.stderr)
        #expect(try tree() == state)
        let password = try String(
            contentsOf: BuiltBinary.repository.appendingPathComponent("blueprints/secrets/proxy.pass"), encoding: .utf8
        )
        .trimmingCharacters(in: .newlines)
        #expect(!(try String(contentsOf: record, encoding: .utf8)).contains(password))
        // A file edited on the device: drift, reported and repaired as without a record.
        let edited = root.appendingPathComponent("etc/nodeprofile/proxy/crio.env")
        try Data("edited\n".utf8).write(to: edited)
        let repaired = try AgentCrashTests.apply(root)
        #expect(
            repaired.status == 0 && repaired.stdout.hasPrefix("applied generation")
                && repaired.stdout.contains("1 written"))
        #expect(repaired.stderr.contains("drift: /etc/nodeprofile/proxy/crio.env was changed on the device"))
    }
}
