import Foundation
import NodeProfileTestSupport
import Testing

/// The OVS init script against a real userspace Open vSwitch (ovsdb-server and ovs-vswitchd in a namespace).
@Suite("Conformance: Open vSwitch")
struct OVSConformanceTests {
    /// A private Open vSwitch: its own database, daemons and run directory, stopped by their pidfiles.
    final class UserspaceOVS {
        let namespace: NetworkNamespace
        let rundir: URL
        var environment: [String: String] {
            ["OVS_RUNDIR": rundir.path, "OVS_DBDIR": rundir.path, "OVS_LOGDIR": rundir.path]
        }

        init() throws {
            namespace = try NetworkNamespace("np-ovs-")
            rundir = FileManager.default.temporaryDirectory.appendingPathComponent(Tool.uniqueName("np-ovs-"))
            try FileManager.default.createDirectory(at: rundir, withIntermediateDirectories: true)
            let db = rundir.appendingPathComponent("conf.db").path
            let socket = "unix:\(rundir.path)/db.sock"
            try expectSuccess(Tool.run("ovsdb-tool", ["create", db, "/usr/share/openvswitch/vswitch.ovsschema"]))
            try daemon(
                "ovsdb-server",
                [
                    db, "--remote=punix:\(rundir.path)/db.sock", "--pidfile=\(rundir.path)/ovsdb-server.pid",
                    "--log-file=\(rundir.path)/ovsdb-server.log", "--detach",
                ])
            try expectSuccess(vsctl(["--no-wait", "init"]))
            try daemon(
                "ovs-vswitchd",
                [
                    socket, "--pidfile=\(rundir.path)/ovs-vswitchd.pid",
                    "--log-file=\(rundir.path)/ovs-vswitchd.log", "--detach",
                ])
        }

        @discardableResult
        func vsctl(_ arguments: [String]) throws -> BuiltBinary.Run {
            try Tool.run("ovs-vsctl", ["--timeout=10"] + arguments, environment: environment)
        }

        /// Everything the script could change, as text: bridges, ports, interfaces with their options, other_config.
        func state() throws -> String {
            try vsctl(["show"]).stdout + (try vsctl(["get", "Open_vSwitch", ".", "other_config"]).stdout)
        }

        private func daemon(_ name: String, _ arguments: [String]) throws {
            let status = try BuiltBinary.startDaemon(
                try Tool.path("ip"), ["netns", "exec", namespace.name, try Tool.path(name)] + arguments,
                environment: environment)
            if status != 0 {
                Issue.record("\(name) did not start (exit \(status)); see \(rundir.path)/\(name).log")
                throw CancellationError()
            }
        }

        private func expectSuccess(_ run: BuiltBinary.Run) throws {
            if run.status != 0 {
                Issue.record("Open vSwitch setup failed: \(run.stderr)")
                throw CancellationError()
            }
        }

        deinit {
            for daemon in ["ovs-vswitchd", "ovsdb-server"] {
                if let pid = try? String(contentsOf: rundir.appendingPathComponent("\(daemon).pid"), encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines), let number = Int32(pid)
                {
                    kill(number, SIGTERM)
                }
            }
        }
    }

    /// br-ex and br-int joined by a patch pair, as NetworkManager and OVN-Kubernetes leave them on a running node.
    static func wireBridges(_ ovs: UserspaceOVS) throws {
        for bridge in ["br-ex", "br-int"] {
            try ovs.vsctl(["add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev"])
        }
        try ovs.vsctl([
            "add-port", "br-ex", "patch-br-ex-to-br-int", "--", "set", "interface", "patch-br-ex-to-br-int",
            "type=patch",
            "options:peer=patch-br-int-to-br-ex", "--", "add-port", "br-int", "patch-br-int-to-br-ex", "--", "set",
            "interface",
            "patch-br-int-to-br-ex", "type=patch", "options:peer=patch-br-ex-to-br-int",
        ])
    }

