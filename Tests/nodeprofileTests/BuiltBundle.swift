import Foundation
import NodeProfileManifest
import Testing

/// A blueprint compiled by the built `nodeprofile build` into a temporary directory.
struct BuiltBundle {
    let name: String
    let directory: URL
    let manifest: BundleManifest

    var root: URL { directory.appendingPathComponent("root") }

    /// Sample values for the facts the agent would resolve on a device.
    static let sampleFacts = [
        "gateway.nic": "eth0", "gateway.nic.mac": "52:54:00:12:34:56", "gateway.nic.mtu": "1500", "node.ip": "192.168.122.14",
    ]

    static func build(_ blueprint: String) throws -> BuiltBundle {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("np-build-\(blueprint)-\(UUID().uuidString)")
        let run = try BuiltBinary.run(["build", "blueprints/\(blueprint).yaml", "-o", directory.path])
        guard run.status == 0 else {
            Issue.record("nodeprofile build \(blueprint) failed (\(run.status)): \(run.stderr)")
            throw CancellationError()
        }
        let manifest = try ManifestCoding.decode([UInt8](try Data(contentsOf: directory.appendingPathComponent("manifest.json"))))
        return BuiltBundle(name: blueprint, directory: directory, manifest: manifest)
    }

    /// The file at a device path, as built.
    func url(_ path: String) -> URL { root.appendingPathComponent(String(path.dropFirst())) }

    /// A file's text with every fact placeholder replaced by a sample value, as the agent would write it.
    func resolvedText(_ path: String) throws -> String {
        var text = try String(contentsOf: url(path), encoding: .utf8)
        for (name, value) in Self.sampleFacts { text = text.replacingOccurrences(of: FactSpec.placeholder(name), with: value) }
        return text
    }

    /// Manifest entries whose path matches.
    func files(where predicate: (FileEntry) -> Bool) -> [FileEntry] { manifest.files.filter(predicate) }
}

/// Finds a tool the conformance tests need, or records why the test cannot run.
enum Tool {
    static func path(_ name: String) throws -> String {
        for directory in ["/usr/bin", "/usr/sbin", "/bin", "/sbin"] {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        Issue.record("\(name) is not installed: `make deps` installs it (Debian package list in the Makefile)")
        throw CancellationError()
    }

    /// Runs a tool and returns what it did.
    @discardableResult
    static func run(_ name: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> BuiltBinary.Run {
        try BuiltBinary.execute(try path(name), arguments, environment: environment, stdin: stdin)
    }

    /// A name unique to this test run, for network namespaces and scratch directories.
    static func uniqueName(_ prefix: String) -> String { "\(prefix)\(UInt32.random(in: 0...UInt32.max) % 1_000_000)" }
}
