import Foundation

/// Paths inside this repository, found from this source file so tests run from any directory.
public enum Repository {
    /// The directory holding Package.swift. Found once, and then the password files of the blueprints and test
    /// profiles are made readable by their owner only: git checks them out 0644, which nodeprofile warns about.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        for directory in ["blueprints/secrets", "Tests/nspawn/profiles"].map({ url.appendingPathComponent($0) }) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names where name.hasSuffix(".pass") {
                chmod(directory.appendingPathComponent(name).path, 0o600)
            }
        }
        return url
    }()

    /// Every blueprint, sorted by name.
    public static var blueprints: [URL] {
        let directory = root.appendingPathComponent("blueprints")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory.appendingPathComponent($0) }
    }
}
