import Foundation
import NodeProfileManifest
import NodeProfileSigning
import Testing

@testable import NodeProfileAgentCore

/// Scratch roots and hand-made bundles for agent tests.
struct AgentFixture {
    let root: URL
    var path: String { root.path }

    /// A device that trusts no key and accepts unsigned bundles.
    static let noKeys = SignaturePolicy(keys: [], directory: TrustedKeys.directory, requireSignature: false)

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("np-agent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// Installs a bundle named `name` under ROOT/usr/lib/nodeprofile with the given files (path -> (mode, text, actions, facts));
    /// `refusing` gives the paths whose foreign originals the bundle refuses, with the reason.
    @discardableResult
    func install(
        _ name: String, _ files: [String: (mode: Int, text: String, actions: [Action])], facts: [FactSpec] = [],
        vendorOwned: [String]? = nil, health: HealthSpec? = nil, refusing: [String: String] = [:]
    ) throws -> LoadedBundle {
        let directory = root.appendingPathComponent("usr/lib/nodeprofile/\(name)")
        try? FileManager.default.removeItem(at: directory)
        var entries: [FileEntry] = []
        for (path, file) in files.sorted(by: { $0.key < $1.key }) {
            let url = directory.appendingPathComponent("root" + path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: url)
            let used = facts.map(\.name).filter { file.text.contains(FactSpec.placeholder($0)) }
            entries.append(
                FileEntry(
                    path: path, mode: FileMode(file.mode), sha256: SHA256.hex(Array(file.text.utf8)),
                    size: file.text.utf8.count, secret: false, provenance: [], facts: used, actions: file.actions,
                    appliedBy: .agent, existing: refusing[path] == nil ? nil : .refuse, existingReason: refusing[path]))
        }
        let manifest = BundleManifest(
            profile: ProfileIdentity(name: name, version: "1", release: "1", microshift: "4.13", gatewayMode: "manual"),
            generator: "test", files: entries, facts: facts, actions: Set(entries.flatMap(\.actions)).sorted(),
            vendorOwned: vendorOwned, health: health)
        try Data(ManifestCoding.encode(manifest)).write(to: directory.appendingPathComponent("manifest.json"))
        return try LoadedBundle.load(directory.path, policy: Self.noKeys)
    }

    /// Every file below etc/ as path -> contents, for byte-for-byte comparisons of whole trees.
    func snapshot() -> [String: String] {
        var files: [String: String] = [:]
        let base = root.appendingPathComponent("etc")
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else {
            return files
        }
        while let url = enumerator.nextObject() as? URL {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            if !isDirectory.boolValue {
                files[String(url.path.dropFirst(root.path.count))] =
                    (try? String(contentsOf: url, encoding: .utf8)) ?? "<binary>"
            }
        }
        return files
    }
}

/// A command runner that records what it is asked and fails on request.
final class FakeRunner: CommandRunner, @unchecked Sendable {
    private let lock = NSLock()
    private var commands: [[String]] = []
    let failing: String?

    init(failing: String? = nil) { self.failing = failing }

    var ran: [String] { lock.withLock { commands.map { $0.joined(separator: " ") } } }

    func run(_ command: [String]) -> (status: Int32, output: String) {
        lock.withLock { commands.append(command) }
        if let failing, command.joined(separator: " ").contains(failing) { return (1, "simulated failure") }
        return (0, "")
    }
}

extension Agent {
    /// An agent for a scratch root that records instead of logging, and runs actions through `runner` as if live.
    static func testing(_ fixture: AgentFixture, runner: FakeRunner = FakeRunner(), live: Bool = false) -> Agent {
        var agent = Agent(
            root: fixture.path, runner: runner, facts: FactResolver(overrides: [:], sleep: { _ in }), log: { _ in })
        agent.live = live
        return agent
    }
}
