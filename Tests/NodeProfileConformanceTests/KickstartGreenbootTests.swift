import Foundation
import NodeProfileTestSupport
import Testing

/// A kickstart-installed device from the export to greenboot's verdict: the export's `%post` run in a root, the agent
/// run with the command line its unit has once systemd merges the kickstart's drop-in, then greenboot's required check
/// (the agent RPM's script) on that root.
@Suite("kickstart export, the agent unit's command line, then greenboot's required check")
struct KickstartGreenbootTests {
    /// The agent unit's last ExecStart= as systemd merges the unit with its drop-ins under `root`.
    static func execStart(_ root: URL) throws -> [String] {
        let merged = try Tool.run(
            "systemd-analyze", ["cat-config", "--root=\(root.path)", "systemd/system/nodeprofile-agent.service"])
        try #require(merged.status == 0, "systemd-analyze cat-config: \(merged.stderr)")
        #expect(merged.stdout.contains("50-nodeprofile-kickstart.conf"), "\(merged.stdout)")
        let line = try #require(
            merged.stdout.split(separator: "\n").last { $0.hasPrefix("ExecStart=") && $0 != "ExecStart=" })
        return line.dropFirst("ExecStart=".count).split(separator: " ").map(String.init)
    }

    /// Runs the unit's command line on `root`: the built agent for /usr/bin/nodeprofile-agent, with `--root ROOT` and
    /// `extra` after the command's own arguments (whose /etc paths `runPost` already put under the root).
    static func run(_ command: [String], on root: URL, _ extra: [String]) throws -> BuiltBinary.Run {
        try #require(command.first == "/usr/bin/nodeprofile-agent" && command.count > 1, "\(command)")
        return try BuiltBinary.run(
            [command[1], "--root", root.path] + command.dropFirst(2) + extra, product: "nodeprofile-agent")
    }

    /// Installs the agent RPM's greenboot check in the root as the RPM does, and runs it as greenboot does (bash),
    /// with the built agent on the root in place of /usr/bin/nodeprofile-agent.
    static func greenbootCheck(_ root: URL) throws -> BuiltBinary.Run {
        let source = BuiltBinary.repository.appendingPathComponent(
            "packaging/greenboot/30_nodeprofile_network_check.sh")
        let installed = root.appendingPathComponent("etc/greenboot/check/required.d/30_nodeprofile_network_check.sh")
        try FileManager.default.createDirectory(
            at: installed.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: installed)
        try FileManager.default.copyItem(at: source, to: installed)
        try Data("NODEPROFILE_WAIT_TIMEOUT_SEC=5\n".utf8).write(
            to: root.appendingPathComponent("etc/greenboot/greenboot.conf"))
        let script = try String(contentsOf: installed, encoding: .utf8)
        let agent = try BuiltBinary.path("nodeprofile-agent")
        let rooted = KickstartExportTests.rooted(script, root.path).replacingOccurrences(
            of: "exec /usr/bin/nodeprofile-agent verify --health",
            with: "exec \(agent) verify --root \(root.path) --health")
        #expect(
            rooted != KickstartExportTests.rooted(script, root.path), "the check no longer runs the agent as expected")
        return try Tool.run("bash", ["-c", rooted])
    }

    @Test(
        "the %post, the unit's ExecStart from the drop-in, then the greenboot check passes; with the bundle gone it fails"
    )
    func kickstartBootsGreen() throws {
        let (bundle, output) = try KickstartExportTests.export("static-ip")
        let scripts = try KickstartExportTests.validated(output)["scripts"] as? [[String: Any]] ?? []
        let script = try #require(scripts.first?["script"] as? String)
        let (root, post) = try KickstartExportTests.runPost(script, bundle)
        try #require(post.status == 0, "%post: \(post.stderr)")

        let command = try Self.execStart(root)
        let installed = root.appendingPathComponent("etc/nodeprofile/bundles/static-ip")
        #expect(command == ["/usr/bin/nodeprofile-agent", "apply", "--bundle", installed.path])
        let apply = try Self.run(command, on: root, bundle.factArguments)
        try #require(apply.status == 0, "the unit's apply: \(apply.stderr)")

        let green = try Self.greenbootCheck(root)
        #expect(green.status == 0, "greenboot check: \(green.stderr)")
        #expect(green.stdout.contains(" holds the installed bundles\n"), "\(green.stdout)")
        #expect(green.stdout.hasSuffix(" checks passed\n") && green.stderr.isEmpty, "\(green.stdout)\(green.stderr)")

        try FileManager.default.removeItem(at: installed)
        let red = try Self.greenbootCheck(root)
        #expect(
            red.status == 1
                && red.stderr.contains("unhealthy: bundle nodeprofile-static-ip is applied but no longer installed"),
            "\(red.stderr)")
    }
}
