import Foundation
import NodeProfileTestSupport
import Testing

/// The agent refuses, before writing anything, a gateway NIC that the bundle's ethernet keyfile cannot configure:
/// by its name when the NIC is given with `--fact` (all `--root` can know), and by what /sys says it is when the
/// facts come from the system, here a real network namespace whose default route runs over a bridge.
@Suite("nodeprofile-agent refuses an uplink it cannot configure (built binary)")
struct AgentUplinkTests {
    static let names = ["lo", "bond0", "eth0.100"]

    @Test(
        "--root with --fact gateway.nic naming a loopback, bond or VLAN: refused by name, nothing written",
        arguments: names)
    func refusedByName(_ nic: String) throws {
        let bundle = try BuiltBundle.build("default")
        let root = AgentMisuseTests.freshRoot()
        try AgentCrashTests.install(bundle, into: root)
        let run = try AgentMisuseTests.agent([
            "apply", "--root", root.path, "--fact", "gateway.nic=\(nic)", "--fact", "gateway.nic.mac=52:54:00:12:34:56",
            "--fact", "gateway.nic.mtu=1500",
        ])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("gateway NIC: '\(nic)' is "), "\(run.stderr)")
        #expect(run.stderr.contains("name the physical NIC in network.gateway.interface"), "\(run.stderr)")
        #expect(try AgentCrashTests.tree(root).isEmpty)
    }

    @Test("--dry-run says an apply would refuse the NIC, and why, instead of asking for facts already given")
    func dryRun() throws {
        let bundle = try BuiltBundle.build("default")
        let root = AgentMisuseTests.freshRoot()
        try AgentCrashTests.install(bundle, into: root)
        let run = try AgentMisuseTests.agent([
            "apply", "--dry-run", "--root", root.path, "--fact", "gateway.nic=bond0", "--fact",
            "gateway.nic.mac=52:54:00:12:34:56", "--fact", "gateway.nic.mtu=1500",
        ])
        #expect(
            run.stdout.contains(
                "fact gateway.nic.mac: an apply would refuse it: gateway NIC: 'bond0' is named as a bond"),
            "\(run.stdout)")
        #expect(!run.stdout.contains("pass --fact gateway.nic.mac"), "\(run.stdout)")
        #expect(try AgentCrashTests.tree(root).isEmpty)
    }

    @Test(
        "--facts-from-host in a namespace whose default route is on a bridge: refused, naming /sys; on a veth: applied")
    func refusedByDevice() throws {
        let bundle = try BuiltBundle.build("default")
        let namespace = try UplinkNamespace()
        for command in [
            ["link", "add", "uplink0", "type", "bridge"], ["link", "set", "uplink0", "up"],
            ["addr", "add", "10.9.0.2/24", "dev", "uplink0"], ["route", "add", "default", "via", "10.9.0.1"],
        ] {
            try namespace.must(command)
        }
        let agent = try BuiltBinary.path("nodeprofile-agent")
        let bridged = AgentMisuseTests.freshRoot()
        try AgentCrashTests.install(bundle, into: bridged)
        let refused = try namespace.run([agent, "apply", "--root", bridged.path, "--facts-from-host"])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(
            refused.stderr.contains("gateway NIC uplink0 is a bridge (/sys/class/net/uplink0/bridge)"),
            "\(refused.stderr)")
        #expect(try AgentCrashTests.tree(bridged).isEmpty)

        for command in [
            ["link", "add", "eth0", "type", "veth", "peer", "name", "peer0"], ["link", "set", "eth0", "up"],
            ["link", "set", "peer0", "up"], ["addr", "add", "10.8.0.2/24", "dev", "eth0"],
            ["route", "replace", "default", "via", "10.8.0.1", "dev", "eth0"],
        ] {
            try namespace.must(command)
        }
        let plain = AgentMisuseTests.freshRoot()
        try AgentCrashTests.install(bundle, into: plain)
        let applied = try namespace.run([agent, "apply", "--root", plain.path, "--facts-from-host"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        let keyfile = try String(
            contentsOf: plain.appendingPathComponent("etc/NetworkManager/system-connections/ovs-if-phys0.nmconnection"),
            encoding: .utf8)
        #expect(keyfile.contains("interface-name=eth0\n"), "\(keyfile)")
    }
}

/// A network namespace for one test, deleted afterwards; its commands see its own /sys and /proc/net.
private final class UplinkNamespace {
    let name = Tool.uniqueName("np-uplink-")

    init() throws {
        let made = try Tool.run("ip", ["netns", "add", name])
        guard made.status == 0 else {
            Issue.record("cannot create network namespace \(name) (root and iproute2 are needed): \(made.stderr)")
            throw CancellationError()
        }
    }

    /// Runs `command` (a path and its arguments) inside the namespace.
    func run(_ command: [String]) throws -> BuiltBinary.Run { try Tool.run("ip", ["netns", "exec", name] + command) }

    /// Runs `ip ARGUMENTS` inside the namespace, recording a failure.
    func must(_ arguments: [String]) throws {
        let result = try Tool.run("ip", ["-n", name] + arguments)
        if result.status != 0 { Issue.record("ip \(arguments.joined(separator: " ")): \(result.stderr)") }
    }

    deinit { _ = try? Tool.run("ip", ["netns", "delete", name]) }
}
