import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// The proxy password appears only in 0600 files marked secret: never in any other output byte, log line,
/// diagnostic, `explain`, `--dry-run` or `status`.
@Suite("Secrets stay secret")
struct SecretTests {
    static let password = "Zq7-unmistakable-secret!%$"

    static func profile() throws -> String {
        let file = try BuiltBinary.temporaryFile(
            "secret.yaml",
            """
            apiVersion: nodeprofile/v1
            kind: NodeProfile
            metadata:
              name: secret
            proxy:
              http: http://proxy.example:3128
              https: http://proxy.example:3128
              username: edge
              passwordFile: pass.txt
            """)
        try Data((password + "\n").utf8).write(
            to: URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("pass.txt"))
        return file
    }

    /// Every spelling of the password a file could hold: as is, percent-encoded, and %-doubled for systemd.
    static let spellings = [password, "Zq7-unmistakable-secret%21%25%24", "Zq7-unmistakable-secret%%21%%25%%24"]

    static func leaks(_ text: String) -> Bool { spellings.contains { text.contains($0) } }

    @Test("only 0600 files marked secret hold the password; every other file and every output is clean")
    func everywhere() throws {
        let profile = try Self.profile()
        let directory = URL(fileURLWithPath: profile).deletingLastPathComponent().appendingPathComponent("out")
        var outputs: [BuiltBinary.Run] = []
        outputs.append(try BuiltBinary.run(["validate", profile]))
        outputs.append(try BuiltBinary.run(["validate", "--format", "json", profile]))
        outputs.append(try BuiltBinary.run(["package", profile, "-o", directory.path]))
        outputs.append(try BuiltBinary.run(["explain", profile]))
        let manifest = try ManifestCoding.decode(
            [UInt8](try Data(contentsOf: directory.appendingPathComponent("manifest.json"))))
        let secretPaths = Set(manifest.files.filter(\.secret).map { "root" + $0.path })
        #expect(secretPaths == ["root/etc/nodeprofile/proxy/crio.env", "root/etc/nodeprofile/proxy/rpm-ostreed.env"])
        // Every file the build wrote: a file may hold the password (plain, or compressed in the tarball and RPM) only at 0600.
        let enumerator = try #require(FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil))
        var scanned = 0
        while let url = enumerator.nextObject() as? URL {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            scanned += 1
            let relative = String(url.path.dropFirst(directory.path.count + 1))
            let mode = attributes[.posixPermissions] as? Int ?? 0
            var text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            if url.pathExtension == "gz" { text = try Tool.run("tar", ["-xzOf", url.path]).stdout }
            if url.pathExtension == "rpm" {
                text = try Tool.run(
                    "bash", ["-c", "rpm2cpio \"$1\" | zcat -f 2>/dev/null || rpm2cpio \"$1\"", "-", url.path]
                ).stdout
            }
            if Self.leaks(text) || url.pathExtension == "gz" || url.pathExtension == "rpm" {
                #expect(mode == 0o600, "\(relative) holds the password but is mode \(String(mode, radix: 8))")
            }
            if Self.leaks(text) && url.pathExtension != "gz" && url.pathExtension != "rpm" {
                #expect(secretPaths.contains(relative), "\(relative) holds the password but is not marked secret")
            }
        }
        #expect(scanned >= 20)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("np-secret-root-\(UUID().uuidString)")
        let bundle = root.appendingPathComponent("usr/lib/nodeprofile/secret")
        try FileManager.default.createDirectory(at: bundle, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: directory.appendingPathComponent("manifest.json"), to: bundle.appendingPathComponent("manifest.json"))
        try FileManager.default.copyItem(
            at: directory.appendingPathComponent("root"), to: bundle.appendingPathComponent("root"))
        let facts = [
            "--fact", "gateway.nic=eth0", "--fact", "gateway.nic.mac=52:54:00:12:34:56", "--fact",
            "gateway.nic.mtu=1500",
            "--fact", "node.ip=192.168.1.5",
        ]
        outputs.append(
            try BuiltBinary.run(["apply", "--dry-run", "--root", root.path] + facts, product: "nodeprofile-agent"))
        outputs.append(try BuiltBinary.run(["apply", "--root", root.path] + facts, product: "nodeprofile-agent"))
        outputs.append(try BuiltBinary.run(["status", "--root", root.path], product: "nodeprofile-agent"))
        for (index, output) in outputs.enumerated() {
            #expect(output.status == 0, "command \(index): \(output.stderr)")
            #expect(!Self.leaks(output.stdout) && !Self.leaks(output.stderr), "command \(index) printed the password")
        }
        let environmentFile = root.appendingPathComponent("etc/nodeprofile/proxy/crio.env")
        #expect(
            (try FileManager.default.attributesOfItem(atPath: environmentFile.path)[.posixPermissions] as? Int) == 0o600
        )
        #expect(
            Self.leaks(try String(contentsOf: environmentFile, encoding: .utf8)),
            "the environment file itself must carry the password")
        let dropIn = try String(
            contentsOf: root.appendingPathComponent("etc/systemd/system/crio.service.d/00-proxy.conf"), encoding: .utf8)
        #expect(
            !Self.leaks(dropIn) && dropIn.contains("EnvironmentFile=/etc/nodeprofile/proxy/crio.env\n")
                && !dropIn.contains("Environment=\""))
        for state in ["state.json", "result.json"] {
            #expect(
                !Self.leaks(
                    try String(contentsOf: root.appendingPathComponent("var/lib/nodeprofile/\(state)"), encoding: .utf8)
                ))
        }
    }

    @Test(
        "manifest.json (0644) lets no guessed password be checked: no size, no plain sha256 of a secret file"
    )
    func noGuessCheck() throws {
        let profile = try Self.profile()
        let directory = URL(fileURLWithPath: profile).deletingLastPathComponent().appendingPathComponent("out")
        #expect(try BuiltBinary.run(["build", profile, "-o", directory.path]).status == 0)
        let manifestText = try String(contentsOf: directory.appendingPathComponent("manifest.json"), encoding: .utf8)
        let manifest = try ManifestCoding.decode(Array(manifestText.utf8))
        let secret = try #require(manifest.files.first { $0.path == "/etc/nodeprofile/proxy/crio.env" })
        let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("root" + secret.path)))
        // The tryout: rebuild the file from a guess (here the right one) and compare with the manifest. Without the key,
        // which only the 0600 file holds, neither the file's sha256 nor its text without the key line matches anything.
        let withoutKey =
            String(decoding: bytes, as: UTF8.self).split(separator: "\n").filter {
                !$0.hasPrefix(KeyedDigest.keyLinePrefix)
            }
            .joined(separator: "\n") + "\n"
        for candidate in [SHA256.hex(bytes), SHA256.hex(Array(withoutKey.utf8))] {
            #expect(!manifestText.contains(candidate))
        }
        #expect(secret.size == 0 && secret.digest == .hmacSHA256 && !manifestText.contains("\"size\" : \(bytes.count)"))
        #expect(KeyedDigest.of(bytes) == secret.sha256, "the agent checks the file with the key it carries")
        // Without a seed the key is random: two builds differ in the secret files' keys and digests only.
        let unseeded = [BuiltBinary.Run](
            try (0..<2).map { index in
                try BuiltBinary.run(
                    ["build", profile, "-o", directory.path + "-\(index)"], environment: ["NODEPROFILE_SECRET_SEED": ""]
                )
            })
        #expect(unseeded.allSatisfy { $0.status == 0 })
        let keys = try (0..<2).map {
            try String(
                contentsOf: URL(fileURLWithPath: directory.path + "-\($0)/root/etc/nodeprofile/proxy/crio.env"),
                encoding: .utf8)
        }
        #expect(keys[0] != keys[1])
        let diff = try Tool.run(
            "diff",
            [
                "-r", "-q", "-x", "*.env", "-x", "*.tar.gz", "-x", "manifest.json", directory.path + "-0",
                directory.path + "-1",
            ])
        #expect(diff.status == 0, "\(diff.stdout)")
    }

    @Test("a --templates override of the secret file without the key line still gets the key and a keyed digest")
    func keyLineByCode() throws {
        let profile = try Self.profile()
        let base = URL(fileURLWithPath: profile).deletingLastPathComponent()
        let templates = base.appendingPathComponent("templates/systemd")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("# my own proxy environment\n{{#variables}}\n{{assignment}}\n{{/variables}}\n".utf8).write(
            to: templates.appendingPathComponent("proxy.env"))
        let directory = base.appendingPathComponent("out-templated")
        let run = try BuiltBinary.run(
            ["build", profile, "-o", directory.path, "--templates", base.appendingPathComponent("templates").path])
        #expect(run.status == 0, "\(run.stderr)")
        let manifestText = try String(contentsOf: directory.appendingPathComponent("manifest.json"), encoding: .utf8)
        let manifest = try ManifestCoding.decode(Array(manifestText.utf8))
        for secret in manifest.files where secret.secret {
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("root" + secret.path)))
            #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("# my own proxy environment\n# nodeprofile-key: "))
            #expect(secret.digest == .hmacSHA256 && secret.size == 0, "\(secret.path)")
            #expect(KeyedDigest.of(bytes) == secret.sha256)
            #expect(!manifestText.contains(SHA256.hex(bytes)), "no plain digest of \(secret.path)")
        }
    }

    @Test("a secret file changed in the bundle is refused by the agent (its keyed digest no longer matches)")
    func tamperedSecret() throws {
        let profile = try Self.profile()
        let directory = URL(fileURLWithPath: profile).deletingLastPathComponent().appendingPathComponent("out")
        #expect(try BuiltBinary.run(["build", profile, "-o", directory.path]).status == 0)
        let file = directory.appendingPathComponent("root/etc/nodeprofile/proxy/crio.env")
        try Data(
            (try String(contentsOf: file, encoding: .utf8)).replacingOccurrences(
                of: "proxy.example", with: "evil.example"
            ).utf8
        ).write(to: file)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "np-secret-tamper-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let run = try BuiltBinary.run(
            [
                "apply", "--root", root.path, "--bundle", directory.path, "--fact", "gateway.nic=eth0",
                "--fact", "gateway.nic.mac=52:54:00:12:34:56", "--fact", "gateway.nic.mtu=1500", "--fact",
                "node.ip=192.168.1.5",
            ],
            product: "nodeprofile-agent")
        #expect(
            run.status == 1
                && run.stderr.contains("/etc/nodeprofile/proxy/crio.env does not match its sha256 in manifest.json"),
            "\(run.stderr)")
    }

    @Test("a diagnostic about the password file never quotes its content")
    func diagnostics() throws {
        let profile = try Self.profile()
        try Data((Self.password + "\nsecond line\n").utf8).write(
            to: URL(fileURLWithPath: profile).deletingLastPathComponent().appendingPathComponent("pass.txt"))
        let run = try BuiltBinary.run(["validate", profile])
        #expect(run.status == 1 && run.stderr.contains("must hold the password on a single line"))
        #expect(!Self.leaks(run.stderr) && !Self.leaks(run.stdout))
    }
}
