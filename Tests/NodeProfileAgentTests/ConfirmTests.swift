import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileAgentCore

/// Commit or revert: a live apply that changes the uplink's connection takes a NetworkManager checkpoint before it
/// activates, confirms that the gateway answers within the window, and otherwise rolls back network and files.
@Suite("Confirm window")
struct ConfirmTests {
    static let keyfile = "/etc/NetworkManager/system-connections/ovs-if-br-ex.nmconnection"
    static let actions = [Action(.networkManagerReload), Action(.networkManagerActivate, "ovs-if-br-ex")]

    static func generation(gateway: String, comment: String = "# generated", extra: String? = nil) -> [String: (
        mode: Int, text: String, actions: [Action]
    )] {
        var files: [String: (mode: Int, text: String, actions: [Action])] = [
            keyfile: (
                0o600,
                "\(comment)\n[connection]\nid=ovs-if-br-ex\ntype=ovs-interface\ninterface-name=br-ex\n\n"
                    + "[ipv4]\nmethod=manual\naddress1=192.168.122.14/24,\(gateway)\n", actions
            )
        ]
        if let extra { files["/etc/nodeprofile/extra.conf"] = (0o644, extra, []) }
        return files
    }

    /// A fixture whose first generation (gateway .1) was applied at boot, and a live agent on `runner`.
    static func applied(_ runner: NetworkRunner, clock: StoppedClock = StoppedClock(), timeout: Int = 60) throws -> (
        AgentFixture, Agent
    ) {
        let fixture = try AgentFixture()
        var agent = Agent(
            root: fixture.path, runner: runner, facts: FactResolver(overrides: [:], sleep: { _ in }), log: { _ in })
        agent.live = true
        agent.confirm.timeout = timeout
        agent.confirm.now = { clock.now }
        agent.confirm.sleep = { clock.sleep($0) }
        runner.networkManagerRuns = false
        _ = try agent.apply([try fixture.install("lab", generation(gateway: "192.168.122.1"))])
        runner.networkManagerRuns = true
        return (fixture, agent)
    }

    @Test(
        "a changed gateway: checkpoint before reload and activation, timeout shortened, gateway pinged, checkpoint destroyed"
    )
    func commit() throws {
        let runner = NetworkRunner()
        let (fixture, agent) = try Self.applied(runner)
        let before = runner.ran.count
        let report = try agent.apply([try fixture.install("lab", Self.generation(gateway: "192.168.122.2"))])
        #expect(report.status == .ok)
        let ran = Array(runner.ran[before...])
        let order = [
            "CheckpointCreate aouu 0 390 6", "nmcli connection reload", "nmcli --wait 60 connection up ovs-if-br-ex",
            "CheckpointAdjustRollbackTimeout ou /org/freedesktop/NetworkManager/Checkpoint/7 90",
            "ping -c 1 -W 1 -n -q 192.168.122.2", "CheckpointDestroy o /org/freedesktop/NetworkManager/Checkpoint/7",
        ].map { step in ran.firstIndex { $0.contains(step) } }
        #expect(order.allSatisfy { $0 != nil } && order.map { $0 ?? -1 } == order.map { $0 ?? -1 }.sorted(), "\(ran)")
        #expect(!ran.contains { $0.contains("CheckpointRollback") })
        #expect(fixture.snapshot()[Self.keyfile]?.contains("192.168.122.2") == true)
    }

