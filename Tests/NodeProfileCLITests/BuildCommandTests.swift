import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// `nodeprofile build` and `explain` as a user runs them.
@Suite("nodeprofile build and explain (built binary)")
struct BuildCommandTests {
    @Test("build writes root/ with the manifest's modes and checksums, and prints a table")
    func build() throws {
        let bundle = try BuiltBundle.build("proxy")
        for entry in bundle.manifest.files {
            let attributes = try FileManager.default.attributesOfItem(atPath: bundle.url(entry.path).path)
            let mode = (attributes[.posixPermissions] as? Int) ?? -1
            #expect(String(format: "%04o", mode) == entry.mode.description, "\(entry.path)")
            let sum = String(try Tool.run("sha256sum", [bundle.url(entry.path).path]).stdout.prefix(64))
            if entry.secret {
                // A secret file: keyed digest, no size; its plain sha256 appears nowhere in the manifest.
                #expect(entry.mode == .secret && entry.digest == .hmacSHA256 && entry.size == 0)
                #expect(KeyedDigest.of([UInt8](try Data(contentsOf: bundle.url(entry.path)))) == entry.sha256)
                #expect(
                    !(try String(contentsOf: bundle.directory.appendingPathComponent("manifest.json"), encoding: .utf8))
                        .contains(sum))
            } else {
                #expect(sum == entry.sha256, "\(entry.path): sha256sum disagrees with the manifest")
            }
        }
        #expect(
            bundle.manifest.files.filter(\.secret).map(\.path) == [
                "/etc/nodeprofile/proxy/crio.env", "/etc/nodeprofile/proxy/rpm-ostreed.env",
            ])
    }

    @Test("two builds of a blueprint are byte-identical trees", arguments: Blueprints.all)
    func reproducible(_ blueprint: String) throws {
        let first = try BuiltBundle.build(blueprint)
        let second = try BuiltBundle.build(blueprint)
        let diff = try Tool.run("diff", ["-r", first.directory.path, second.directory.path])
        #expect(diff.status == 0, "\(diff.stdout)")
    }

    @Test("building again into the same directory replaces root/ whole")
    func rebuildReplaces() throws {
        let bundle = try BuiltBundle.build("default")
        let stray = bundle.root.appendingPathComponent("etc/stray.conf")
        try Data("left over".utf8).write(to: stray)
        let run = try BuiltBinary.run(["build", "blueprints/default.yaml", "-o", bundle.directory.path])
        #expect(run.status == 0)
        #expect(!FileManager.default.fileExists(atPath: stray.path))
        #expect(run.stdout.hasPrefix("nodeprofile-default 1.0.0-1: 17 files, gateway declarative\n"))
        #expect(run.stdout.contains("0600  /etc/NetworkManager/system-connections/ovs-if-br-ex.nmconnection"))
    }

    @Test("build PROFILE -o DIR, read without ArgumentParser, writes what ArgumentParser's reading writes")
    func plainInvocation() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("np-plain-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let profile = "blueprints/static-ip.yaml"
        let forms: [(name: String, arguments: (String) -> [String])] = [
            ("plain", { ["build", profile, "-o", $0] }),
            ("plain, -o first", { ["build", "-o", $0, profile] }),
            ("plain, --output", { ["build", profile, "--output", $0] }),
            ("ArgumentParser, --output=", { ["build", "--output=\($0)", profile] }),
            ("ArgumentParser, --strict", { ["build", "--strict", profile, "-o", $0] }),
        ]
        var outputs: [(name: String, stdout: String, directory: String)] = []
        for form in forms {
            let directory = base.appendingPathComponent(String(outputs.count)).path
            let run = try BuiltBinary.run(form.arguments(directory))
            #expect(run.status == 0, "\(form.name): \(run.stderr)")
            outputs.append((form.name, run.stdout, directory))
        }
        for other in outputs.dropFirst() {
            #expect(other.stdout == outputs[0].stdout, "\(other.name)")
            let diff = try Tool.run("diff", ["-r", outputs[0].directory, other.directory])
            #expect(diff.status == 0, "\(other.name): \(diff.stdout)")
        }
        // What the plain reading does not take still reaches ArgumentParser, with its usage errors.
        let missing = try BuiltBinary.run(["build", profile, "-o"])
        #expect(missing.status == 64 && missing.stderr.contains("Missing value for '-o <output>'"))
        let unknown = try BuiltBinary.run(["build", profile, "-x", base.path])
        #expect(unknown.status == 64)
    }

    @Test("an invalid profile builds nothing and exits 1")
    func invalid() throws {
        let profile = try BuiltBinary.temporaryFile(
            "bad.yaml", "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: Bad\n")
        let output = URL(fileURLWithPath: profile).deletingLastPathComponent().appendingPathComponent("out")
        let run = try BuiltBinary.run(["build", profile, "-o", output.path])
        #expect(run.status == 1 && run.stderr.contains(":4:9: error: profile name must be lowercase"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test("explain names each file's fields with their lines, and never the password")
    func explain() throws {
        let run = try BuiltBinary.run(["explain", "blueprints/static-ip.yaml"])
        #expect(run.status == 0)
        #expect(
            run.stdout.contains(
                "/etc/microshift/ovn.yaml (0644)\n    network.gateway.mode           blueprints/static-ip.yaml:21\n    network.mtu                    blueprints/static-ip.yaml:19\n"
            ))
        #expect(run.stdout.contains("/etc/NetworkManager/system-connections/ovs-if-br-ex.nmconnection (0600)"))
        #expect(run.stdout.contains("    fact gateway.nic.mac (resolved on the device)"))
        let proxy = try BuiltBinary.run(["explain", "blueprints/proxy.yaml"])
        let password = try String(
            contentsOf: BuiltBinary.repository.appendingPathComponent("blueprints/secrets/proxy.pass"), encoding: .utf8
        )
        .trimmingCharacters(in: .newlines)
        #expect(proxy.status == 0 && proxy.stdout.contains("/etc/nodeprofile/proxy/crio.env (0600, secret)"))
        #expect(!proxy.stdout.contains(password) && !proxy.stderr.contains(password))
    }

    @Test("--templates replaces one built-in template and refuses unknown ones")
    func templateOverrides() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "np-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("sysctl"), withIntermediateDirectories: true)
        try Data("# site policy for {{profile}}\nnet.ipv4.ip_forward = 1\n".utf8)
            .write(to: directory.appendingPathComponent("sysctl/ip-forward.conf"))
        let output = directory.appendingPathComponent("out")
        let run = try BuiltBinary.run([
            "build", "blueprints/default.yaml", "-o", output.path, "--templates", directory.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(
            contentsOf: output.appendingPathComponent("root/etc/sysctl.d/99-zz-nodeprofile-ip-forward.conf"),
            encoding: .utf8)
        #expect(text == "# site policy for default\nnet.ipv4.ip_forward = 1\n")
        try Data("x".utf8).write(to: directory.appendingPathComponent("sysctl/ip-forwrd.conf"))
        let typo = try BuiltBinary.run([
            "build", "blueprints/default.yaml", "-o", output.path, "--templates", directory.path,
        ])
        #expect(typo.status == 1 && typo.stderr.contains("sysctl/ip-forwrd.conf: overrides no built-in template"))
    }
}
