import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileAgentCore

/// The confirm window with the profile's `network.gateway.confirmTargets` (manifest `health.confirmTargets`): the
/// change commits only when the gateway and every target answered, and otherwise reverts naming what did not.
@Suite("Confirm window: the profile's targets")
struct ConfirmTargetTests {
    static let targets = ["10.0.0.10", "172.16.5.1"]

    /// The next generation (gateway .2), its manifest naming `targets`.
    static func next(_ fixture: AgentFixture, targets: [String]? = Self.targets) throws -> LoadedBundle {
        try fixture.install(
            "lab", ConfirmTests.generation(gateway: "192.168.122.2"),
            health: HealthSpec(bridge: nil, addresses: [], nodePortBlocks: [], confirmTargets: targets))
    }

    @Test("the gateway and every target answer: each pinged, then the checkpoint destroyed")
    func commit() throws {
        let runner = NetworkRunner()
        let (fixture, agent) = try ConfirmTests.applied(runner)
        let report = try agent.apply([try Self.next(fixture)])
        #expect(report.status == .ok)
        let destroy = try #require(runner.index("CheckpointDestroy o /org/freedesktop/NetworkManager/Checkpoint/7"))
        for address in ["192.168.122.2"] + Self.targets {
            let ping = try #require(runner.index("ping -c 1 -W 1 -n -q \(address)"), "\(runner.ran)")
            #expect(ping < destroy)
        }
        #expect(!runner.ran.contains { $0.contains("CheckpointRollback") })
    }

    @Test("a target that never answers: rolled back although the gateway answers, the result names the target")
    func silentTarget() throws {
        let runner = NetworkRunner()
        let (fixture, agent) = try ConfirmTests.applied(runner, timeout: 5)
        let old = fixture.snapshot()
        runner.silent = ["172.16.5.1"]
        #expect(throws: AgentError.self) { try agent.apply([try Self.next(fixture)]) }
        #expect(runner.index("CheckpointRollback o /org/freedesktop/NetworkManager/Checkpoint/7") != nil)
        #expect(!runner.ran.contains { $0.contains("CheckpointDestroy") })
        #expect(fixture.snapshot() == old)
        // Once answered, an address is not pinged again.
        #expect(runner.ran.filter { $0 == "ping -c 1 -W 1 -n -q 10.0.0.10" }.count == 1, "\(runner.ran)")
        let report = try #require(try agent.store.report())
        #expect(report.status == .failed && report.step == .confirm)
        #expect(
            report.error
                == "the device reached its gateway 192.168.122.2, but within 5 s of activation the confirm target "
                + "172.16.5.1 (network.gateway.confirmTargets) did not answer", "\(report)")
    }

    @Test("neither the gateway nor the targets answer: the result names the gateway and both targets")
    func nothingAnswers() throws {
        let runner = NetworkRunner()
        let (fixture, agent) = try ConfirmTests.applied(runner, timeout: 3)
        runner.gatewayAnswers = false
        #expect(throws: AgentError.self) { try agent.apply([try Self.next(fixture)]) }
        let error = try #require(try agent.store.report()?.error)
        #expect(
            error
                == "the device did not reach its gateway 192.168.122.2 within 3 s of activation (4 pings unanswered); "
                + "the confirm targets 10.0.0.10, 172.16.5.1 (network.gateway.confirmTargets) did not answer",
            "\(error)")
    }

    @Test("targets of several bundles are pinged once each")
    func targetsOnce() {
        let specs = [
            HealthSpec(bridge: nil, addresses: [], nodePortBlocks: [], confirmTargets: ["10.0.0.10", "10.0.0.11"]),
            HealthSpec(bridge: nil, addresses: [], nodePortBlocks: []),
            HealthSpec(bridge: nil, addresses: [], nodePortBlocks: [], confirmTargets: ["10.0.0.11", "10.0.0.12"]),
        ]
        #expect(UplinkChange.confirmTargets(specs) == ["10.0.0.10", "10.0.0.11", "10.0.0.12"])
    }
}
