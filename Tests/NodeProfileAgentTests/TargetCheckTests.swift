import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileAgentCore

/// The target step's decisions, with a runner that answers rpm as scripted (the real rpm is in
/// AgentTargetRPMTests): which answers refuse, which apply, what is recorded, and that nothing is written first.
@Suite("Agent target check")
struct TargetCheckTests {
    /// Answers `rpm` with a fixed status and output; records every command.
    final class RPMRunner: CommandRunner, @unchecked Sendable {
        private let lock = NSLock()
        private var commands: [[String]] = []
        let status: Int32
        let output: String

        init(status: Int32, output: String) {
            self.status = status
            self.output = output
        }

        var ran: [[String]] { lock.withLock { commands } }

        func run(_ command: [String]) -> (status: Int32, output: String) {
            lock.withLock { commands.append(command) }
            return command.first == "rpm" ? (status, output) : (0, "")
        }
    }

    static let files: [String: (mode: Int, text: String, actions: [Action])] = [
        "/etc/nodeprofile/a.conf": (0o644, "a=1\n", [])
    ]

    /// A fixture whose root has an (empty) rpm database file at RHEL's path, and an agent on it using `runner`.
    static func setUp(_ runner: RPMRunner) throws -> (AgentFixture, Agent, LoadedBundle) {
        let fixture = try AgentFixture()
        let database = fixture.root.appendingPathComponent("var/lib/rpm")
        try FileManager.default.createDirectory(at: database, withIntermediateDirectories: true)
        try Data().write(to: database.appendingPathComponent("rpmdb.sqlite"))
        var agent = Agent(root: fixture.path, runner: runner, facts: FactResolver(overrides: [:]), log: { _ in })
        agent.live = false
        return (fixture, agent, try fixture.install("p", files))
    }

    @Test("another minor release is refused at step target, before anything is written; rpm is asked as documented")
    func refused() throws {
        let runner = RPMRunner(status: 0, output: "microshift\t4.18.2\n")
        let (fixture, agent, bundle) = try Self.setUp(runner)
        #expect {
            try agent.apply([bundle])
        } throws: {
            "\($0)".contains("bundle nodeprofile-p targets MicroShift 4.13, but MicroShift 4.18.2 is installed")
                && "\($0)".contains(#"target.microshift: "4.18""#)
        }
        #expect(fixture.snapshot().isEmpty)
        let report = try #require(try agent.store.report())
        #expect(report.status == .failed && report.step == .target)
        #expect(
            runner.ran == [
                ["rpm", "--root", fixture.path, "--dbpath", "/var/lib/rpm", "-qa", "--qf", "%{NAME}\t%{VERSION}\n"]
                    + ["microshift"]
            ])
        #expect(throws: AgentError.self) { try agent.apply([bundle], dryRun: true) }
    }

    @Test(
        "the same minor release, no microshift package, and no rpm database apply",
        arguments: [(0, "microshift\t4.13.9\n"), (0, ""), (1, "")])
    func allowed(_ status: Int32, _ output: String) throws {
        let (fixture, agent, bundle) = try Self.setUp(RPMRunner(status: status, output: output))
        #expect(try agent.apply([bundle]).status == .ok)
        #expect(fixture.snapshot() == ["/etc/nodeprofile/a.conf": "a=1\n"])
        let bare = try AgentFixture()
        let runner = RPMRunner(status: 0, output: "microshift\t4.18.2\n")
        let plain = Agent(root: bare.path, runner: runner, facts: FactResolver(overrides: [:]), log: { _ in })
        #expect(try plain.apply([try bare.install("p", Self.files)]).status == .ok)
        #expect(runner.ran.isEmpty, "no database: rpm is not run (it would create one)")
    }

    @Test("no rpm command: applied, with a note the report keeps")
    func noRPM() throws {
        let (_, agent, bundle) = try Self.setUp(RPMRunner(status: 127, output: "rpm: not found"))
        let report = try agent.apply([bundle])
        #expect(report.status == .ok)
        #expect(report.notes?.first?.contains("the installed MicroShift release was not checked") == true)
        #expect(try agent.store.report()?.notes == report.notes)
    }

    @Test("a database rpm cannot read is refused at step target, with rpm's words")
    func unreadable() throws {
        let runner = RPMRunner(status: 1, output: "error: cannot open Packages database in /var/lib/rpm\n")
        let (_, agent, bundle) = try Self.setUp(runner)
        #expect { try agent.apply([bundle]) } throws: { "\($0)".contains("cannot open Packages database") }
        #expect(try agent.store.report()?.step == .target)
    }

    @Test(
        "releases compare by major.minor",
        arguments: [
            ("4.18.2", "4.18"), ("4.15.0~rc.1", "4.15"), ("5.0", "5.0"), ("4.13", "4.13"), ("4", nil),
            ("x.1", nil), ("4.x", nil), ("", nil),
        ] as [(String, String?)])
    func minor(_ version: String, _ expected: String?) {
        #expect(InstalledMicroShift.minor(version) == expected)
    }
}