    @Test("a gateway that never answers: NetworkManager rolled back, the old keyfile back, step confirm, run fails")
    func revert() throws {
        let runner = NetworkRunner()
        let (fixture, agent) = try Self.applied(runner)
        let old = fixture.snapshot()
        let generation = try agent.store.state().generation
        runner.gatewayAnswers = false
        #expect(throws: AgentError.self) {
            try agent.apply([try fixture.install("lab", Self.generation(gateway: "192.168.122.99"))])
        }
        let ran = runner.ran
        let rollback = try #require(runner.index("CheckpointRollback o /org/freedesktop/NetworkManager/Checkpoint/7"))
        #expect(runner.index("ping -c 1 -W 1 -n -q 192.168.122.99")! < rollback)
        #expect(ran[rollback...].contains("nmcli connection reload"), "the restored keyfile is reloaded: \(ran)")
        #expect(!ran.contains { $0.contains("CheckpointDestroy") })
        #expect(fixture.snapshot() == old)
        let report = try #require(try agent.store.report())
        #expect(report.status == .failed && report.step == .confirm)
        #expect(report.error?.contains("did not reach its gateway 192.168.122.99 within 60 s") == true, "\(report)")
        #expect(try agent.store.state().generation == generation)
        #expect(!agent.store.journalPending)
    }

    @Test("the window lasts --confirm-timeout on the monotonic clock, and NetworkManager's own timeout outlasts it")
    func timeout() throws {
        let runner = NetworkRunner()
        let clock = StoppedClock()
        let (fixture, agent) = try Self.applied(runner, clock: clock, timeout: 5)
        runner.gatewayAnswers = false
        let start = clock.now
        #expect(throws: AgentError.self) {
            try agent.apply([try fixture.install("lab", Self.generation(gateway: "192.168.122.99"))])
        }
        #expect(clock.now - start >= 5 && clock.now - start < 7, "waited \(clock.now - start) s")
        #expect(runner.ran.filter { $0.hasPrefix("ping ") }.count == 6)
        #expect(runner.index("CheckpointCreate aouu 0 335 6") != nil, "\(runner.ran)")
        #expect(
            runner.index("CheckpointAdjustRollbackTimeout ou /org/freedesktop/NetworkManager/Checkpoint/7 35") != nil)
        #expect(try agent.store.report()?.error?.contains("within 5 s") == true)
    }

    @Test(
        "an active connection whose keyfile changed is activated again: NetworkManager keeps its old settings otherwise"
    )
    func reactivate() throws {
        let runner = NetworkRunner()
        let (fixture, agent) = try Self.applied(runner)
        runner.connectionState = "activated\n"
        let before = runner.ran.count
        _ = try agent.apply([try fixture.install("lab", Self.generation(gateway: "192.168.122.2"))])
        #expect(
            runner.ran[before...].contains("nmcli --wait 60 connection up ovs-if-br-ex"), "\(runner.ran[before...])")
        let unchanged = runner.ran.count
        _ = try agent.apply([try fixture.install("lab", Self.generation(gateway: "192.168.122.2", comment: "# x"))])
        #expect(!runner.ran[unchanged...].contains { $0.contains("connection up") }, "\(runner.ran[unchanged...])")
    }

    @Test("a keyfile whose connection settings are unchanged (a comment) and another file: no checkpoint")
    func unchangedUplink() throws {
        let runner = NetworkRunner()
        let (fixture, agent) = try Self.applied(runner)
        let report = try agent.apply([
            try fixture.install("lab", Self.generation(gateway: "192.168.122.1", comment: "# edited", extra: "x\n"))
        ])
        #expect(report.status == .ok && report.changed.count == 2)
        #expect(!runner.ran.contains { $0.hasPrefix("busctl") || $0.hasPrefix("ping") }, "\(runner.ran)")
    }

    @Test("at boot (NetworkManager not running yet, the first boot included) nothing is checkpointed or pinged")
    func firstBoot() throws {
        let runner = NetworkRunner()
        let (fixture, agent) = try Self.applied(runner)
        runner.networkManagerRuns = false
        let report = try agent.apply([try fixture.install("lab", Self.generation(gateway: "192.168.122.2"))])
        #expect(report.status == .ok)
        #expect(!runner.ran.contains { $0.hasPrefix("busctl") || $0.hasPrefix("ping") }, "\(runner.ran)")
    }

    @Test("a power cut in the window leaves a journal; the next boot's agent puts the previous generation's files back")
    func powerCut() throws {
        let runner = NetworkRunner()
        let (fixture, agent) = try Self.applied(runner)
        let old = fixture.snapshot()
        let generation = try agent.store.state().generation
        // The disk as a power cut in the window leaves it: everything the agent synced, copied at the first ping.
        let disk = try AgentFixture()
        runner.atFirstPing = {
            try? FileManager.default.removeItem(at: disk.root)
            try? FileManager.default.copyItem(at: fixture.root, to: disk.root)
        }
        _ = try agent.apply([try fixture.install("lab", Self.generation(gateway: "192.168.122.99"))])
        let boot = NetworkRunner()
        boot.networkManagerRuns = false
        var next = Agent(
            root: disk.path, runner: boot, facts: FactResolver(overrides: [:], sleep: { _ in }), log: { _ in })
        next.live = true
        #expect(next.store.journalPending, "the window ran with the journal pending")
        #expect(try next.recover())
        #expect(disk.snapshot() == old)
        #expect(try next.store.state().generation == generation)
        #expect(!next.store.journalPending)
    }
}
