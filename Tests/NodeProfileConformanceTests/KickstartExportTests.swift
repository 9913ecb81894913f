import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// `nodeprofile export --format kickstart` read by pykickstart (ksvalidator and its parser), its `%post` checked by
/// bash and shellcheck and run in a scratch root, and the bundle it installs applied by the built agent.
@Suite("nodeprofile export --format kickstart (ksvalidator, pykickstart, bash, the agent)")
struct KickstartExportTests {
    /// Exports a blueprint as a kickstart to a file and returns the bundle and the file.
    static func export(_ blueprint: String, _ extra: [String] = []) throws -> (BuiltBundle, URL) {
        let bundle = try BuiltBundle.build(blueprint)
        let output = bundle.directory.appendingPathComponent("export.ks")
        let secrets = bundle.manifest.files.contains { $0.secret } ? ["--allow-secrets"] : []
        let run = try BuiltBinary.run(
            ["export", "blueprints/\(blueprint).yaml", "--format", "kickstart", "-o", output.path] + secrets + extra)
        #expect(run.status == 0, "export \(blueprint) kickstart: \(run.stderr)")
        return (bundle, output)
    }

    /// The kickstart's %post scripts as pykickstart's RHEL 9 handler reads them, after ksvalidator accepted the file.
    static func validated(_ file: URL) throws -> [String: Any] {
        let validate = try PythonTools.run("ksvalidator", ["-v", "RHEL9", file.path])
        #expect(
            validate.status == 0 && !validate.stdout.contains("problem") && !validate.stdout.contains("warning"),
            "ksvalidator: \(validate.stdout)\(validate.stderr)")
        return try PythonTools.json(PythonTools.kickstart, [file.path])
    }

    /// The script with its absolute /etc paths (after a space or '=', not the bundle's own root/etc/...) under `root`.
    static func rooted(_ script: String, _ root: String) -> String {
        script.replacingOccurrences(of: " /etc/", with: " \(root)/etc/").replacingOccurrences(
            of: "=/etc/", with: "=\(root)/etc/")
    }

    /// Runs a %post script in a scratch root standing in for the installed system (anaconda runs %post chrooted into
    /// it), with the agent's unit in place and the built agent at hand; returns the root and what the script did.
    static func runPost(_ script: String, _ bundle: BuiltBundle) throws -> (URL, BuiltBinary.Run) {
        let root = bundle.directory.appendingPathComponent("device")
        let unit = "usr/lib/systemd/system/nodeprofile-agent.service"
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent(unit).deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: bundle.root.appendingPathComponent(unit), to: root.appendingPathComponent(unit))
        let agent = try BuiltBinary.path("nodeprofile-agent")
        let rooted = rooted(script, root.path)
            .replacingOccurrences(of: "-x /usr/bin/nodeprofile-agent ]", with: "-x \(agent) ]")
            .replacingOccurrences(of: "systemctl enable", with: "systemctl --root=\(root.path) enable")
        return (root, try Tool.run("bash", ["-c", rooted]))
    }

    @Test(
        "the kickstart passes ksvalidator; its %post passes shellcheck and installs a bundle the agent applies",
        arguments: Blueprints.all)
    func kickstart(_ blueprint: String) throws {
        let (bundle, output) = try Self.export(blueprint)
        let parsed = try Self.validated(output)
        let scripts = parsed["scripts"] as? [[String: Any]] ?? []
        try #require(scripts.count == 1, "\(scripts.count) scripts")
        #expect(
            scripts[0]["type"] as? Int == 1 && scripts[0]["interp"] as? String == "/bin/bash"
                && scripts[0]["errorOnFail"] as? Bool == true)
        #expect(parsed["ostreesetup"] == nil && parsed["ostreecontainer"] == nil)
        let script = try #require(scripts[0]["script"] as? String)
        let again = bundle.directory.appendingPathComponent("again.ks")
        let secrets = bundle.manifest.files.contains { $0.secret } ? ["--allow-secrets"] : []
        #expect(
            try BuiltBinary.run(
                ["export", "blueprints/\(blueprint).yaml", "--format", "kickstart", "-o", again.path] + secrets
            ).status == 0)
        #expect(try Data(contentsOf: again) == Data(contentsOf: output), "two exports differ")
        let scriptFile = bundle.directory.appendingPathComponent("post.sh")
        try Data(("#!/bin/bash\n" + script).utf8).write(to: scriptFile)
        let syntax = try Tool.run("bash", ["-n", scriptFile.path])
        #expect(syntax.status == 0, "bash -n: \(syntax.stderr)")
        let lint = try Tool.run("shellcheck", ["-s", "bash", scriptFile.path])
        #expect(lint.status == 0, "shellcheck: \(lint.stdout)")

        // Without the agent the script stops before it writes anything.
        let noAgent = try Tool.run(
            "bash",
            [
                "-c",
                Self.rooted(script, "/nonexistent-np")
                    .replacingOccurrences(
                        of: "-x /usr/bin/nodeprofile-agent ]", with: "-x /nonexistent-np/nodeprofile-agent ]"),
            ])
        #expect(
            noAgent.status == 1
                && noAgent.stderr.contains("/usr/bin/nodeprofile-agent is missing: install the nodeprofile-agent RPM"))

        let (root, post) = try Self.runPost(script, bundle)
        try #require(post.status == 0, "%post: \(post.stderr)")
        let installed = root.appendingPathComponent("etc/nodeprofile/bundles/\(bundle.manifest.profile.name)")
        #expect(
            try Data(contentsOf: installed.appendingPathComponent("manifest.json"))
                == Data(contentsOf: bundle.directory.appendingPathComponent("manifest.json")))
        for entry in bundle.manifest.files where entry.appliedBy == .agent {
            let url = installed.appendingPathComponent("root" + entry.path)
            #expect(try Data(contentsOf: url) == Data(contentsOf: bundle.url(entry.path)), "\(entry.path) bytes")
            #expect(
                String(
                    format: "%04o",
                    try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int ?? 0)
                    == entry.mode.description, "\(entry.path) mode")
        }
        let wants = root.appendingPathComponent("etc/systemd/system/multi-user.target.wants/nodeprofile-agent.service")
        #expect(
            (try? FileManager.default.destinationOfSymbolicLink(atPath: wants.path)) != nil,
            "systemctl enable left no link: \(post.stderr)")
        let dropIn = try String(
            contentsOf: root.appendingPathComponent(
                "etc/systemd/system/nodeprofile-agent.service.d/50-nodeprofile-kickstart.conf"), encoding: .utf8)
        #expect(dropIn.contains("ExecStart=\nExecStart=/usr/bin/nodeprofile-agent apply --bundle \(installed.path)\n"))

        // The agent accepts the installed bundle (every sha256) and writes the same files a build has.
        let apply = try BuiltBinary.run(
            ["apply", "--root", root.path, "--bundle", installed.path] + bundle.factArguments,
            product: "nodeprofile-agent")
        try #require(apply.status == 0, "agent apply: \(apply.stderr)")
        for entry in bundle.manifest.files where entry.appliedBy == .agent {
            #expect(
                try String(contentsOf: root.appendingPathComponent(String(entry.path.dropFirst())), encoding: .utf8)
                    == bundle.resolvedText(entry.path), "\(entry.path)")
        }
    }

    @Test(
        "with --sign-key the %post installs manifest.json.sig; the agent requiring signatures applies it only with the key trusted"
    )
    func signed() throws {
        let key = try SignedBundle.key()
        let (bundle, output) = try Self.export("static-ip", ["--sign-key", key.privateKey.path])
        let scripts = try Self.validated(output)["scripts"] as? [[String: Any]] ?? []
        let script = try #require(scripts.first?["script"] as? String)
        let (root, post) = try Self.runPost(script, bundle)
        try #require(post.status == 0, "%post: \(post.stderr)")
        let installed = root.appendingPathComponent("etc/nodeprofile/bundles/static-ip")
        // Ed25519 signatures are deterministic: the same bytes a signed build writes.
        let build = try SignedBundle.build("static-ip", key: key.privateKey)
        #expect(
            try Data(contentsOf: installed.appendingPathComponent("manifest.json.sig"))
                == Data(contentsOf: build.appendingPathComponent("manifest.json.sig")))
        let arguments = ["--bundle", installed.path, "--require-signature"]
        let untrusted = try SignedBundle.apply(root, arguments)
        #expect(
            untrusted.status == 1 && untrusted.stderr.contains("static-ip: signed by key")
                && untrusted.stderr.contains("which is not in"), "\(untrusted.stderr)")
        try SignedBundle.trust([key.publicKey], in: root)
        let trusted = try SignedBundle.apply(root, arguments)
        #expect(trusted.status == 0, "\(trusted.stderr)")
        let stray = try BuiltBinary.run([
            "export", "blueprints/default.yaml", "--format", "containerfile", "--sign-key", key.privateKey.path,
        ])
        #expect(stray.status == 64 && stray.stderr.contains("--sign-key does not apply to --format containerfile"))
    }

    @Test("the ostreesetup and ostreecontainer lines are read back by pykickstart with every option")
    func ostreeLines() throws {
        let (_, commit) = try Self.export(
            "static-ip",
            [
                "--ostreesetup", "http://10.0.0.1:8080/repo", "--ostree-ref", "rhel/9/x86_64/edge",
                "--no-signature-verification",
            ])
        let setup = try Self.validated(commit)["ostreesetup"] as? [String: Any]
        #expect(
            setup?["url"] as? String == "http://10.0.0.1:8080/repo" && setup?["ref"] as? String == "rhel/9/x86_64/edge")
        #expect(
            setup?["osname"] as? String == "rhel" && setup?["remote"] as? String == "edge"
                && setup?["nogpg"] as? Bool == true)
        let (_, container) = try Self.export(
            "static-ip", ["--ostreecontainer", "registry.example.com/edge/microshift:4.13"])
        let image = try Self.validated(container)["ostreecontainer"] as? [String: Any]
        #expect(
            image?["url"] as? String == "registry.example.com/edge/microshift:4.13"
                && image?["transport"] as? String == "registry")
        #expect(image?["noSignatureVerification"] as? Bool == false)
    }

    @Test(
        "a secret without --allow-secrets, a secret bound for a terminal, unsafe ostree values and stray options are refused"
    )
    func refusals() throws {
        let proxy = try BuiltBinary.run([
            "export", "blueprints/proxy.yaml", "--format", "kickstart", "-o", "/nonexistent-np/ks",
        ])
        #expect(
            proxy.status == 1
                && proxy.stderr.contains(
                    "/etc/nodeprofile/proxy/crio.env holds the proxy password, which would be inline in the kickstart"),
            "\(proxy.stderr)")
        #expect(proxy.stderr.contains("pass --allow-secrets"))
        let toTerminal = try BuiltBinary.run([
            "export", "blueprints/proxy.yaml", "--format", "kickstart", "--allow-secrets",
        ])
        #expect(
            toTerminal.status == 1 && toTerminal.stderr.contains("holds the proxy password; write it to a file with -o")
        )
        let (_, written) = try Self.export("proxy")
        #expect((try FileManager.default.attributesOfItem(atPath: written.path)[.posixPermissions] as? Int) == 0o600)
        let spaced = try BuiltBinary.run([
            "export", "blueprints/default.yaml", "--format", "kickstart", "--ostreesetup", "http://x/ repo",
        ])
        #expect(spaced.status == 1 && spaced.stderr.contains("--ostreesetup http://x/ repo: must be one word"))
        let both = try BuiltBinary.run([
            "export", "blueprints/default.yaml", "--format", "kickstart", "--ostreesetup", "http://x/",
            "--ostreecontainer", "x",
        ])
        #expect(both.status == 64 && both.stderr.contains("--ostreesetup and --ostreecontainer exclude each other"))
        let fact = try BuiltBinary.run([
            "export", "blueprints/default.yaml", "--format", "kickstart", "--fact", "gateway.nic=eth0",
        ])
        #expect(
            fact.status == 64
                && fact.stderr.contains(
                    "--fact does not apply to --format kickstart: nodeprofile-agent resolves facts on the device")
        )
        let stray = try BuiltBinary.run([
            "export", "blueprints/default.yaml", "--format", "ignition", "--allow-secrets",
        ])
        #expect(stray.status == 64 && stray.stderr.contains("--allow-secrets does not apply to --format ignition"))
    }
}
