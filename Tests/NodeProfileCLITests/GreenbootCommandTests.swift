import Foundation
import NodeProfileTestSupport
import Testing

/// `nodeprofile-agent verify --health` (greenboot's required check) and `--red-boot` (its red.d hook) through the built
/// agent on a scratch root: exit status, the short reason on standard error, and `status` after a red boot. The live
/// network checks are in LiveNetworkTests (a namespace) and the nspawn boot.
@Suite("nodeprofile-agent verify --health (built binary)")
struct GreenbootCommandTests {
    static func agent(_ arguments: [String]) throws -> BuiltBinary.Run { try AgentMisuseTests.agent(arguments) }

    /// A root with the static-ip blueprint installed and applied as deployment `a.0`.
    static func applied(_ blueprint: String = "static-ip") throws -> (root: URL, bundle: BuiltBundle) {
        let bundle = try BuiltBundle.build(blueprint)
        let root = AgentMisuseTests.freshRoot()
        try AgentCrashTests.install(bundle, into: root)
        let apply = try agent(["apply", "--root", root.path, "--deployment", "a.0"] + AgentCrashTests.facts)
        #expect(apply.status == 0, "\(apply.stderr)")
        return (root, bundle)
    }

    static func health(_ root: URL, _ extra: [String] = []) throws -> BuiltBinary.Run {
        try agent(["verify", "--health", "--root", root.path, "--deployment", "a.0"] + extra)
    }

