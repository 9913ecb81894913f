import Foundation
import NodeProfileTestSupport
import Testing

/// What the built agent says to a person: each line once, where it belongs, in words they can act on.
@Suite("nodeprofile-agent output (built binary)")
struct AgentOutputTests {
    static func agent(_ arguments: [String], environment: [String: String] = [:]) throws -> BuiltBinary.Run {
        try BuiltBinary.run(arguments, product: "nodeprofile-agent", environment: environment)
    }

    static func newRoot() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("np-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root
    }

    @Test("dry run, apply, no-op and rollback print their result once, on standard output, and log nothing else")
    func eachLineOnce() throws {
        let bundle = try BuiltBundle.build("default")
        let root = try Self.newRoot()
        let base = ["--root", root.path, "--bundle", bundle.directory.path] + BuiltBundle.factFlags
        for (arguments, first) in [
            (["apply", "--dry-run"] + base, "dry run: "), (["apply"] + base, "applied generation "),
            (["apply"] + base, "up to date: generation "),
            (["rollback", "--root", root.path], "rolled back to generation"),
        ] {
            let run = try Self.agent(arguments)
            #expect(run.status == 0 && run.stdout.hasPrefix(first), "\(arguments): \(run.stdout)")
            #expect(run.stderr == "", "\(arguments[0]) said on standard error what standard output says: \(run.stderr)")
        }
    }

    @Test("a failure is said once, naming the path to fix, not the agent's internals")
    func failureOnce() throws {
        let bundle = try BuiltBundle.build("default")
        let root = try Self.newRoot()
        let elsewhere = try Self.newRoot()
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: root.appendingPathComponent("etc/nodeprofile"), withDestinationURL: elsewhere)
        let run = try Self.agent(
            ["apply", "--root", root.path, "--bundle", bundle.directory.path] + BuiltBundle.factFlags)
        let reason =
            "\(root.path)/etc/nodeprofile is a symlink or a file, and the agent writes only through real directories"
        #expect(run.status == 1 && run.stderr.components(separatedBy: reason).count == 2, "\(run.stderr)")
        #expect(!run.stderr.contains("refusing to write"), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }

