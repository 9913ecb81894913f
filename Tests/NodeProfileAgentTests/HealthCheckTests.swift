import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileAgentCore

/// The greenboot check's verdict on the applied generation (`verify --health`): each unhealthy case set up first, then
/// its reason; waiting only for what can still come up at boot.
@Suite("Greenboot check: the applied generation")
struct HealthCheckTests {
    static let files: [String: (mode: Int, text: String, actions: [Action])] = [
        "/etc/nodeprofile/a.conf": (0o644, "a=1\n", [])
    ]
    static let spec = HealthSpec(
        bridge: "br-ex", addresses: [AddressCheck(address: nil, interface: "br-ex")], nodePortBlocks: [])

    /// A root with bundle `p` applied (not live: no actions run), and an agent that checks it against `runner` as if live.
    static func applied(runner: (any CommandRunner)? = nil) throws -> (AgentFixture, LoadedBundle, HealthCheck) {
        let fixture = try AgentFixture()
        let bundle = try fixture.install("p", files, health: spec)
        _ = try Agent.testing(fixture).apply([bundle])
        var agent = Agent(
            root: fixture.path, runner: runner ?? FakeRunner(), facts: FactResolver(overrides: [:], sleep: { _ in }),
            log: { _ in })
        agent.live = runner != nil
        return (fixture, bundle, HealthCheck(agent: agent))
    }

    @Test("healthy files and results; with --root the network is not checked, and that is said")
    func healthyOffline() throws {
        let (_, _, check) = try Self.applied()
        let report = check.run()
        #expect(report.healthy, "\(report.problems)")
        #expect(report.passed.count == 3 && report.passed[0] == "the last run ended ok", "\(report.passed)")
        #expect(report.notes == ["with --root, the running network (br-ex, addresses, NodePort rules) is not checked"])
    }

    @Test("no bundle installed and none applied: nothing to check, healthy")
    func nothingInstalled() throws {
        let fixture = try AgentFixture()
        let report = HealthCheck(agent: Agent.testing(fixture)).run()
        #expect(report.healthy && report.notes.first?.hasPrefix("no bundle is installed in ") == true, "\(report)")
    }

    @Test("a file changed on the device")
    func drift() throws {
        let (fixture, _, check) = try Self.applied()
        try Data("a=2\n".utf8).write(to: fixture.root.appendingPathComponent("etc/nodeprofile/a.conf"))
        let report = check.run()
        #expect(report.problems == ["changed on the device: /etc/nodeprofile/a.conf"] && !report.waitable)
    }

