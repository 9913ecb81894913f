import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileAgentCore

/// Collects an agent's log lines.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var lines: [String] { lock.withLock { stored } }
    func append(_ line: String) { lock.withLock { stored.append(line) } }
}

/// State keyed by ostree deployment, in one scratch tree: each deployment id has its own state under
/// /var/lib/nodeprofile/deployments/ID, a new deployment starts from the state of the one saved last, and a deployment
/// booted again after another one wrote its /etc reconciles that /etc to its own bundle instead of calling it drift.
@Suite("Agent state per ostree deployment")
struct DeploymentStateTests {
    static let a: [String: (mode: Int, text: String, actions: [Action])] = [
        "/etc/nodeprofile/shared.conf": (0o644, "from A\n", []),
        "/etc/nodeprofile/only-a.conf": (0o644, "a\n", []),
    ]
    static let b: [String: (mode: Int, text: String, actions: [Action])] = [
        "/etc/nodeprofile/shared.conf": (0o644, "from B\n", []),
        "/etc/nodeprofile/only-b.conf": (0o600, "b\n", []),
    ]

    static func agent(_ fixture: AgentFixture, _ deployment: String?, log: LogLines = LogLines()) -> Agent {
        Agent(
            root: fixture.path, runner: FakeRunner(), facts: FactResolver(overrides: [:], sleep: { _ in }),
            log: { log.append($0) },
            deployment: deployment)
    }

    @Test("a simulated rollback: deployment A's bundle, then B's, then A's again ends on A's files, with no drift")
    func simulatedRollback() throws {
        let fixture = try AgentFixture()
        let bundleA = try fixture.install("edge", Self.a)
        let bundleB = try fixture.install("edge", Self.b)
        _ = try Self.agent(fixture, "a.0").apply([bundleA])
        let filesA = fixture.snapshot()
        let logB = LogLines()
        let onB = try Self.agent(fixture, "b.0", log: logB).apply([bundleB])
        #expect(onB.status == .ok && onB.drift.isEmpty && onB.removed == ["/etc/nodeprofile/only-a.conf"], "\(onB)")
        #expect(logB.lines.contains("deployment b.0 has no state yet: starting from deployment a.0"), "\(logB.lines)")
        #expect(
            fixture.snapshot() == ["/etc/nodeprofile/shared.conf": "from B\n", "/etc/nodeprofile/only-b.conf": "b\n"])
        let logA = LogLines()
        let backOnA = try Self.agent(fixture, "a.0", log: logA).apply([bundleA])
        #expect(backOnA.status == .ok && backOnA.drift.isEmpty, "the files B's agent wrote are not drift: \(backOnA)")
        #expect(
            logA.lines.contains(
                "/etc holds what deployment b.0 applied, not what deployment a.0 applied last: starting from that"),
            "\(logA.lines)")
        #expect(fixture.snapshot() == filesA)
        #expect(try Self.agent(fixture, "a.0").apply([bundleA]).status == .noop)
        let store = StateStore(fs: RootFS(root: fixture.path), deployment: "a.0")
        #expect(store.lastDeployment() == "a.0")
        #expect(
            FileManager.default.fileExists(atPath: fixture.path + "/var/lib/nodeprofile/deployments/b.0/state.json"))
    }

    @Test("without deployments the same A, B, A calls B's files drift: the behaviour keying replaces")
    func unkeyedIsDrift() throws {
        let fixture = try AgentFixture()
        let bundleA = try fixture.install("edge", Self.a)
        _ = try Self.agent(fixture, nil).apply([bundleA])
        // Deployment B's /etc, written by an agent whose state A never sees: here, the same tree changed behind A's back.
        try Data("from B\n".utf8).write(to: fixture.root.appendingPathComponent("etc/nodeprofile/shared.conf"))
        #expect(try Self.agent(fixture, nil).apply([bundleA]).drift == ["/etc/nodeprofile/shared.conf"])
    }

    @Test("an agent that kept unkeyed state: the first keyed boot starts from it and finds nothing to do")
    func fromUnkeyedState() throws {
        let fixture = try AgentFixture()
        let bundleA = try fixture.install("edge", Self.a)
        _ = try Self.agent(fixture, nil).apply([bundleA])
        let log = LogLines()
        let report = try Self.agent(fixture, "a.0", log: log).apply([bundleA])
        #expect(report.status == .noop && report.drift.isEmpty, "\(report)")
        #expect(
            log.lines.first?.hasPrefix("deployment a.0 has no state yet: starting from the agent's state from before")
                == true, "\(log.lines)")
        #expect(
            FileManager.default.fileExists(atPath: fixture.path + "/var/lib/nodeprofile/deployments/a.0/state.json"),
            "the inherited state is saved as the deployment's own even when there is nothing to apply")
    }

    @Test("a file edited on the device is still drift on its own deployment")
    func ownDriftStays() throws {
        let fixture = try AgentFixture()
        let bundleA = try fixture.install("edge", Self.a)
        _ = try Self.agent(fixture, "a.0").apply([bundleA])
        try Data("edited\n".utf8).write(to: fixture.root.appendingPathComponent("etc/nodeprofile/only-a.conf"))
        let report = try Self.agent(fixture, "a.0").apply([bundleA])
        #expect(report.drift == ["/etc/nodeprofile/only-a.conf"] && report.changed == ["/etc/nodeprofile/only-a.conf"])
    }

    @Test("journal, result and previous generation belong to their deployment")
    func perDeploymentFiles() throws {
        let fixture = try AgentFixture()
        let bundleA = try fixture.install("edge", Self.a)
        let bundleB = try fixture.install("edge", Self.b)
        _ = try Self.agent(fixture, "a.0").apply([bundleA])
        _ = try Self.agent(fixture, "b.0").apply([bundleB])
        // A journal B left (a run on B cut short) is B's to finish; A neither sees nor recovers it.
        let journal = fixture.path + "/var/lib/nodeprofile/deployments/b.0/journal.json"
        try Data(#"{"generation":"x","entries":[]}"#.utf8).write(to: URL(fileURLWithPath: journal))
        #expect(!Self.agent(fixture, "a.0").store.journalPending && Self.agent(fixture, "b.0").store.journalPending)
        // B's previous generation is the one its /etc held before (A's, inherited): B's rollback restores B's own copies.
        #expect(
            try Self.agent(fixture, "b.0").store.state().previous?.generation
                == StateStore(fs: RootFS(root: fixture.path), deployment: "a.0").state().generation)
        #expect(try Self.agent(fixture, "a.0").store.report()?.status == .ok)
    }
}
