import Foundation
import NodeProfileTestSupport
import Testing

/// The built agent given a fleet image by `--bundle`: the image directory and the tarball `package FLEET` writes, to
/// `apply`, `apply --dry-run` and `verify`, each picking the node the device's identity names.
@Suite("nodeprofile-agent --bundle with a fleet image (built binaries)", .serialized)
struct FleetImageBundleTests {
    /// The three-shop image: its directory (unpacked with tar) and its tarball.
    static func image() throws -> (directory: URL, tarball: URL) {
        let (run, out) = try FleetImageCommandTests.package(FleetImageCommandTests.nodes)
        guard run.status == 0 else {
            Issue.record("package failed: \(run.stderr)")
            throw CancellationError()
        }
        let tarball = out.appendingPathComponent("nodeprofile-t-2.0.0.tar")
        _ = try Tool.run("tar", ["-xf", tarball.path, "-C", out.path])
        return (out.appendingPathComponent("nodeprofile-t-2.0.0"), tarball)
    }

    /// Runs the agent's `arguments` with the device identity `lines` and TMPDIR `scratch`.
    static func agent(_ arguments: [String], identity lines: String, scratch: URL) throws -> BuiltBinary.Run {
        let file = scratch.deletingLastPathComponent().appendingPathComponent("identity-\(UUID().uuidString)")
        try Data(lines.utf8).write(to: file)
        return try BuiltBinary.run(
            arguments + ["--identity-from", file.path], product: "nodeprofile-agent",
            environment: ["TMPDIR": scratch.path])
    }

    static func newDirectory() throws -> URL {
        let url = SignedBundle.scratchRoot()
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(
        "verify and apply --dry-run take the image directory and its tarball; apply takes the tarball",
        arguments: [false, true])
    func imageByBundle(tarball: Bool) throws {
        let image = try Self.image()
        let bundle = tarball ? image.tarball.path : image.directory.path
        let root = try Self.newDirectory()
        let scratch = try Self.newDirectory()
        let shop2 = "serial=SHOP-2\n"
        let dry = try Self.agent(
            ["apply", "--dry-run", "--root", root.path, "--bundle", bundle], identity: shop2, scratch: scratch)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stderr.contains("fleet image \(bundle): this device is node shop-2"), "\(dry.stderr)")
        #expect(dry.stdout.contains("/etc/microshift/config.yaml"), "\(dry.stdout)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("etc").path), "dry run writes none")

        let apply = try Self.agent(
            ["apply", "--root", root.path, "--bundle", bundle] + BuiltBundle.factFlags, identity: shop2,
            scratch: scratch)
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        let config = try String(
            contentsOf: root.appendingPathComponent("etc/microshift/config.yaml"), encoding: .utf8)
        #expect(config.contains("10.20.2.14"))

        let verify = try Self.agent(
            ["verify", "--root", root.path, "--bundle", bundle], identity: shop2, scratch: scratch)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(
            verify.stdout.hasPrefix("applied: nodeprofile-shop-2 from \(bundle) (node shop-2)\n"), "\(verify.stdout)")
        let other = try Self.agent(
            ["verify", "--root", root.path, "--bundle", bundle], identity: "serial=other\nmac=52:54:00:00:00:01\n",
            scratch: scratch)
        #expect(other.status == 1)
        #expect(
            other.stdout.hasPrefix("not applied: nodeprofile-shop-1 from \(bundle) (node shop-1)"), "\(other.stdout)")
        let unknown = try Self.agent(
            ["verify", "--root", root.path, "--bundle", bundle], identity: "serial=NONE\n", scratch: scratch)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no node of fleet t matches this device"), "\(unknown.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty,
            "every unpacked image and picked node is removed")
    }

    @Test("a plain tarball is held to a bundle tarball's rules: a link inside is refused, nothing left behind")
    func plainTarballWithLink() throws {
        let bad = try Self.newDirectory()
        let scratch = try Self.newDirectory()
        let tree = bad.appendingPathComponent("tree/top")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        try Data("nodeprofile-fleet-index 1\n".utf8).write(to: tree.appendingPathComponent("fleet.index"))
        try FileManager.default.createSymbolicLink(
            atPath: tree.appendingPathComponent("objects.pack").path, withDestinationPath: "/etc/shadow")
        let file = bad.appendingPathComponent("link.tar").path
        let tar = try BuiltBinary.execute(
            "/usr/bin/tar", ["cf", file, "-C", bad.appendingPathComponent("tree").path, "top"])
        #expect(tar.status == 0, "\(tar.stderr)")
        let run = try Self.agent(
            ["apply", "--root", try Self.newDirectory().path, "--bundle", file], identity: "serial=X\n",
            scratch: scratch)
        #expect(run.status == 1)
        #expect(
            run.stderr.hasSuffix(
                "\(file): top/objects.pack is not a file or a directory; a bundle tarball holds only those\n"),
            "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    }

    @Test("verify --identity-from without --bundle is a usage error")
    func identityNeedsBundle() throws {
        let run = try BuiltBinary.run(
            ["verify", "--identity-from", "/nonexistent"], product: "nodeprofile-agent")
        #expect(run.status == 64)
        #expect(run.stderr.contains("verify: --identity-from picks a fleet image's node; it goes with --bundle"))
    }
}
