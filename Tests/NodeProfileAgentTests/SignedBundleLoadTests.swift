import Foundation
import NodeProfileManifest
import NodeProfileSigning
import NodeProfileTestSupport
import Testing

@testable import NodeProfileAgentCore

/// Loading bundles under a device's signature policy: keys.d, signatures, and refusals before any write.
@Suite("Agent: signed bundles")
struct SignedBundleLoadTests {
    /// The one file of the test bundle.
    static let files: [String: (mode: Int, text: String, actions: [Action])] = [
        "/etc/nodeprofile/a.conf": (0o644, "a=1\n", [])
    ]

    /// A fixture with bundle `p` installed and, when `key` is given, signed with it.
    static func signedFixture(_ key: OpenSSLKey?) throws -> (AgentFixture, URL) {
        let fixture = try AgentFixture()
        try fixture.install("p", files)
        let directory = fixture.root.appendingPathComponent("usr/lib/nodeprofile/p")
        if let key {
            let manifest = [UInt8](try Data(contentsOf: directory.appendingPathComponent("manifest.json")))
            try Data(try BundleSignature(signing: manifest, with: key.signing).encoded()).write(
                to: directory.appendingPathComponent(BundleSignature.fileName))
        }
        return (fixture, directory)
    }

    /// Copies public keys into ROOT/etc/nodeprofile/keys.d under the given file names.
    static func trust(_ keys: [String: URL], in fixture: AgentFixture) throws {
        let directory = fixture.root.appendingPathComponent("etc/nodeprofile/keys.d")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, url) in keys {
            try FileManager.default.copyItem(at: url, to: directory.appendingPathComponent(name))
        }
    }

    /// Loads every installed bundle and returns the error's text, or nil when they load.
    static func refusal(_ fixture: AgentFixture, require: Bool = false) -> String? {
        let fs = RootFS(root: fixture.path)
        do {
            _ = try LoadedBundle.installed(in: fs, policy: TrustedKeys.policy(in: fs, requireSignature: require))
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("a bundle signed by a key in keys.d loads, names that key, and is applied")
    func trusted() throws {
        let key = try OpenSSLKey.generate()
        let (fixture, _) = try Self.signedFixture(key)
        try Self.trust(["release.pub": key.publicKey], in: fixture)
        let fs = RootFS(root: fixture.path)
        let bundles = try LoadedBundle.installed(in: fs, policy: TrustedKeys.policy(in: fs, requireSignature: true))
        #expect(bundles.map(\.signature) == [.verified(keyId: try key.trusted.id)])
        _ = try Agent.testing(fixture).apply(bundles)
        #expect(fixture.snapshot()["/etc/nodeprofile/a.conf"] == "a=1\n")
    }

    @Test(
        "a changed manifest, an unknown key and a missing signature under --require-signature are refused, naming the bundle"
    )
    func refusals() throws {
        let key = try OpenSSLKey.generate()
        let other = try OpenSSLKey.generate()
        let (fixture, directory) = try Self.signedFixture(key)
        try Self.trust(["other.pub": other.publicKey], in: fixture)
        let id = try key.trusted.id
        #expect(
            Self.refusal(fixture)
                == "\(directory.path): signed by key \(id), which is not in \(fixture.path)/etc/nodeprofile/keys.d")

        try Self.trust(["release.pub": key.publicKey], in: fixture)
        #expect(Self.refusal(fixture) == nil)
        let manifest = directory.appendingPathComponent("manifest.json")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"generator\" : \"test\"", with: "\"generator\" : \"evil\"").utf8)
            .write(to: manifest)
        #expect(
            Self.refusal(fixture)
                == "\(directory.path): signature does not verify with key \(id) (manifest.json changed after signing?)")

        try FileManager.default.removeItem(at: directory.appendingPathComponent(BundleSignature.fileName))
        let keys = "\(fixture.path)/etc/nodeprofile/keys.d"
        #expect(
            Self.refusal(fixture)
                == "\(directory.path): unsigned bundle refused: this device trusts the keys in \(keys) (no manifest.json.sig); sign the bundle, or create \(fixture.path)/etc/nodeprofile/allow-unsigned to accept unsigned bundles",
            "a device that trusts a key refuses unsigned bundles")
        try Data().write(to: fixture.root.appendingPathComponent("etc/nodeprofile/allow-unsigned"))
        #expect(Self.refusal(fixture) == nil, "allow-unsigned takes them")
        #expect(
            Self.refusal(fixture, require: true)
                == "\(directory.path): unsigned bundle refused: --require-signature (no manifest.json.sig)")
        #expect(
            fixture.snapshot().keys.sorted() == [
                "/etc/nodeprofile/allow-unsigned", "/etc/nodeprofile/keys.d/other.pub",
                "/etc/nodeprofile/keys.d/release.pub",
            ])
    }

    @Test("a good signature over changed file content is still refused by the checksum")
    func tamperedFile() throws {
        let key = try OpenSSLKey.generate()
        let (fixture, directory) = try Self.signedFixture(key)
        try Self.trust(["release.pub": key.publicKey], in: fixture)
        try Data("a=evil\n".utf8).write(to: directory.appendingPathComponent("root/etc/nodeprofile/a.conf"))
        #expect(
            Self.refusal(fixture)?.hasSuffix(
                "/etc/nodeprofile/a.conf does not match its sha256 in manifest.json; the bundle was altered") == true)
    }

    @Test("a signature file that is garbage, a directory or a dangling symlink is refused, never read as unsigned")
    func badSignatureFiles() throws {
        let (fixture, directory) = try Self.signedFixture(nil)
        let signature = directory.appendingPathComponent(BundleSignature.fileName)
        try Data("not json\n".utf8).write(to: signature)
        #expect(
            Self.refusal(fixture)?.hasSuffix(
                "manifest.json.sig is not a signature file (expected JSON with format, algorithm, keyId and signature)")
                == true)
        try Data(#"{"algorithm":"rsa","format":1,"keyId":"00","signature":""}"#.utf8).write(to: signature)
        #expect(
            Self.refusal(fixture)?.hasSuffix("manifest.json.sig uses algorithm rsa; only ed25519 is supported") == true)
        try FileManager.default.removeItem(at: signature)
        try FileManager.default.createDirectory(at: signature, withIntermediateDirectories: false)
        #expect(
            Self.refusal(fixture)?.hasSuffix(
                "manifest.json.sig is a directory, not a regular file; refusing to read it") == true)
        try FileManager.default.removeItem(at: signature)
        try FileManager.default.createSymbolicLink(atPath: signature.path, withDestinationPath: "/nonexistent")
        #expect(
            Self.refusal(fixture)?.hasSuffix("manifest.json.sig is a symlink, not a regular file; refusing to read it")
                == true)
        try FileManager.default.removeItem(at: signature)
        #expect(mkfifo(signature.path, 0o600) == 0)
        #expect(
            Self.refusal(fixture)?.hasSuffix("manifest.json.sig is a FIFO, not a regular file; refusing to read it")
                == true)
    }

    @Test("an unreadable key file is a warning when another key verifies, and named in the refusal when none does")
    func unreadableKeyFile() throws {
        let key = try OpenSSLKey.generate()
        let (fixture, directory) = try Self.signedFixture(key)
        let rsa = try OpenSSLKey.generate("rsa", options: ["-pkeyopt", "rsa_keygen_bits:1024"])
        try Self.trust(["broken.pub": rsa.publicKey, "ignored.pem": key.publicKey], in: fixture)
        let keysDirectory = "\(fixture.path)/etc/nodeprofile/keys.d"
        let policy = TrustedKeys.policy(in: RootFS(root: fixture.path), requireSignature: false)
        #expect(
            policy.warnings.count == 1
                && policy.warnings[0].hasPrefix("\(keysDirectory)/broken.pub: ignored: this is an RSA public key"))
        #expect(
            Self.refusal(fixture)?.hasPrefix(
                "\(directory.path): signed by key \(try key.trusted.id), which is not in \(keysDirectory); unreadable key files there: \(keysDirectory)/broken.pub (this is an RSA public key"
            ) == true,
            "only *.pub files are keys, and a broken one is named when no key verifies")
        try Self.trust(["release.pub": key.publicKey], in: fixture)
        #expect(Self.refusal(fixture) == nil)
    }

    @Test("NODEPROFILE_REQUIRE_SIGNATURE turns the requirement on for any value but empty, 0, no or false")
    func environment() {
        for value in ["1", "yes", "true", "on"] {
            #expect(TrustedKeys.required(by: ["NODEPROFILE_REQUIRE_SIGNATURE": value]))
        }
        for value in ["", "0", "no", "FALSE"] {
            #expect(!TrustedKeys.required(by: ["NODEPROFILE_REQUIRE_SIGNATURE": value]))
        }
        #expect(!TrustedKeys.required(by: [:]))
    }
}
