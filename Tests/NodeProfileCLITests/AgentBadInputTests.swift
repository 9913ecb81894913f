import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// Through the built agent: a failure whose restore fails too, a manifest with
/// bad fields, FIFOs in every input, and two bundles that collide.
@Suite("nodeprofile-agent with bad input (built binary)")
struct AgentBadInputTests {
    /// A copy of a built bundle whose manifest.json is edited by `change`.
    static func editedBundle(_ change: (inout [String: Any]) -> Void) throws -> URL {
        let bundle = try BuiltBundle.build("default")
        let url = bundle.directory.appendingPathComponent("manifest.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        change(&object)
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: url)
        return bundle.directory
    }

    static func setFirstFile(_ key: String, _ value: Any) -> (inout [String: Any]) -> Void {
        { object in
            var files = object["files"] as? [[String: Any]] ?? []
            files[0][key] = value
            object["files"] = files
        }
    }

    @Test(
        "each bad manifest field is refused naming the field, before a journal; no crash",
        arguments: [
            (
                "mode", "rwx",
                "files[0].mode (/etc/NetworkManager/conf.d/nodeprofile-nm.conf): \"rwx\" is not a file mode; allowed: four octal digits"
            ),
            (
                "mode", "4755",
                "files[0].mode (/etc/NetworkManager/conf.d/nodeprofile-nm.conf): \"4755\" sets the setuid, setgid or sticky bit"
            ),
            (
                "owner", "bob",
                "files[0].owner (/etc/NetworkManager/conf.d/nodeprofile-nm.conf): \"bob\" is not allowed; allowed: root"
            ),
            (
                "appliedBy", "someone",
                "files[0].appliedBy (/etc/NetworkManager/conf.d/nodeprofile-nm.conf): \"someone\" is not allowed; allowed: agent, package"
            ),
            (
                "actions", [["kind": "format-disk"]],
                "files[0].actions[0].kind (/etc/NetworkManager/conf.d/nodeprofile-nm.conf): not an action kind; allowed: daemon-reload, sysctl"
            ),
            ("mode", 644, "files[0].mode (/etc/NetworkManager/conf.d/nodeprofile-nm.conf): expected a string"),
        ] as [(String, any Sendable, String)])
    func badField(_ key: String, _ value: any Sendable, _ message: String) throws {
        let bundle = try Self.editedBundle(Self.setFirstFile(key, value))
        let root = AgentMisuseTests.freshRoot()
        let run = try AgentMisuseTests.agent(
            ["apply", "--root", root.path, "--bundle", bundle.path] + AgentCrashTests.facts)
        #expect(run.status == 1, "exit \(run.status): \(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(
            !FileManager.default.fileExists(
                atPath: root.appendingPathComponent("var/lib/nodeprofile/journal.json").path))
        #expect(try AgentCrashTests.tree(root).isEmpty)
    }

    @Test("a fact with an unknown source is refused naming the field")
    func badFactSource() throws {
        let bundle = try Self.editedBundle { object in
            var facts = object["facts"] as? [[String: Any]] ?? []
            facts[0]["source"] = "ask-the-user"
            object["facts"] = facts
        }
        let run = try AgentMisuseTests.agent(
            ["apply", "--root", AgentMisuseTests.freshRoot().path, "--bundle", bundle.path] + AgentCrashTests.facts)
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "facts[0].source (gateway.nic): \"ask-the-user\" is not allowed; allowed: default-route-interface, interface-mac"
            ),
            "\(run.stderr)")
    }

    @Test("an apply whose restore fails too leaves a truthful status: step, reason, pending journal")
    func failedRestore() throws {
        let bundle = try BuiltBundle.build("default")
        let root = AgentMisuseTests.freshRoot()
        try AgentCrashTests.install(bundle, into: root)
        // etc/microshift is a file: writing /etc/microshift/ovn.yaml fails, and so does undoing it.
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        try Data("not a directory".utf8).write(to: root.appendingPathComponent("etc/microshift"))
        let run = try AgentCrashTests.apply(root)
        #expect(run.status == 1)
        let status = try AgentMisuseTests.agent(["status", "--root", root.path])
        #expect(status.stdout.contains("generation: none applied"), "\(status.stdout)")
        #expect(
            status.stdout.contains("last result: failed at step write (cannot write /etc/microshift/"),
            "\(status.stdout)")
        #expect(status.stdout.contains("restoring the previous generation failed too"), "\(status.stdout)")
        #expect(status.stdout.contains("journal: pending"), "\(status.stdout)")
        let json = try AgentMisuseTests.agent(["status", "--root", root.path, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["journalPending"] as? Bool == true)
        #expect((object["lastResult"] as? [String: Any])?["step"] as? String == "write")
        #expect(object["generation"] is NSNull)
        // Once the obstacle is gone the next apply recovers the journal and applies.
        try FileManager.default.removeItem(at: root.appendingPathComponent("etc/microshift"))
        #expect(try AgentCrashTests.apply(root).status == 0)
        let after = try AgentMisuseTests.agent(["status", "--root", root.path])
        #expect(after.stdout.contains("last result: ok") && after.stdout.contains("journal: none"), "\(after.stdout)")
    }

    @Test(
        "a FIFO as manifest.json, a bundle file, manifest.json.sig or state.json is refused at once",
        arguments: ["manifest.json", "root/etc/microshift/ovn.yaml", "manifest.json.sig", "state"])
    func fifo(_ which: String) throws {
        let bundle = try BuiltBundle.build("default")
        let root = AgentMisuseTests.freshRoot()
        let path =
            which == "state"
            ? root.appendingPathComponent("var/lib/nodeprofile/state.json")
            : bundle.directory.appendingPathComponent(which)
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: path)
        #expect(mkfifo(path.path, 0o600) == 0)
        let run = try AgentMisuseTests.agent(
            ["apply", "--root", root.path, "--bundle", bundle.directory.path] + AgentCrashTests.facts)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("is a FIFO, not a regular file"), "\(run.stderr)")
        if which == "state" {
            let status = try AgentMisuseTests.agent(["status", "--root", root.path])
            #expect(status.status == 1 && status.stderr.contains("state.json is a FIFO"), "\(status.stderr)")
        }
    }

    @Test("two bundles installed side by side are refused, naming both packages")
    func collidingBundles() throws {
        let root = AgentMisuseTests.freshRoot()
        let base = root.appendingPathComponent("usr/lib/nodeprofile")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        for blueprint in ["default", "static-ip"] {
            let bundle = try BuiltBundle.build(blueprint)
            try FileManager.default.copyItem(at: bundle.directory, to: base.appendingPathComponent(blueprint))
        }
        let run = try AgentCrashTests.apply(root)
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "bundles nodeprofile-default and nodeprofile-static-ip are both installed and both write /etc/"),
            "\(run.stderr)")
        #expect(run.stderr.contains("only one nodeprofile bundle may be installed"), "\(run.stderr)")
        #expect(try AgentCrashTests.tree(root).isEmpty)
    }
}
