import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

@testable import NodeProfileCore

/// Every blueprint's compiled tree and manifest, compared byte for byte with Tests/Goldens/<blueprint>/.
/// Re-record after an intended change with `make goldens` (NODEPROFILE_RECORD_GOLDENS=1), then review the diff like code.
@Suite("Golden bundles")
struct GoldenTests {
    static let goldens = Repository.root.appendingPathComponent("Tests/Goldens")
    static var recording: Bool { ProcessInfo.processInfo.environment["NODEPROFILE_RECORD_GOLDENS"] == "1" }

    /// Compiles a blueprint in memory, as `nodeprofile build` does, with its spec.
    static func compile(_ name: String) throws -> (CompiledBundle, PackageSources) {
        let url = Repository.root.appendingPathComponent("blueprints/\(name).yaml")
        let bytes = [UInt8](try Data(contentsOf: url))
        let compiler = ProfileCompiler(
            templates: try TemplateSet.builtIn(), generator: "nodeprofile golden",
            secretSeed: Array("nodeprofile goldens".utf8))
        let result = compiler.compile(
            .bytes(bytes, file: "blueprints/\(name).yaml"), resources: FileSystemResources(profilePath: url.path))
        guard let profile = result.profile, let bundle = result.bundle else {
            Issue.record("\(name) does not compile:\n\(listing(result.diagnostics))")
            throw CancellationError()
        }
        let sources = try PackageSources(
            bundle: bundle, description: profile.metadata.description, profileDigest: SHA256.hex(bytes),
            epoch: RPMSpec.defaultEpoch, templates: try TemplateSet.builtIn())
        return (bundle, sources)
    }

    /// The files a golden directory should hold: relative path -> bytes.
    static func expectedFiles(_ compiled: (CompiledBundle, PackageSources)) throws -> [String: [UInt8]] {
        let (bundle, sources) = compiled
        var files: [String: [UInt8]] = [
            "manifest.json": try ManifestCoding.encode(bundle.manifest),
            sources.spec.fileName: Array(sources.specText.utf8),
        ]
        for file in bundle.files { files["root" + file.path] = file.bytes }
        return files
    }

    @Test("each blueprint compiles to its golden tree", arguments: BlueprintTests.required)
    func matchesGolden(_ name: String) throws {
        let actual = try Self.expectedFiles(Self.compile(name))
        let directory = Self.goldens.appendingPathComponent(name)
        if Self.recording {
            try? FileManager.default.removeItem(at: directory)
            for (path, bytes) in actual {
                let url = directory.appendingPathComponent(path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url)
            }
            return
        }
        let recorded = GoldenFiles.read(directory)
        #expect(!recorded.isEmpty, "no golden for \(name): run `make goldens` and review what it writes")
        for path in Set(recorded.keys).union(actual.keys).sorted() {
            switch (recorded[path], actual[path]) {
            case (nil, _?):
                Issue.record("\(name): generated \(path) is not in the golden tree (run `make goldens` if intended)")
            case (_?, nil):
                Issue.record("\(name): golden \(path) is no longer generated (run `make goldens` if intended)")
            case (let want?, let got?) where want != got:
                Issue.record("\(name): \(path) differs from its golden:\n\(GoldenFiles.diff(want, got, label: path))")
            default: break
            }
        }
    }

    @Test("same profile, same bytes: two compilations are identical", arguments: BlueprintTests.required)
    func deterministic(_ name: String) throws {
        let first = try Self.compile(name)
        let second = try Self.compile(name)
        #expect(try Self.expectedFiles(first) == Self.expectedFiles(second))
        #expect(first.1.tarball == second.1.tarball, "the tarball must be byte-identical")
    }
}

/// Reading golden trees and showing differences.
enum GoldenFiles {
    static func read(_ directory: URL) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        let base = directory.standardizedFileURL.path
        guard
            let enumerator = FileManager.default.enumerator(
                at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        else {
            return files
        }
        while let url = enumerator.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                let data = FileManager.default.contents(atPath: url.path)
            else { continue }
            files[String(url.standardizedFileURL.path.dropFirst(base.count + 1))] = [UInt8](data)
        }
        return files
    }

    /// A unified diff from diff(1), so a mismatch reads like a code review.
    static func diff(_ expected: [UInt8], _ actual: [UInt8], label: String) -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let want = directory.appendingPathComponent("golden")
        let got = directory.appendingPathComponent("generated")
        try? Data(expected).write(to: want)
        try? Data(actual).write(to: got)
        let run = try? Tool.run(
            "diff", ["-u", "--label", "golden/\(label)", "--label", "generated/\(label)", want.path, got.path])
        return run?.stdout ?? "(diff(1) is not available)"
    }
}