    @Test("one bundle given twice, by one path or two, is named as such")
    func bundleTwice() throws {
        let bundle = try BuiltBundle.build("default")
        let root = try Self.newRoot()
        let link = root.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: bundle.directory)
        let path = bundle.directory.path
        let same = try Self.agent(["apply", "--root", root.path, "--bundle", path, "--bundle", path])
        #expect(same.status == 1 && same.stderr.contains("the bundle \(path) is given twice; give each --bundle once"))
        let two = try Self.agent(["apply", "--root", root.path, "--bundle", path, "--bundle", link.path])
        #expect(
            two.status == 1
                && two.stderr.contains("nodeprofile-default is given twice, as \(path) and \(link.path)"),
            "\(two.stderr)")
        #expect(!two.stderr.contains("both installed"))
    }

    @Test("a missing fact is named with what it is, not the manifest's word for its source")
    func factWords() throws {
        let bundle = try BuiltBundle.build("static-ip")
        let root = try Self.newRoot()
        let run = try Self.agent(
            ["apply", "--root", root.path, "--bundle", bundle.directory.path, "--fact", "gateway.nic=eth0"])
        #expect(run.status == 1 && run.stderr.contains("--fact gateway.nic.mac=VALUE (the MAC address, matching "))
        #expect(!run.stderr.contains("interface-mac") && !run.stderr.contains("interfaceMAC"), "\(run.stderr)")
    }

    @Test(
        "a root that is not there is an error for every command, and nothing is created",
        arguments: [["status"], ["verify"], ["rollback"], ["apply", "--remove-all"]])
    func missingRoot(_ command: [String]) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("np-missing-\(UUID().uuidString)")
        let run = try Self.agent([command[0], "--root", root.path] + command.dropFirst())
        #expect(run.status == 1 && run.stderr.contains("--root \(root.path): no such directory"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.path))
    }

    @Test("verify says what changed: the bytes, the mode, or the whole file")
    func verifyDetail() throws {
        let bundle = try BuiltBundle.build("default")
        let root = try Self.newRoot()
        #expect(
            try Self.agent(["apply", "--root", root.path, "--bundle", bundle.directory.path] + BuiltBundle.factFlags)
                .status == 0)
        let etc = root.appendingPathComponent("etc")
        try Data("edited\n".utf8).write(to: etc.appendingPathComponent("microshift/ovn.yaml"))
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o600],
            ofItemAtPath: etc.appendingPathComponent("sysctl.d/99-zz-nodeprofile-ip-forward.conf").path)
        try FileManager.default.removeItem(at: etc.appendingPathComponent("NetworkManager/conf.d/nodeprofile-nm.conf"))
        let run = try Self.agent(["verify", "--root", root.path])
        #expect(run.status == 1)
        for line in [
            "changed on the device: /etc/microshift/ovn.yaml (bytes)",
            "changed on the device: /etc/sysctl.d/99-zz-nodeprofile-ip-forward.conf (mode 0600 instead of 0644)",
            "changed on the device: /etc/NetworkManager/conf.d/nodeprofile-nm.conf (removed)",
        ] {
            #expect(run.stdout.contains(line + "\n"), "\(run.stdout)")
        }
    }

    @Test(
        "apply and verify take the tarball build writes; a tarball that is not a bundle is refused, nothing left behind"
    )
    func tarballs() throws {
        let bundle = try BuiltBundle.build("default")
        let tarball = try #require(
            try FileManager.default.contentsOfDirectory(atPath: bundle.directory.path).first { $0.hasSuffix(".tar.gz") }
        )
        let path = bundle.directory.appendingPathComponent(tarball).path
        let root = try Self.newRoot()
        let scratch = try Self.newRoot()
        let environment = ["TMPDIR": scratch.path]
        let apply = try Self.agent(
            ["apply", "--root", root.path, "--bundle", path] + BuiltBundle.factFlags, environment: environment)
        #expect(apply.status == 0 && apply.stdout.hasPrefix("applied generation "), "\(apply.stdout)\(apply.stderr)")
        let verify = try Self.agent(["verify", "--root", root.path, "--bundle", path], environment: environment)
        #expect(verify.status == 0 && verify.stdout.hasPrefix("applied: nodeprofile-default from \(path)\n"))
        let other = try BuiltBundle.build("nodeport-block")
        let notApplied = try Self.agent(["verify", "--root", root.path, "--bundle", other.directory.path])
        #expect(notApplied.status == 1 && notApplied.stdout.hasPrefix("not applied: nodeprofile-nodeport-block from "))

        // Not gzip; a link inside; a path outside the top folder.
        let bad = try Self.newRoot()
        try Data("not a tarball".utf8).write(to: bad.appendingPathComponent("junk.tar.gz"))
        let tree = bad.appendingPathComponent("tree/top")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: tree.appendingPathComponent("manifest.json").path, withDestinationPath: "/etc/passwd")
        let tar = try BuiltBinary.execute(
            "/usr/bin/tar",
            [
                "czf", bad.appendingPathComponent("link.tar.gz").path, "-C", bad.appendingPathComponent("tree").path,
                "top",
            ])
        #expect(tar.status == 0, "\(tar.stderr)")
        for (name, reason) in [
            ("junk.tar.gz", "not a bundle tarball (not gzip data)"),
            ("link.tar.gz", "top/manifest.json is not a file or a directory; a bundle tarball holds only those"),
        ] {
            let file = bad.appendingPathComponent(name).path
            let run = try Self.agent(["apply", "--root", root.path, "--bundle", file], environment: environment)
            #expect(run.status == 1 && run.stderr == "nodeprofile-agent: \(file): \(reason)\n", "\(run.stderr)")
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty, "every unpacked copy is removed")
    }
}
