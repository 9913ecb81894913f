import Foundation
import NodeProfileTestSupport
import Testing

/// The built agent stopped dead after each of its steps: the next run leaves the root byte for byte at the
/// old generation or the new one, with no stray files.
@Suite("nodeprofile-agent crash recovery (built binary)")
struct AgentCrashTests {
    static let facts = BuiltBundle.factFlags

    /// Installs a built bundle as the only bundle under ROOT/usr/lib/nodeprofile.
    static func install(_ bundle: BuiltBundle, into root: URL) throws {
        let base = root.appendingPathComponent("usr/lib/nodeprofile")
        try? FileManager.default.removeItem(at: base)
        let target = base.appendingPathComponent(bundle.name)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: bundle.directory.appendingPathComponent("manifest.json"),
            to: target.appendingPathComponent("manifest.json"))
        try FileManager.default.copyItem(at: bundle.root, to: target.appendingPathComponent("root"))
    }

    static func apply(_ root: URL, crashAfter: String? = nil) throws -> BuiltBinary.Run {
        try BuiltBinary.run(
            ["apply", "--root", root.path] + facts, product: "nodeprofile-agent",
            environment: crashAfter.map { ["NODEPROFILE_AGENT_CRASH_AFTER": $0] } ?? [:])
    }

    /// Every file under etc/ and var/lib/nodeprofile with its bytes and mode; stray temporary files show up here too.
    static func tree(_ root: URL, includeState: Bool = false) throws -> [String: String] {
        var files: [String: String] = [:]
        for top in ["etc"] + (includeState ? ["var/lib/nodeprofile"] : []) {
            let base = root.appendingPathComponent(top)
            guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else {
                continue
            }
            while let url = enumerator.nextObject() as? URL {
                let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
                guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
                let mode = String(format: "%04o", attributes[.posixPermissions] as? Int ?? 0)
                files[String(url.path.dropFirst(root.path.count))] =
                    mode + " " + (try String(contentsOf: url, encoding: .utf8))
            }
        }
        return files
    }

    static let steps = ["journal", "backup", "write:1", "write:5", "remove", "actions", "state"]

    @Test("after a crash at each step the next run reaches a whole generation", arguments: steps)
    func crashAndRecover(_ step: String) throws {
        let old = try BuiltBundle.build("default")
        let new = try BuiltBundle.build("nodeport-block")
        let expectedNew = FileManager.default.temporaryDirectory.appendingPathComponent(
            "np-crash-ref-\(UUID().uuidString)")
        try Self.install(new, into: expectedNew)
        #expect(try Self.apply(expectedNew).status == 0)
        let newTree = try Self.tree(expectedNew)

        let root = FileManager.default.temporaryDirectory.appendingPathComponent("np-crash-\(UUID().uuidString)")
        try Self.install(old, into: root)
        #expect(try Self.apply(root).status == 0)
        let oldTree = try Self.tree(root)
        #expect(oldTree != newTree)

        try Self.install(new, into: root)
        let crashed = try Self.apply(root, crashAfter: step)
        #expect(crashed.status == 70, "the test switch must stop the agent after \(step): \(crashed.stderr)")

        // A copy of the crashed root whose image went back to the old bundle must recover to the old generation.
        let reverted = FileManager.default.temporaryDirectory.appendingPathComponent(
            "np-crash-rev-\(UUID().uuidString)")
        #expect(try Tool.run("cp", ["-a", root.path, reverted.path]).status == 0)
        try Self.install(old, into: reverted)

        let next = try Self.apply(root)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(
            try Self.tree(root) == newTree,
            "after a crash at \(step), the next run must reach the new generation exactly")
        let back = try Self.apply(reverted)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(
            try Self.tree(reverted) == oldTree,
            "after a crash at \(step), recovering with the old bundle must give the old generation exactly")
        for scratch in [root, reverted] {
            let state = try Self.tree(scratch, includeState: true).keys.filter {
                $0.hasPrefix("/var/lib/nodeprofile/") && !$0.hasPrefix("/var/lib/nodeprofile/previous/")
            }
            // The no-op record of an earlier no-op may be there: it describes the state bytes it was written for.
            #expect(
                Set(state).subtracting(["/var/lib/nodeprofile/noop-record"]) == [
                    "/var/lib/nodeprofile/state.json", "/var/lib/nodeprofile/result.json", "/var/lib/nodeprofile/lock",
                ],
                "no journal or backups left: \(state.sorted())")
        }
    }

    @Test("apply twice through the binary: the second run says it is up to date; --dry-run changes nothing")
    func applyTwice() throws {
        let bundle = try BuiltBundle.build("proxy")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("np-agent-\(UUID().uuidString)")
        try Self.install(bundle, into: root)
        let dry = try Self.apply(root, crashAfter: nil)
        #expect(dry.status == 0 && dry.stdout.hasPrefix("applied generation"))
        let second = try Self.apply(root)
        #expect(second.status == 0 && second.stdout.hasPrefix("up to date: generation"))
        let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("np-agent-\(UUID().uuidString)")
        try Self.install(bundle, into: fresh)
        let preview = try BuiltBinary.run(
            ["apply", "--dry-run", "--root", fresh.path] + Self.facts, product: "nodeprofile-agent")
        #expect(preview.status == 0 && preview.stdout.contains("write   /etc/nodeprofile/proxy/crio.env"))
        #expect(try Self.tree(fresh).isEmpty, "--dry-run writes nothing")
        let password = try String(
            contentsOf: BuiltBinary.repository.appendingPathComponent("blueprints/secrets/proxy.pass"), encoding: .utf8
        )
        .trimmingCharacters(in: .newlines)
        for output in [dry, second, preview] {
            #expect(!output.stdout.contains(password) && !output.stderr.contains(password))
        }
        let status = try BuiltBinary.run(["status", "--root", root.path], product: "nodeprofile-agent")
        #expect(status.status == 0 && status.stdout.contains("drift: none") && !status.stdout.contains(password))
    }
}
