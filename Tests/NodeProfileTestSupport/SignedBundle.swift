import Foundation
import Testing

/// Keys, signed builds and whole-root snapshots for the signature tests of the built binaries.
public enum SignedBundle {
    /// An Ed25519 key pair (or an RSA one, which nodeprofile refuses) from the real openssl CLI.
    public static func key(_ algorithm: String = "ed25519") throws -> OpenSSLKey {
        try OpenSSLKey.generate(algorithm, options: algorithm == "rsa" ? ["-pkeyopt", "rsa_keygen_bits:1024"] : [])
    }

    /// `nodeprofile build BLUEPRINT -o DIR [--sign-key KEY]` into a fresh directory.
    public static func build(_ blueprint: String, key: URL?) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "np-signed-\(blueprint)-\(UUID().uuidString)")
        let run = try BuiltBinary.run(
            ["build", "blueprints/\(blueprint).yaml", "-o", directory.path]
                + (key.map { ["--sign-key", $0.path] } ?? []))
        guard run.status == 0 else {
            Issue.record("nodeprofile build \(blueprint) --sign-key failed (\(run.status)): \(run.stderr)")
            throw CancellationError()
        }
        return directory
    }

    /// Installs a built bundle (manifest.json, its signature if any, root/) as ROOT/usr/lib/nodeprofile/NAME, the only bundle.
    public static func install(_ built: URL, as name: String, into root: URL) throws {
        let base = root.appendingPathComponent("usr/lib/nodeprofile")
        try? FileManager.default.removeItem(at: base)
        let target = base.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for item in ["manifest.json", "manifest.json.sig", "root"]
        where FileManager.default.fileExists(atPath: built.appendingPathComponent(item).path) {
            try FileManager.default.copyItem(
                at: built.appendingPathComponent(item), to: target.appendingPathComponent(item))
        }
    }

    /// Trusts public keys: copies them into ROOT/etc/nodeprofile/keys.d.
    public static func trust(_ keys: [URL], in root: URL) throws {
        let directory = root.appendingPathComponent("etc/nodeprofile/keys.d")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (index, key) in keys.enumerated() {
            try FileManager.default.copyItem(at: key, to: directory.appendingPathComponent("key\(index).pub"))
        }
    }

    /// Runs the built agent's apply on a scratch root with the sample facts.
    public static func apply(_ root: URL, _ extra: [String] = [], environment: [String: String] = [:]) throws
        -> BuiltBinary.Run
    {
        try BuiltBinary.run(
            ["apply", "--root", root.path] + extra + BuiltBundle.factFlags, product: "nodeprofile-agent",
            environment: environment)
    }

    /// Every entry under the root (files, directories, symlinks) with its type, mode and bytes: equal snapshots mean
    /// nothing at all was written, created or removed.
    /// Every entry under the root but the agent's lock and result.json, which every run (a refused one too) writes
    /// so that `status` tells the truth; `expectRefused` checks result.json itself.
    public static func snapshot(_ root: URL) throws -> [String: String] {
        var entries: [String: String] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return entries }
        while let relative = enumerator.nextObject() as? String {
            if ["var", "var/lib", "var/lib/nodeprofile", "var/lib/nodeprofile/result.json", "var/lib/nodeprofile/lock"]
                .contains(relative)
            {
                continue
            }
            let path = root.appendingPathComponent(relative).path
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let mode = String(format: "%04o", attributes[.posixPermissions] as? Int ?? 0)
            switch attributes[.type] as? FileAttributeType {
            case .typeRegular?:
                entries[relative] =
                    "file \(mode) " + (try Data(contentsOf: URL(fileURLWithPath: path))).base64EncodedString()
            case .typeSymbolicLink?:
                entries[relative] = "link " + (try FileManager.default.destinationOfSymbolicLink(atPath: path))
            default: entries[relative] = "dir \(mode)"
            }
        }
        return entries
    }

    /// The key id a built bundle's manifest.json.sig names.
    public static func keyId(_ built: URL) throws -> String {
        let object =
            try JSONSerialization.jsonObject(with: Data(contentsOf: built.appendingPathComponent("manifest.json.sig")))
            as? [String: Any]
        return try #require(object?["keyId"] as? String)
    }

    /// A fresh scratch root.
    public static func scratchRoot() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("np-signed-root-\(UUID().uuidString)")
    }
}
