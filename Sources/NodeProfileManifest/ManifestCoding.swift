import Foundation

/// Reading and writing manifest.json the same way everywhere: sorted keys, so equal manifests are equal bytes.
public enum ManifestCoding {
    /// The manifest as pretty-printed JSON with sorted keys and a final newline.
    public static func encode(_ manifest: BundleManifest) throws -> [UInt8] {
        ManifestJSON.encode(manifest) + [0x0A]
    }

    /// Decodes manifest.json, refusing formats this build does not know.
    public static func decode(_ bytes: [UInt8]) throws -> BundleManifest {
        let manifest = try JSONDecoder().decode(BundleManifest.self, from: Data(bytes))
        guard manifest.format == BundleManifest.currentFormat else {
            throw ManifestError("manifest format \(manifest.format) is not supported; this build reads format \(BundleManifest.currentFormat)")
        }
        return manifest
    }
}

/// A problem with a manifest.
public struct ManifestError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
