import Foundation
import NodeProfileManifest

/// A bundle as installed under /usr/lib/nodeprofile/NAME: its manifest and the bytes of every file, verified.
public struct LoadedBundle: Sendable {
    public var directory: String
    public var manifest: BundleManifest
    /// SHA-256 of manifest.json: the bundle's identity.
    public var digest: String
    /// Device path -> bytes from the bundle (placeholders not yet filled).
    public var files: [String: [UInt8]]

    /// Loads a bundle directory and checks every file against its manifest before anything is touched.
    public static func load(_ directory: String) throws -> LoadedBundle {
        let fs = RootFS(root: directory)
        guard let manifestBytes = fs.read("/manifest.json") else {
            throw AgentError.bundle("\(directory): no manifest.json")
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
        return LoadedBundle(directory: directory, manifest: manifest, digest: SHA256.hex(manifestBytes), files: files)
    }

    /// Every bundle under ROOT/usr/lib/nodeprofile, sorted by name.
    public static func installed(in fs: RootFS) throws -> [LoadedBundle] {
        let base = fs.host("/usr/lib/nodeprofile")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).sorted()
        return try names.filter { FileManager.default.fileExists(atPath: "\(base)/\($0)/manifest.json") }.map { try load("\(base)/\($0)") }
    }
}
