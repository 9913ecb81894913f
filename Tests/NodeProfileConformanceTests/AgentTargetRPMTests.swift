import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// The agent refuses a bundle built for another MicroShift release than the one installed, read from a real rpm
/// database: a stand-in `microshift` package built with rpmbuild and installed with `rpm --root`, at RHEL's database
/// path (/var/lib/rpm; Debian's rpm would otherwise keep it under ~/.rpmdb).
@Suite("Agent target check (rpm --root, rpmbuild)")
struct AgentTargetRPMTests {
    /// A package named `microshift` at `version`, with no files: only its name and version matter here.
    static func microshift(_ version: String) throws -> URL {
        try StubRPM.build(
            "microshift", version: version, summary: "stands in for MicroShift's package (name and version only)",
            license: "Apache-2.0")
    }

    /// `rpm --root ROOT --dbpath /var/lib/rpm ARGUMENTS`, expected to succeed.
    static func rpm(_ root: URL, _ arguments: [String]) throws {
        let run = try Tool.run("rpm", ["--root", root.path, "--dbpath", "/var/lib/rpm"] + arguments)
        #expect(run.status == 0, "rpm \(arguments): \(run.stderr)")
    }

    /// `nodeprofile-agent ARGUMENTS --root ROOT`.
    static func agent(_ arguments: [String], _ root: URL, _ extra: [String] = []) throws -> BuiltBinary.Run {
        try BuiltBinary.run(arguments + ["--root", root.path] + extra, product: "nodeprofile-agent")
    }

    /// Puts a built bundle where its package would install it.
    static func install(_ bundle: BuiltBundle, into root: URL) throws {
        let target = root.appendingPathComponent("usr/lib/nodeprofile/\(bundle.name)")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: bundle.directory.appendingPathComponent("manifest.json"),
            to: target.appendingPathComponent("manifest.json"))
        try FileManager.default.copyItem(at: bundle.root, to: target.appendingPathComponent("root"))
    }

    @Test("a bundle for another release is refused before anything is written; the matching release applies it")
    func refusesAnotherRelease() throws {
        let bundle = try BuiltBundle.build("default")
        let target = bundle.manifest.profile.microshift
        let other = target == "4.18" ? "4.19.1" : "4.18.2"
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("np-target-\(UUID().uuidString)")
        try Self.rpm(root, ["--initdb"])
        try Self.rpm(root, ["-i", "--nodeps", try Self.microshift(other).path])
        try Self.install(bundle, into: root)

        let refused = try Self.agent(["apply"], root, bundle.factArguments)
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(
            refused.stderr.contains(
                "bundle nodeprofile-default targets MicroShift \(target), but MicroShift \(other) is installed"),
            "\(refused.stderr)")
        #expect(
            !FileManager.default.fileExists(atPath: root.appendingPathComponent("etc").path),
            "nothing is written under /etc")
        let status = try Self.agent(["status"], root)
        #expect(status.stdout.contains("last result: failed at step target (bundle nodeprofile-default targets"))
        let json = try Self.agent(["status", "--json"], root)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["lastResult"] as? [String: Any])?["step"] as? String == "target", "\(json.stdout)")
        let health = try Self.agent(["verify", "--health"], root)
        #expect(health.status == 1, "\(health.stdout)\(health.stderr)")
        #expect(
            health.stderr.contains("the last apply failed at step target: bundle nodeprofile-default targets"),
            "\(health.stderr)")

        // The matching release: applied, then a no-op.
        try Self.rpm(root, ["-U", "--oldpackage", "--nodeps", try Self.microshift(target + ".7").path])
        let applied = try Self.agent(["apply"], root, bundle.factArguments)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(try Self.agent(["apply"], root, bundle.factArguments).stdout.hasPrefix("up to date"))
        // rpm's query leaves the database's files as they were, so the next no-op runs from the no-op record (which
        // only a full no-op rewrites, as a new file).
        let record = root.appendingPathComponent("var/lib/nodeprofile/noop-record").path
        let written = try FileManager.default.attributesOfItem(atPath: record)[.systemFileNumber] as? Int
        #expect(try Self.agent(["apply"], root, bundle.factArguments).stdout.hasPrefix("up to date"))
        #expect(try FileManager.default.attributesOfItem(atPath: record)[.systemFileNumber] as? Int == written)
        #expect(try Self.agent(["verify", "--health"], root).status == 0)

        // MicroShift moves without a new bundle (an image update): the next boot's apply refuses, even though the
        // bundle and the files are unchanged, and the greenboot check fails.
        try Self.rpm(root, ["-U", "--nodeps", try Self.microshift(other).path])
        let moved = try Self.agent(["apply"], root, bundle.factArguments)
        #expect(moved.status == 1 && moved.stderr.contains("but MicroShift \(other) is installed"), "\(moved.stderr)")
        #expect(try Self.agent(["verify", "--health"], root).status == 1)

        // No MicroShift installed at all (the database is there): allowed.
        try Self.rpm(root, ["-e", "--nodeps", "microshift"])
        let none = try Self.agent(["apply"], root, bundle.factArguments)
        #expect(none.status == 0, "\(none.stderr)")
    }
}
