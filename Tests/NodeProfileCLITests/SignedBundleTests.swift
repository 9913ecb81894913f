import Foundation
import NodeProfileTestSupport
import Testing

/// Signed bundles end to end: `nodeprofile build/package --sign-key`, then the built agent with keys.d.
/// Every refusal must name the bundle and the reason, exit 1 and leave the root exactly as it was.
@Suite("Signed bundles (built binaries, openssl keys)")
struct SignedBundleTests {
    /// A root where `default`, signed with `key`, is applied and trusted; then `nodeport-block` is installed from `next`.
    static func appliedRoot(key: OpenSSLKey, next: URL) throws -> URL {
        let root = SignedBundle.scratchRoot()
        try SignedBundle.trust([key.publicKey], in: root)
        try SignedBundle.install(try SignedBundle.build("default", key: key.privateKey), as: "default", into: root)
        let first = try SignedBundle.apply(root, ["--require-signature"])
        #expect(first.status == 0, "a signed bundle with its key in keys.d applies: \(first.stderr)")
        try SignedBundle.install(next, as: "nodeport-block", into: root)
        return root
    }

    /// Applies and expects a refusal whose message contains `reason`, with the root untouched.
    static func expectRefused(_ root: URL, _ extra: [String] = [], environment: [String: String] = [:], reason: String)
        throws
    {
        let before = try SignedBundle.snapshot(root)
        let run = try SignedBundle.apply(root, extra, environment: environment)
        let bundle = root.appendingPathComponent("usr/lib/nodeprofile/nodeport-block").path
        #expect(run.status == 1, "refused bundles exit 1: \(run.stderr)")
        #expect(run.stderr.hasSuffix("nodeprofile-agent: \(bundle): \(reason)\n"), "stderr: \(run.stderr)")
        #expect(try SignedBundle.snapshot(root) == before, "a refused bundle leaves the root byte for byte as it was")
        let status = try BuiltBinary.run(["status", "--root", root.path], product: "nodeprofile-agent")
        #expect(
            status.stdout.contains("last result: failed at step load (\(bundle): \(reason))"),
            "status tells the truth: \(status.stdout)")
    }

    @Test("a manifest changed after signing is refused and the root is untouched")
    func tamperedManifest() throws {
        let key = try SignedBundle.key()
        let next = try SignedBundle.build("nodeport-block", key: key.privateKey)
        let manifest = next.appendingPathComponent("manifest.json")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        #expect(text.contains("\"mode\" : \"0644\""))
        try Data(text.replacingOccurrences(of: "\"mode\" : \"0644\"", with: "\"mode\" : \"0666\"").utf8).write(
            to: manifest)
        let root = try Self.appliedRoot(key: key, next: next)
        try Self.expectRefused(
            root,
            reason:
                "signature does not verify with key \(try SignedBundle.keyId(next)) (manifest.json changed after signing?)"
        )
    }

    @Test("file content changed under a valid signature is refused by its checksum")
    func tamperedFile() throws {
        let key = try SignedBundle.key()
        let next = try SignedBundle.build("nodeport-block", key: key.privateKey)
        try Data("table inet evil {}\n".utf8).write(
            to: next.appendingPathComponent("root/etc/nodeprofile/nodeprofile.nft"))
        let root = try Self.appliedRoot(key: key, next: next)
        try Self.expectRefused(
            root,
            reason:
                "/etc/nodeprofile/nodeprofile.nft does not match its sha256 in manifest.json; the bundle was altered")
    }

    @Test("a bundle signed by a key that is not in keys.d is refused, even without --require-signature")
    func wrongKey() throws {
        let key = try SignedBundle.key()
        let stranger = try SignedBundle.key()
        let next = try SignedBundle.build("nodeport-block", key: stranger.privateKey)
        let root = try Self.appliedRoot(key: key, next: next)
        try Self.expectRefused(
            root,
            reason: "signed by key \(try SignedBundle.keyId(next)), which is not in \(root.path)/etc/nodeprofile/keys.d"
        )
    }

    /// The refusal of an unsigned bundle on a root whose keys.d holds a key and that has no allow-unsigned file.
    static func trustedKeysReason(_ root: URL) -> String {
        "unsigned bundle refused: this device trusts the keys in \(root.path)/etc/nodeprofile/keys.d (no manifest.json.sig); "
            + "sign the bundle, or create \(root.path)/etc/nodeprofile/allow-unsigned to accept unsigned bundles"
    }

    @Test(
        "an unsigned bundle on a device that trusts a key is refused, naming what asked for a signature; allow-unsigned lifts only the keys' requirement"
    )
    func unsigned() throws {
        let key = try SignedBundle.key()
        let root = try Self.appliedRoot(key: key, next: try SignedBundle.build("nodeport-block", key: nil))
        let flag = "unsigned bundle refused: --require-signature (no manifest.json.sig)"
        let environment = "unsigned bundle refused: NODEPROFILE_REQUIRE_SIGNATURE is set (no manifest.json.sig)"
        try Self.expectRefused(root, reason: Self.trustedKeysReason(root))
        try Self.expectRefused(root, ["--require-signature"], reason: flag)
        try Self.expectRefused(root, environment: ["NODEPROFILE_REQUIRE_SIGNATURE": "1"], reason: environment)
        try Self.expectRefused(
            root, ["--require-signature"], environment: ["NODEPROFILE_REQUIRE_SIGNATURE": "1"], reason: flag)
        try Data().write(to: root.appendingPathComponent("etc/nodeprofile/allow-unsigned"))
        try Self.expectRefused(root, ["--require-signature"], reason: flag)
        try Self.expectRefused(root, environment: ["NODEPROFILE_REQUIRE_SIGNATURE": "yes"], reason: environment)
        let applied = try SignedBundle.apply(root)
        #expect(applied.status == 0 && applied.stdout.hasPrefix("applied generation"), "\(applied.stderr)")
    }

    @Test("a signed bundle with manifest.json.sig stripped is refused on a device that trusts a key, without any flag")
    func strippedSignature() throws {
        let key = try SignedBundle.key()
        let next = try SignedBundle.build("nodeport-block", key: key.privateKey)
        try FileManager.default.removeItem(at: next.appendingPathComponent("manifest.json.sig"))
        let root = try Self.appliedRoot(key: key, next: next)
        try Self.expectRefused(root, reason: Self.trustedKeysReason(root))
        // A device with no key in keys.d trusts nobody and takes unsigned bundles, as before.
        try FileManager.default.removeItem(at: root.appendingPathComponent("etc/nodeprofile/keys.d"))
        let applied = try SignedBundle.apply(root)
        #expect(applied.status == 0 && applied.stdout.hasPrefix("applied generation"), "\(applied.stderr)")
    }

    @Test("--sign-key with an RSA key, a public key or a missing file exits 1 with KEYFILE: error and writes nothing")
    func badSignKey() throws {
        let rsa = try SignedBundle.key("rsa")
        let ed = try SignedBundle.key()
        let cases = [
            (
                rsa.privateKey,
                "this is an RSA private key; nodeprofile signs with Ed25519 keys only (openssl genpkey -algorithm ed25519)"
            ),
            (
                ed.publicKey,
                "this is a public key; --sign-key needs the private key (openssl genpkey -algorithm ed25519)"
            ),
            (
                ed.privateKey.deletingLastPathComponent().appendingPathComponent("absent.pem"),
                "cannot read the key: no such file"
            ),
        ]
        for (command, (key, message)) in zip(["build", "package", "build"], cases) {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("np-badkey-\(UUID().uuidString)")
            let run = try BuiltBinary.run([
                command, "blueprints/default.yaml", "-o", output.path, "--sign-key", key.path,
            ])
            #expect(run.status == 1 && run.stderr == "\(key.path): error: \(message)\n", "\(command): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output.path), "nothing is written with a bad key")
        }
    }

    @Test(
        "package --sign-key: the signature is in the tarball and the RPM beside manifest.json, and is byte for byte reproducible"
    )
    func packageSigned() throws {
        let key = try SignedBundle.key()
        var digests: [[String]] = []
        var directory = URL(fileURLWithPath: "/")
        for _ in 0..<2 {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "np-signed-package-\(UUID().uuidString)")
            let run = try BuiltBinary.run([
                "package", "blueprints/default.yaml", "-o", directory.path, "--sign-key", key.privateKey.path,
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let rpm = try OutputFiles.only(directory, suffix: ".rpm")
            let tarball = try OutputFiles.only(directory, suffix: ".tar.gz")
            digests.append(
                try [rpm, tarball, directory.appendingPathComponent("manifest.json.sig")].map(OutputFiles.sha256))
        }
        #expect(digests[0] == digests[1], "same key, same profile: same signature, tarball and RPM")
        let signature = try Data(contentsOf: directory.appendingPathComponent("manifest.json.sig"))
        let fromTarball = try Tool.run(
            "tar",
            [
                "-xzOf", OutputFiles.only(directory, suffix: ".tar.gz").path,
                "nodeprofile-default-1.0.0/manifest.json.sig",
            ])
        #expect(Data(fromTarball.stdout.utf8) == signature)
        let listing = try Tool.run(
            "rpm",
            ["-qp", "--qf", "[%{FILENAMES} %{FILEMODES:octal}\n]", OutputFiles.only(directory, suffix: ".rpm").path])
        #expect(listing.stdout.contains("/usr/lib/nodeprofile/default/manifest.json.sig 100644\n"), "\(listing.stdout)")

        // Rebuilding unsigned into the same directory must not leave a signature that no longer matches.
        let unsigned = try BuiltBinary.run(["build", "blueprints/default.yaml", "-o", directory.path])
        #expect(unsigned.status == 0)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("manifest.json.sig").path))
        let entries = try Tool.run("tar", ["-tzf", OutputFiles.only(directory, suffix: ".tar.gz").path]).stdout
        #expect(entries.contains("manifest.json\n") && !entries.contains("manifest.json.sig"))
    }
}
