import Foundation
import NodeProfileManifest
import Testing

/// A blueprint compiled by the built `nodeprofile build` into a temporary directory.
public struct BuiltBundle: Sendable {
    /// The blueprint's name.
    public let name: String
    /// The output directory of `nodeprofile build -o`.
    public let directory: URL
    /// The build's manifest.json, decoded.
    public let manifest: BundleManifest

    /// DIR/root: the tree as it will be on the device.
    public var root: URL { directory.appendingPathComponent("root") }

    /// Sample values for the facts the agent would resolve on a device.
    public static let sampleFacts = [
        "gateway.nic": "eth0", "gateway.nic.mac": "52:54:00:12:34:56", "gateway.nic.mtu": "1500",
        "node.ip": "192.168.122.14",
    ]

    /// The --fact arguments the built agent gets in scratch roots, for every blueprint (the crash and misuse tests).
    public static let factFlags = [
        "--fact", "gateway.nic=eth0", "--fact", "gateway.nic.mac=52:54:00:12:34:56", "--fact", "gateway.nic.mtu=1500",
    ]

    /// --fact arguments for every fact this bundle declares, with the sample values.
    public var factArguments: [String] {
        manifest.facts.flatMap { ["--fact", "\($0.name)=\(Self.sampleFacts[$0.name]!)"] }
    }

    /// Builds blueprints/BLUEPRINT.yaml with the built `nodeprofile` into a fresh temporary directory; a failed
    /// build is recorded as an issue with its stderr and cancels the test.
    public static func build(_ blueprint: String) throws -> BuiltBundle {
        try build(path: "blueprints/\(blueprint).yaml", name: blueprint)
    }

    /// Builds the profile at `path` (relative to the repository, or absolute) as `build(_:)` builds a blueprint,
    /// naming the result `name`.
    public static func build(path: String, name blueprint: String) throws -> BuiltBundle {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "np-build-\(blueprint)-\(UUID().uuidString)")
        let run = try BuiltBinary.run(["build", path, "-o", directory.path])
        guard run.status == 0 else {
            Issue.record("nodeprofile build \(blueprint) failed (\(run.status)): \(run.stderr)")
            throw CancellationError()
        }
        let manifest = try ManifestCoding.decode(
            [UInt8](try Data(contentsOf: directory.appendingPathComponent("manifest.json"))))
        return BuiltBundle(name: blueprint, directory: directory, manifest: manifest)
    }

    /// The file at a device path, as built.
    public func url(_ path: String) -> URL { root.appendingPathComponent(String(path.dropFirst())) }

    /// A file's text with every fact placeholder replaced by a sample value, as the agent would write it.
    public func resolvedText(_ path: String) throws -> String {
        var text = try String(contentsOf: url(path), encoding: .utf8)
        for (name, value) in Self.sampleFacts {
            text = text.replacingOccurrences(of: FactSpec.placeholder(name), with: value)
        }
        return text
    }

    /// Manifest entries for which `predicate` is true.
    public func files(where predicate: (FileEntry) -> Bool) -> [FileEntry] { manifest.files.filter(predicate) }
}

/// Finds a tool the conformance tests need, or records why the test cannot run.
public enum Tool {
    /// The path of `name` in /usr/bin, /usr/sbin, /bin or /sbin; when it is not installed, records an issue
    /// saying how to install it and cancels the test.
    public static func path(_ name: String) throws -> String {
        for directory in ["/usr/bin", "/usr/sbin", "/bin", "/sbin"] {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        Issue.record("\(name) is not installed: `make deps` installs it (Debian package list in the Makefile)")
        throw CancellationError()
    }

    /// Runs a tool (in the repository root, or in `directory`) and returns what it did.
    @discardableResult
    public static func run(
        _ name: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
        directory: URL? = nil
    ) throws -> BuiltBinary.Run {
        try BuiltBinary.execute(try path(name), arguments, environment: environment, stdin: stdin, directory: directory)
    }

    /// A name unique to this test run, for network namespaces and scratch directories.
    public static func uniqueName(_ prefix: String) -> String {
        "\(prefix)\(UInt32.random(in: 0...UInt32.max) % 1_000_000)"
    }
}
