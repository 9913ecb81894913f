import Foundation
import NodeProfileCore
import NodeProfileManifest
import NodeProfileSigning

/// Writes a bundle to disk: DIR/root/ as on the device (modes applied), DIR/manifest.json and, when signed,
/// DIR/manifest.json.sig.
enum BundleDirectory {
    /// Writes the bundle with manifest.json (and its signature) as `sources` encoded them for the tarball, into a
    /// directory that is new (a staging directory `OutputDirectory` swaps in whole).
    static func write(_ bundle: CompiledBundle, sources: PackageSources, to directory: URL) throws {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        let root = directory.appendingPathComponent("root")
        try fileManager.createDirectory(at: root, withIntermediateDirectories: true)
        var made: Set<Substring> = []
        let rootPath = root.path // URL.path is computed on each call
        for file in bundle.files {
            let relative = file.path.dropFirst()
            try Directories.make(parentsOf: relative, below: rootPath, made: &made)
            try NewFile.write(file.bytes, to: rootPath + "/" + relative, mode: mode_t(file.mode))
        }
        try NewFile.write(sources.manifestJSON, to: directory.appendingPathComponent("manifest.json").path, mode: 0o644)
        if let signature = sources.signature {
            try NewFile.write(
                signature, to: directory.appendingPathComponent(BundleSignature.fileName).path, mode: 0o644)
        }
    }
}

/// The directories of root/, each 0755 whatever the umask, as FileManager's createDirectory with
/// `.posixPermissions: 0o755` makes them, with mkdir and chmod: FileManager cost 2M instructions for a bundle's 18 files.
enum Directories {
    /// Makes every missing parent directory of `relative` below `base`, top down; `made` remembers those done.
    static func make(parentsOf relative: Substring, below base: String, made: inout Set<Substring>) throws {
        var parents: [Substring] = []
        var end = relative.utf8.endIndex
        while let slash = relative.utf8[..<end].lastIndex(of: UInt8(ascii: "/")) {
            let parent = relative[..<slash]
            if made.contains(parent) { break }
            parents.append(parent)
            end = slash
        }
        for parent in parents.reversed() {
            let path = base + "/" + parent
            if mkdir(path, 0o755) == 0 {
                if ProcessUmask.narrows(0o755) { chmod(path, 0o755) }
            } else if errno != EEXIST {
                // FileManager says why, in the words every other write error uses.
                try FileManager.default.createDirectory(
                    atPath: path, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o755])
            }
            made.insert(parent)
        }
    }
}
