import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// `nodeprofile export` checked by ignition-validate and a TOML parser.
@Suite("nodeprofile export (built binary, ignition-validate, tomllib)")
struct ExportCommandTests {
    static func export(_ blueprint: String, _ format: String) throws -> (BuiltBundle, URL) {
        let bundle = try BuiltBundle.build(blueprint)
        let output = bundle.directory.appendingPathComponent("export.\(format)")
        let run = try BuiltBinary.run(
            ["export", "blueprints/\(blueprint).yaml", "--format", format, "-o", output.path] + bundle.factArguments)
        #expect(run.status == 0, "export \(blueprint) \(format): \(run.stderr)")
        return (bundle, output)
    }

    @Test(
        "the Ignition export passes ignition-validate and carries every file the agent would write",
        arguments: Blueprints.all)
    func ignition(_ blueprint: String) throws {
        let (bundle, output) = try Self.export(blueprint, "ignition")
        let validate = try Tool.run("ignition-validate", [output.path])
        #expect(
            validate.status == 0 && validate.stdout.isEmpty && validate.stderr.isEmpty,
            "ignition-validate: \(validate.stdout)\(validate.stderr)")
        let config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
        let files = ((config["storage"] as? [String: Any])?["files"] as? [[String: Any]]) ?? []
        let units = ((config["systemd"] as? [String: Any])?["units"] as? [[String: Any]]) ?? []
        var exported = Set(files.compactMap { $0["path"] as? String })
        for unit in units {
            let name = unit["name"] as? String ?? ""
            if unit["contents"] != nil { exported.insert("/etc/systemd/system/\(name)") }
            for dropin in unit["dropins"] as? [[String: Any]] ?? [] {
                exported.insert("/etc/systemd/system/\(name).d/\(dropin["name"] as? String ?? "")")
            }
        }
        let expected = Set(bundle.manifest.files.filter { $0.appliedBy == .agent }.map(\.path))
        #expect(exported == expected, "\(exported.symmetricDifference(expected).sorted())")
        for file in files {
            let path = file["path"] as? String ?? ""
            let entry = try #require(bundle.manifest.files.first { $0.path == path })
            #expect(file["mode"] as? Int == entry.mode.bits, "\(path) mode")
        }
        #expect(
            units.contains { $0["name"] as? String == "nodeprofile-ovs-init.service" && $0["enabled"] as? Bool == true }
        )
    }

    static let tomlFiles = """
        import json, sys, tomllib
        blueprint = tomllib.load(open(sys.argv[1], "rb"))
        print(json.dumps({f["path"]: [f["mode"], f["data"]] for f in blueprint["customizations"]["files"]}))
        """

    @Test("the blueprint export parses as TOML and holds every file with its bytes and mode", arguments: Blueprints.all)
    func blueprint(_ blueprint: String) throws {
        let (bundle, output) = try Self.export(blueprint, "blueprint")
        let parsed = try Tool.run("python3", ["-c", Self.tomlFiles, output.path])
        #expect(parsed.status == 0, "tomllib: \(parsed.stderr)")
        let files = try #require(
            try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [String: [String]])
        let agentFiles = bundle.manifest.files.filter { $0.appliedBy == .agent }
        #expect(Set(files.keys) == Set(agentFiles.map(\.path)))
        for entry in agentFiles {
            #expect(files[entry.path]?.first == entry.mode.description, "\(entry.path) mode")
            #expect(files[entry.path]?.last == (try bundle.resolvedText(entry.path)), "\(entry.path) contents")
        }
    }

    @Test("missing or malformed facts, and a secret bound for a terminal, are refused clearly")
    func refusals() throws {
        let missing = try BuiltBinary.run(["export", "blueprints/default.yaml", "--format", "ignition"])
        #expect(
            missing.status == 1
                && missing.stderr.contains(
                    "ovs-port-phys0.nmconnection needs fact gateway.nic, which only the device knows")
        )
        let malformed = try BuiltBinary.run([
            "export", "blueprints/static-ip.yaml", "--format", "ignition", "--fact", "gateway.nic.mac=zz",
        ])
        #expect(malformed.status == 1 && malformed.stderr.contains("--fact gateway.nic.mac=zz: the value must match"))
        let unknown = try BuiltBinary.run([
            "export", "blueprints/static-ip.yaml", "--format", "ignition", "--fact", "node.ip=10.0.0.1",
        ])
        #expect(
            unknown.status == 1 && unknown.stderr.contains("this bundle has no such fact; its facts: gateway.nic.mac"))
        let proxy = try BuiltBundle.build("proxy")
        let facts = proxy.factArguments
        let toTerminal = try BuiltBinary.run(["export", "blueprints/proxy.yaml", "--format", "blueprint"] + facts)
        #expect(
            toTerminal.status == 1 && toTerminal.stderr.contains("holds the proxy password; write it to a file with -o")
        )
        let file = proxy.directory.appendingPathComponent("secret.toml")
        let written = try BuiltBinary.run(
            ["export", "blueprints/proxy.yaml", "--format", "blueprint", "-o", file.path] + facts)
        #expect(written.status == 0)
        #expect((try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int) == 0o600)
    }

    @Test("an uppercase MAC in --fact is accepted and written in lowercase")
    func uppercaseMAC() throws {
        let run = try BuiltBinary.run([
            "export", "blueprints/static-ip.yaml", "--format", "blueprint", "--fact",
            "gateway.nic.mac=52:54:00:AB:CD:EF",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("52:54:00:ab:cd:ef") && !run.stdout.contains("AB:CD:EF"))
    }
}
