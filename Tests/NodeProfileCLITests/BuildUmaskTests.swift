import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// `build` gives every file and directory its mode whatever the umask: it sets a mode after creating only when the
/// umask may have taken bits from it, so these hold both ways.
@Suite("nodeprofile build under any umask (built binary)")
struct BuildUmaskTests {
    @Test("root/ has the manifest's modes and 0755 directories, the tarball 0600, under umasks 077, 022 and 0")
    func modes() throws {
        for umask in ["077", "022", "0"] {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "np-umask-\(umask)-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let run = try Tool.run(
                "sh",
                [
                    "-c", "umask \(umask) && exec \"$0\" build blueprints/proxy.yaml -o \"$1\"",
                    try BuiltBinary.path("nodeprofile"), directory.path,
                ], directory: Repository.root)
            try #require(run.status == 0, "umask \(umask): \(run.stderr)")
            let manifest = try ManifestCoding.decode(
                [UInt8](try Data(contentsOf: directory.appendingPathComponent("manifest.json"))))
            let root = directory.appendingPathComponent("root")
            for entry in manifest.files {
                let path = root.appendingPathComponent(String(entry.path.dropFirst())).path
                #expect(mode(path) == entry.mode.description, "umask \(umask): \(entry.path)")
            }
            let walker = FileManager.default.enumerator(atPath: root.path)
            while let relative = walker?.nextObject() as? String {
                let path = root.appendingPathComponent(relative).path
                var status = stat()
                guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { continue }
                #expect(mode(path) == "0755", "umask \(umask): \(relative)/")
            }
            #expect(mode(directory.appendingPathComponent("manifest.json").path) == "0644", "umask \(umask)")
            #expect(mode(directory.appendingPathComponent("nodeprofile-proxy-1.0.0.tar.gz").path) == "0600")
        }
    }

    private func mode(_ path: String) -> String {
        var status = stat()
        guard lstat(path, &status) == 0 else { return "missing" }
        return String(format: "%04o", status.st_mode & 0o7777)
    }
}
