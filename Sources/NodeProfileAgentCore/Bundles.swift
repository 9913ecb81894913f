import Foundation
import NodeProfileManifest
import NodeProfileSigning

/// A bundle as installed under /usr/lib/nodeprofile/NAME: its manifest and the bytes of every file, verified.
public struct LoadedBundle: Sendable {
    public var directory: String
    public var manifest: BundleManifest
    /// SHA-256 of manifest.json: the bundle's identity.
    public var digest: String
    /// Device path -> bytes from the bundle (placeholders not yet filled).
    public var files: [String: [UInt8]]

    /// How the bundle's signature checked out.
    public var signature: SignaturePolicy.Outcome

    /// Loads a bundle directory and checks its signature under `policy`, then every file against its manifest,
    /// before anything is touched.
    public static func load(_ directory: String, policy: SignaturePolicy) throws -> LoadedBundle {
        let fs = RootFS(root: directory)
        guard let manifestBytes = fs.read("/manifest.json") else {
            throw AgentError.bundle("\(directory): no manifest.json")
        }
        let signature: SignaturePolicy.Outcome
        do {
            // A signature file that exists but cannot be read must not pass as "unsigned".
            let path = "/" + BundleSignature.fileName
            var status = stat()
            let bytes = fs.read(path)
            if lstat(fs.host(path), &status) == 0 && bytes == nil { throw SigningError("\(BundleSignature.fileName) is not a regular file, or unreadable") }
            signature = try policy.check(manifest: manifestBytes, signature: bytes)
        } catch {
            throw AgentError.bundle("\(directory): \(error)")
        }
        let manifest: BundleManifest
        do {
            manifest = try ManifestCoding.decode(manifestBytes)
        } catch {
            throw AgentError.bundle("\(directory)/manifest.json: \(error)")
        }
        var files: [String: [UInt8]] = [:]
        for entry in manifest.files where entry.appliedBy == "agent" {
            guard entry.path.hasPrefix("/etc/"), !entry.path.contains("//"),
                  !entry.path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else {
                throw AgentError.bundle("\(directory): manifest path \(entry.path) is outside /etc")
            }
            guard let bytes = fs.read("/root" + entry.path) else { throw AgentError.bundle("\(directory): \(entry.path) is missing from the bundle") }
            guard SHA256.hex(bytes) == entry.sha256 else {
                throw AgentError.bundle("\(directory): \(entry.path) does not match its sha256 in manifest.json; the bundle was altered")
            }
            files[entry.path] = bytes
        }
        return LoadedBundle(directory: directory, manifest: manifest, digest: SHA256.hex(manifestBytes), files: files,
                            signature: signature)
    }

    /// Every bundle under ROOT/usr/lib/nodeprofile, sorted by name.
    public static func installed(in fs: RootFS, policy: SignaturePolicy) throws -> [LoadedBundle] {
        let base = fs.host("/usr/lib/nodeprofile")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).sorted()
        return try names.filter { FileManager.default.fileExists(atPath: "\(base)/\($0)/manifest.json") }.map { try load("\(base)/\($0)", policy: policy) }
    }
}
