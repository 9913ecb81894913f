import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileAgentCore

/// The order of the agent's actions around Open vSwitch (a restart of OVS under a br-ex that
/// NetworkManager had just activated broke its OVSDB connection, and the next ping failed).
@Suite("Agent action order")
struct ActionOrderTests {
    static let actions = [
        Action(.restart, "microshift.service"), Action(.networkManagerActivate, "ovs-if-br-ex"),
        Action(.restart, "ovs-vswitchd.service"), Action(.networkManagerReload), Action(.daemonReload),
        Action(.restart, "ovsdb-server.service"), Action(.ovsSettings),
    ]

    @Test(
        "Open vSwitch restarts (ovsdb-server first), waited for, before NetworkManager reloads and activates; other restarts last"
    )
    func openVSwitchFirst() throws {
        let runner = FakeRunner()
        let fixture = try AgentFixture()
        let ran = try ActionRunner(runner: runner, fs: RootFS(root: fixture.path)).run(
            Self.actions, removed: [], log: { _ in })
        #expect(
            ran == [
                "systemctl daemon-reload", "systemctl try-restart ovsdb-server.service",
                "systemctl try-restart ovs-vswitchd.service",
                "nmcli general reload", "nmcli connection reload", "nmcli --wait 60 connection up ovs-if-br-ex",
                "systemctl restart --no-block nodeprofile-ovs-init.service",
                "systemctl try-restart --no-block microshift.service",
            ])
    }

    @Test("at boot (NetworkManager not running yet) every restart is queued without waiting")
    func bootDoesNotWait() throws {
        let runner = FakeRunner(failing: "is-active --quiet NetworkManager.service")
        let fixture = try AgentFixture()
        let commands = ActionRunner(runner: runner, fs: RootFS(root: fixture.path)).commands(
            for: Action(.restart, "ovs-vswitchd.service"), removed: [])
        #expect(commands == [["systemctl", "try-restart", "--no-block", "ovs-vswitchd.service"]])
    }

    /// NetworkManager reporting the connection activated (it autoconnected after the reload).
    struct Autoconnected: CommandRunner {
        func run(_ command: [String]) -> (status: Int32, output: String) {
            command.contains("GENERAL.STATE") ? (0, "activated\n") : (0, "")
        }
    }

    @Test("a connection NetworkManager has already activated is not activated a second time")
    func noSecondActivation() throws {
        let fixture = try AgentFixture()
        var logged: [String] = []
        let ran = try ActionRunner(runner: Autoconnected(), fs: RootFS(root: fixture.path))
            .run(
                [Action(.networkManagerReload), Action(.networkManagerActivate, "ovs-if-br-ex")], removed: [],
                log: { logged.append($0) })
        #expect(ran == ["nmcli general reload", "nmcli connection reload"])
        #expect(logged.contains("NetworkManager has activated ovs-if-br-ex"))
    }
}
