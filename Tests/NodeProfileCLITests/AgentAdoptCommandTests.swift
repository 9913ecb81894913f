import Foundation
import NodeProfileTestSupport
import Testing

/// A user's own MicroShift files under the root, through the built agent and real bundles: nothing of theirs is lost.
@Suite("nodeprofile-agent and a user's own files (built binary)")
struct AgentAdoptCommandTests {
    static let userFiles = [
        "etc/microshift/config.yaml":
            "dns:\n  baseDomain: shop.example.com\napiServer:\n  subjectAltNames: [gw.shop.example.com]\ndebugging:\n  logLevel: Debug\n",
        "etc/microshift/manifests/kustomization.yaml": "resources: [my-app.yaml]\n",
        "etc/microshift/manifests/my-app.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: my-app}\n",
        "etc/microshift/ovn.yaml": "mtu: 1400\n",
    ]

    static func agent(_ arguments: [String], _ root: URL) throws -> BuiltBinary.Run {
        try BuiltBinary.run(
            [arguments[0], "--root", root.path] + arguments.dropFirst(), product: "nodeprofile-agent")
    }

    @Test("config.yaml and the manifests' kustomization.yaml are refused, ovn.yaml adopted and put back at the end")
    func userFilesSurvive() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("np-adopt-\(UUID().uuidString)")
        for (path, text) in Self.userFiles {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let userTree = try AgentCrashTests.tree(root)
        let facts = BuiltBundle.factFlags

        // MicroShift 4.13 reads config.yaml alone and one kustomization.yaml: taking either over would drop settings.
        for (blueprint, path) in [
            ("static-ip", "etc/microshift/config.yaml"),
            ("loadbalancer", "etc/microshift/manifests/kustomization.yaml"),
        ] {
            try AgentCrashTests.install(try BuiltBundle.build(blueprint), into: root)
            for dryRun in [["--dry-run"], []] {
                let run = try Self.agent(["apply"] + dryRun + facts, root)
                #expect(run.status == 1, "\(blueprint) \(dryRun): \(run.stdout)\(run.stderr)")
                #expect(
                    run.stderr.contains("\(root.path)/\(path) is already there and nodeprofile did not write it: "),
                    "\(run.stderr)")
                #expect(run.stderr.contains("nothing was changed"), "\(run.stderr)")
            }
            #expect(try AgentCrashTests.tree(root) == userTree, "\(blueprint) left every file as it was")
            let status = try Self.agent(["status"], root)
            #expect(status.stdout.contains("last result: failed at step adopt"), "\(status.stdout)")
        }

        // ovn.yaml is a file nodeprofile owns whole: adopted, its original kept through two generations.
        try AgentCrashTests.install(try BuiltBundle.build("default"), into: root)
        let dryRun = try Self.agent(["apply", "--dry-run"] + facts, root)
        #expect(dryRun.stdout.contains("\n  adopt   /etc/microshift/ovn.yaml\n"), "\(dryRun.stdout)")
        let first = try Self.agent(["apply"] + facts, root)
        #expect(first.status == 0 && first.stdout.contains("  adopt   /etc/microshift/ovn.yaml "), "\(first.stdout)")
        #expect(try Self.agent(["status"], root).stdout.contains("adopted: /etc/microshift/ovn.yaml "))
        try AgentCrashTests.install(try BuiltBundle.build("nodeport-block"), into: root)
        #expect(try Self.agent(["apply"] + facts, root).status == 0)
        try FileManager.default.removeItem(at: root.appendingPathComponent("usr/lib/nodeprofile"))
        let removeAll = try Self.agent(["apply", "--remove-all"], root)
        #expect(
            removeAll.status == 0 && removeAll.stdout.contains("  put back /etc/microshift/ovn.yaml"),
            "\(removeAll.stdout)\(removeAll.stderr)")
        #expect(
            try AgentCrashTests.tree(root) == userTree, "every file of the user's is back byte for byte, with its mode")
    }

    @Test(
        "a crash at any step of an adopting apply still ends with the user's original", arguments: AgentCrashTests.steps
    )
    func crashWhileAdopting(_ step: String) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("np-adopt-\(UUID().uuidString)")
        let ovn = root.appendingPathComponent("etc/microshift/ovn.yaml")
        try FileManager.default.createDirectory(at: ovn.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("mtu: 1400\n".utf8).write(to: ovn)
        let userTree = try AgentCrashTests.tree(root)
        try AgentCrashTests.install(try BuiltBundle.build("default"), into: root)
        #expect(try AgentCrashTests.apply(root, crashAfter: step).status == 70, "crashed after \(step)")
        #expect(try AgentCrashTests.apply(root).status == 0)
        try FileManager.default.removeItem(at: root.appendingPathComponent("usr/lib/nodeprofile"))
        #expect(try Self.agent(["apply", "--remove-all"], root).status == 0)
        #expect(try AgentCrashTests.tree(root) == userTree, "after a crash at \(step)")
    }
}