    @Test("healthy: exit 0, what passed on standard output, nothing on standard error")
    func healthy() throws {
        let (root, _) = try Self.applied()
        let run = try Self.health(root)
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        #expect(
            run.stdout.hasSuffix(
                "note: with --root, the running network (br-ex, addresses, NodePort rules) is not checked\nhealthy (deployment a.0): 3 checks passed\n"
            ),
            "\(run.stdout)")
    }

    @Test("files changed on the device: exit 1, the reason on standard error, at once even with --wait")
    func drift() throws {
        let (root, _) = try Self.applied()
        try Data("edited\n".utf8).write(to: root.appendingPathComponent("etc/microshift/config.yaml"))
        let start = Date()
        let run = try Self.health(root, ["--wait", "60"])
        #expect(
            run.status == 1
                && run.stderr == "nodeprofile-agent: unhealthy: changed on the device: /etc/microshift/config.yaml\n",
            "\(run.stderr)")
        #expect(
            run.stdout.hasSuffix("unhealthy (deployment a.0): 1 problem, 2 checks passed\n")
                && Date().timeIntervalSince(start) < 30)
    }

    @Test("the last apply failed: its step and reason")
    func lastApplyFailed() throws {
        let (root, bundle) = try Self.applied()
        // A bundle altered after it was built is refused, and the refusal is recorded.
        let file = root.appendingPathComponent("usr/lib/nodeprofile/\(bundle.name)/root/etc/microshift/ovn.yaml")
        try Data("tampered\n".utf8).write(to: file)
        #expect(
            try Self.agent(["apply", "--root", root.path, "--deployment", "a.0"] + AgentCrashTests.facts).status == 1)
        let run = try Self.health(root)
        #expect(
            run.status == 1
                && run.stderr.hasPrefix(
                    "nodeprofile-agent: unhealthy: the last apply failed at step load: \(root.path)/usr/lib/nodeprofile/static-ip: /etc/microshift/ovn.yaml does not match its sha256"
                ),
            "\(run.stderr)")
    }

    @Test("a bundle installed but not applied (the agent did not run on this deployment)")
    func notApplied() throws {
        let (root, _) = try Self.applied()
        try AgentCrashTests.install(try BuiltBundle.build("nodeport-block"), into: root)
        let run = try Self.health(root)
        let lines = run.stderr.split(separator: "\n")
        #expect(run.status == 1 && lines.count == 2, "\(run.stderr)")
        #expect(
            lines.first?.hasPrefix("nodeprofile-agent: unhealthy: bundle nodeprofile-nodeport-block (manifest ") == true
        )
        #expect(lines.last.map(String.init) == "nodeprofile-agent: unhealthy: " + Self.gone("static-ip", root))
    }

    /// The problem of an applied bundle found in neither place bundles are installed.
    static func gone(_ name: String, _ root: URL) -> String {
        "bundle nodeprofile-\(name) is applied but no longer installed (in \(root.path)/usr/lib/nodeprofile or "
            + "\(root.path)/etc/nodeprofile/bundles)"
    }

    @Test("a bundle applied from /etc/nodeprofile/bundles (the kickstart's drop-in) is healthy; removed, it is not")
    func kickstartBundle() throws {
        let bundle = try BuiltBundle.build("static-ip")
        let root = AgentMisuseTests.freshRoot()
        let installed = root.appendingPathComponent("etc/nodeprofile/bundles/static-ip")
        try FileManager.default.createDirectory(at: installed, withIntermediateDirectories: true)
        for item in ["manifest.json", "root"] {
            try FileManager.default.copyItem(
                at: bundle.directory.appendingPathComponent(item), to: installed.appendingPathComponent(item))
        }
        let apply = try Self.agent(
            ["apply", "--root", root.path, "--deployment", "a.0", "--bundle", installed.path] + AgentCrashTests.facts)
        #expect(apply.status == 0, "\(apply.stderr)")
        let healthy = try Self.health(root)
        #expect(healthy.status == 0 && healthy.stderr.isEmpty, "\(healthy.stderr)")
        #expect(healthy.stdout.contains(" holds the installed bundles\n"), "\(healthy.stdout)")
        try FileManager.default.removeItem(at: installed)
        let gone = try Self.health(root)
        #expect(
            gone.status == 1 && gone.stderr == "nodeprofile-agent: unhealthy: \(Self.gone("static-ip", root))\n",
            "\(gone.stderr)")
    }

    @Test("red boot: recorded on the failed deployment, shown by status on the one rolled back to")
    func redBoot() throws {
        let (root, _) = try Self.applied()
        #expect(
            try Self.agent(["apply", "--root", root.path, "--deployment", "b.0"] + AgentCrashTests.facts).status == 0)
        try Data("edited\n".utf8).write(to: root.appendingPathComponent("etc/microshift/config.yaml"))
        let record = try Self.agent(["verify", "--health", "--red-boot", "--root", root.path, "--deployment", "b.0"])
        #expect(
            record.status == 0
                && record.stdout.hasPrefix(
                    "recorded for the boot after the rollback (status shows it): red boot of deployment b.0 at "),
            "\(record.stdout)\(record.stderr)")
        let status = try Self.agent(["status", "--root", root.path, "--deployment", "a.0"])
        #expect(status.stdout.contains("deployment: a.0\nred boot of deployment b.0 at "), "\(status.stdout)")
        #expect(
            status.stdout.contains("; unhealthy: changed on the device: /etc/microshift/config.yaml\n"),
            "\(status.stdout)")
        let json = try JSONSerialization.jsonObject(
            with: Data(try Self.agent(["status", "--json", "--root", root.path, "--deployment", "a.0"]).stdout.utf8))
        let redBoots = (json as? [String: Any])?["redBoots"] as? [[String: Any]]
        #expect(redBoots?.count == 1 && redBoots?.first?["deployment"] as? String == "b.0")
        #expect(redBoots?.first?["problems"] as? [String] == ["changed on the device: /etc/microshift/config.yaml"])
        #expect((json as? [String: Any])?["deployment"] as? String == "a.0")
    }

    @Test(
        "usage: --wait and --red-boot need --health; a deployment id that is not a plain name is refused",
        arguments: [
            (["verify", "--wait", "5"], "verify: --wait and --red-boot go with --health"),
            (["verify", "--red-boot"], "verify: --wait and --red-boot go with --health"),
            (["verify", "--health", "--wait", "-1"], "verify: --wait -1: expected seconds from 0 to 3600"),
            (
                ["status", "--deployment", "../x"],
                "status: --deployment ../x: expected the deployment's CHECKSUM.SERIAL"
            ),
            (["apply", "--deployment", ""], "apply: --deployment : expected the deployment's CHECKSUM.SERIAL"),
        ])
    func usage(_ arguments: [String], _ message: String) throws {
        let run = try Self.agent(arguments)
        #expect(run.status == 64 && run.stderr.hasPrefix("nodeprofile-agent: \(message)"), "\(run.stderr)")
    }
}