    @Test("the last apply failed")
    func lastApplyFailed() throws {
        let (fixture, _, check) = try Self.applied()
        let failing = Agent.testing(fixture, runner: FakeRunner(failing: "a.service"), live: true)
        var changed = Self.files
        changed["/etc/nodeprofile/a.conf"] = (0o644, "a=2\n", [Action(.restart, "a.service")])
        #expect(throws: (any Error).self) { try failing.apply([try fixture.install("p", changed, health: Self.spec)]) }
        _ = try fixture.install("p", Self.files, health: Self.spec)
        let report = check.run()
        #expect(
            report.problems == [
                "the last apply failed at step actions: systemctl try-restart --no-block a.service failed (exit 1): simulated failure"
            ],
            "\(report.problems)")
    }

    @Test("an apply stopped midway (journal pending)")
    func journalPending() throws {
        let (fixture, _, check) = try Self.applied()
        try Data(#"{"generation":"x","entries":[]}"#.utf8).write(
            to: fixture.root.appendingPathComponent("var/lib/nodeprofile/journal.json"))
        #expect(
            check.run().problems == ["an apply stopped midway (journal pending); the next apply finishes or undoes it"])
    }

    @Test("a bundle installed but not applied, and one applied but no longer installed")
    func bundlesNotApplied() throws {
        let (fixture, bundle, check) = try Self.applied()
        var changed = Self.files
        changed["/etc/nodeprofile/a.conf"] = (0o644, "a=3\n", [])
        let newer = try fixture.install("p", changed, health: Self.spec)
        #expect(
            check.run().problems == [
                "bundle nodeprofile-p (manifest \(newer.digest.prefix(12))) is installed but not applied (applied: manifest \(bundle.digest.prefix(12)))"
            ])
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("usr/lib/nodeprofile/p"))
        #expect(
            check.run().problems == [
                "bundle nodeprofile-p is applied but no longer installed (in \(fixture.path)/usr/lib/nodeprofile or \(fixture.path)/etc/nodeprofile/bundles)"
            ])
    }

    @Test(
        "a bundle in the kickstart's /etc/nodeprofile/bundles counts as installed, beside or instead of the package's")
    func kickstartDirectory() throws {
        let (fixture, bundle, check) = try Self.applied()
        let package = fixture.root.appendingPathComponent("usr/lib/nodeprofile/p")
        let kickstart = fixture.root.appendingPathComponent("etc/nodeprofile/bundles/p")
        try FileManager.default.createDirectory(
            at: kickstart.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: package, to: kickstart)
        #expect(check.run().healthy, "the same bundle in both places")
        try FileManager.default.removeItem(at: package)
        #expect(check.run().healthy, "only the kickstart's copy: \(check.run().problems)")
        try Data("{}".utf8).write(to: kickstart.appendingPathComponent("manifest.json"), options: .atomic)
        let problems = check.run().problems
        #expect(
            problems.count == 1
                && problems[0].hasPrefix("the installed bundle \(kickstart.path)/manifest.json cannot be read: "),
            "\(problems) (applied: \(bundle.digest.prefix(12)))")
    }

    @Test("an installed manifest that cannot be read")
    func unreadableManifest() throws {
        let (fixture, _, check) = try Self.applied()
        try Data("{".utf8).write(to: fixture.root.appendingPathComponent("usr/lib/nodeprofile/p/manifest.json"))
        let problems = check.run().problems
        #expect(
            problems.count == 1
                && problems[0].hasPrefix(
                    "the installed bundle \(fixture.path)/usr/lib/nodeprofile/p/manifest.json cannot be read: "),
            "\(problems)")
    }

    @Test("live: waits for br-ex to come up, and not for what waiting cannot heal")
    func waiting() throws {
        let namespace = try TestNamespace()
        namespace.must(
            ["ip", "link", "add", "br-ex", "type", "bridge"], ["ip", "addr", "add", "10.9.0.2/24", "dev", "br-ex"])
        let (fixture, _, check) = try Self.applied(runner: namespace.runner)
        #expect(check.run().problems == ["br-ex is down (state DOWN, flags BROADCAST,MULTICAST)"])
        #expect(check.run().waitable)
        let runner = namespace.runner
        let up = Thread {
            usleep(800_000)
            _ = runner.run(["ip", "link", "set", "br-ex", "up"])
        }
        up.start()
        var waited: [String] = []
        let report = check.run(waitingUpTo: 30, interval: 0.2) { waited = $0.problems }
        #expect(report.healthy && waited.first?.hasPrefix("br-ex is down") == true, "\(report.problems)")
        #expect(report.passed.suffix(2) == ["br-ex is up", "an IPv4 address on br-ex is present"])
        try Data("a=9\n".utf8).write(to: fixture.root.appendingPathComponent("etc/nodeprofile/a.conf"))
        namespace.must(["ip", "link", "set", "br-ex", "down"])
        let start = Date()
        let broken = check.run(waitingUpTo: 30, interval: 0.2)
        #expect(
            !broken.waitable && broken.problems.count == 2 && Date().timeIntervalSince(start) < 5, "\(broken.problems)")
    }
}

extension HealthCheckTests {
    @Test("a failed run, then a run with nothing to do: the no-op is the last result, and the check passes again")
    func noopAfterFailure() throws {
        let (fixture, bundle, check) = try Self.applied()
        let agent = Agent.testing(fixture)
        agent.recordFailure(AgentError.bundle("/nonexistent: no manifest.json"), step: .load)
        #expect(check.run().problems == ["the last apply failed at step load: /nonexistent: no manifest.json"])
        #expect(try agent.apply([bundle]).status == .noop)
        #expect(try agent.store.report()?.status == .noop)
        #expect(check.run().healthy)
    }
}