    /// Runs the bundle's script with a stand-in `nmcli` that reports br-ex active: NetworkManager's OVS plugin is
    /// not in Debian, and this test is about what the script does to Open vSwitch.
    static func runScript(_ bundle: BuiltBundle, _ ovs: UserspaceOVS, nmState: String = "activated") throws
        -> BuiltBinary.Run
    {
        let stubs = bundle.directory.appendingPathComponent("stubs")
        try FileManager.default.createDirectory(at: stubs, withIntermediateDirectories: true)
        let nmcli = stubs.appendingPathComponent("nmcli")
        try Data("#!/bin/sh\necho \(nmState)\n".utf8).write(to: nmcli)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: nmcli.path)
        var environment = ovs.environment
        environment["PATH"] = stubs.path + ":/usr/sbin:/usr/bin:/sbin:/bin"
        return try Tool.run("bash", [bundle.url("/etc/nodeprofile/ovs-init.sh").path], environment: environment)
    }

    @Test(
        "run twice: bridges and patch ports intact, thread limits set, the second run changes nothing",
        arguments: Blueprints.all)
    func idempotent(_ blueprint: String) throws {
        let bundle = try BuiltBundle.build(blueprint)
        let ovs = try UserspaceOVS()
        try Self.wireBridges(ovs)
        let first = try Self.runScript(bundle, ovs)
        #expect(first.status == 0, "first run: \(first.stderr)")
        let afterFirst = try ovs.state()
        let threads = blueprint == "manual-gateway" ? "2" : "1"
        #expect(
            try ovs.vsctl(["get", "Open_vSwitch", ".", "other_config:n-handler-threads"]).stdout == "\"\(threads)\"\n")
        #expect(
            try ovs.vsctl(["get", "Open_vSwitch", ".", "other_config:n-revalidator-threads"]).stdout
                == "\"\(threads)\"\n")
        #expect(
            try ovs.vsctl(["get", "Interface", "patch-br-ex-to-br-int", "options:peer"]).stdout
                == "patch-br-int-to-br-ex\n")
        #expect(try ovs.vsctl(["list-br"]).stdout == "br-ex\nbr-int\n")
        let second = try Self.runScript(bundle, ovs)
        #expect(second.status == 0, "second run: \(second.stderr)")
        #expect(try ovs.state() == afterFirst, "the second run changed Open vSwitch")
        #expect(!second.stderr.contains("set other_config"), "the second run wrote settings again:\n\(second.stderr)")
    }

    @Test("a broken patch pair and a missing br-ex each fail with a clear message")
    func failures() throws {
        let bundle = try BuiltBundle.build("manual-gateway")
        let ovs = try UserspaceOVS()
        let missing = try Self.runScript(bundle, ovs)
        #expect(missing.status == 1 && missing.stderr.contains("Open vSwitch has no bridge br-ex"), "\(missing.stderr)")
        try Self.wireBridges(ovs)
        try ovs.vsctl(["set", "interface", "patch-br-int-to-br-ex", "options:peer=elsewhere"])
        let broken = try Self.runScript(bundle, ovs)
        #expect(
            broken.status == 1
                && broken.stderr.contains(
                    "patch port patch-br-int-to-br-ex on br-int points to 'elsewhere', not back to patch-br-ex-to-br-int"
                ), "\(broken.stderr)")
    }

    @Test("without br-int yet (first boot), the script still succeeds and says why")
    func firstBoot() throws {
        let bundle = try BuiltBundle.build("default")
        let ovs = try UserspaceOVS()
        try ovs.vsctl(["add-br", "br-ex", "--", "set", "bridge", "br-ex", "datapath_type=netdev"])
        let run = try Self.runScript(bundle, ovs)
        #expect(run.status == 0 && run.stderr.contains("br-int does not exist yet"), "\(run.stderr)")
    }
}
