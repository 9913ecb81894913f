import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// The built agent given a fleet image installed in a root: it picks the node whose identity `--identity-from`
/// gives, refuses none or two at step `identity`, an altered object and an index its trust policy does not accept.
@Suite("nodeprofile-agent and a fleet image (built binaries)", .serialized)
struct FleetImageAgentTests {
    /// A root with the three-shop image installed as ROOT/usr/lib/nodeprofile/t (signed with `key` when given).
    static func root(key: OpenSSLKey? = nil) throws -> URL {
        let (run, out) = try FleetImageCommandTests.package(
            FleetImageCommandTests.nodes, key.map { ["--sign-key", $0.privateKey.path] } ?? [])
        guard run.status == 0 else {
            Issue.record("package failed: \(run.stderr)")
            throw CancellationError()
        }
        let root = SignedBundle.scratchRoot()
        let bundles = root.appendingPathComponent("usr/lib/nodeprofile")
        try FileManager.default.createDirectory(at: bundles, withIntermediateDirectories: true)
        _ = try Tool.run(
            "tar", ["-xf", out.appendingPathComponent("nodeprofile-t-2.0.0.tar").path, "-C", bundles.path])
        try FileManager.default.moveItem(
            at: bundles.appendingPathComponent("nodeprofile-t-2.0.0"), to: bundles.appendingPathComponent("t"))
        return root
    }

    /// Runs apply on `root` with the device identity `lines`.
    static func apply(_ root: URL, identity lines: String) throws -> BuiltBinary.Run {
        let file = root.deletingLastPathComponent().appendingPathComponent("identity-\(UUID().uuidString)")
        try Data(lines.utf8).write(to: file)
        return try SignedBundle.apply(root, ["--identity-from", file.path])
    }

    static func text(_ root: URL, _ path: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
    }

    static func result(_ root: URL) -> String { text(root, "var/lib/nodeprofile/result.json") }

    @Test(
        "each of three devices comes up as its node: by MAC, by serial, by UUID (any case); status says which and by what",
        arguments: [
            (
                "mac=52:54:00:99:00:07\nmac=52:54:00:00:00:01\nserial=OTHER\n", "shop-1", "10.20.1.14",
                "MAC 52:54:00:00:00:01"
            ),
            ("# a shop\nserial=SHOP-2\n", "shop-2", "10.20.2.14", "serial 'SHOP-2'"),
            (
                "uuid=4c4c4544-0042-3510-8052-B4C04F4B4E31\n", "shop-3", "10.20.3.14",
                "uuid 4c4c4544-0042-3510-8052-b4c04f4b4e31"
            ),
        ])
    func picksEachNode(identity: String, node: String, address: String, matched: String) throws {
        let root = try Self.root()
        let run = try Self.apply(root, identity: identity)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("this device is node \(node)"), "\(run.stderr)")
        #expect(Self.text(root, "etc/microshift/config.yaml").contains(address))
        #expect(Self.text(root, "var/lib/nodeprofile/fleet-node") == "t\t\(node)\t\(matched)\n")
        let status = try BuiltBinary.run(["status", "--root", root.path], product: "nodeprofile-agent")
        #expect(
            status.stdout.contains("\nfleet node: \(node) of fleet t (picked by its \(matched))\n"), "\(status.stdout)")
        let json = try BuiltBinary.run(["status", "--root", root.path, "--json"], product: "nodeprofile-agent")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
        #expect(
            object["fleetNode"] as? [String: String] == ["fleet": "t", "node": node, "matched": matched],
            "\(json.stdout)")
        let state = Self.text(root, "var/lib/nodeprofile/state.json")
        #expect(state.contains("\"\(node)\""), "state names the node's bundle")
        let again = try Self.apply(root, identity: identity)
        #expect(again.status == 0 && again.stdout.hasPrefix("up to date"), "\(again.stdout)\(again.stderr)")
    }

    @Test("no matching node: nothing applied, step identity names what was read and the nodes compared")
    func noMatch() throws {
        let root = try Self.root()
        let run = try Self.apply(root, identity: "mac=52:54:00:aa:bb:cc\nserial=UNKNOWN-9\n")
        #expect(run.status == 1)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("etc").path), "nothing written")
        let result = Self.result(root)
        #expect(result.contains("\"step\" : \"identity\""), "\(result)")
        for part in [
            "no node of fleet t matches this device: this device has MAC 52:54:00:aa:bb:cc, serial 'UNKNOWN-9'",
            "compared with 3 nodes: shop-1 (MAC 52:54:00:00:00:01), shop-2 (serial 'SHOP-2'), shop-3 (uuid 4c4c4544",
        ] {
            #expect(run.stderr.contains(part), "\(run.stderr)")
        }
        let health = try BuiltBinary.run(["verify", "--health", "--root", root.path], product: "nodeprofile-agent")
        #expect(health.status == 1)
        #expect(
            health.stderr.contains("unhealthy: the last apply failed at step identity: ")
                && health.stderr.contains("no node of fleet t matches this device"), "\(health.stderr)")
        let status = try BuiltBinary.run(["status", "--root", root.path], product: "nodeprofile-agent")
        #expect(status.stdout.contains("last result: failed at step identity"), "\(status.stdout)")
    }

    @Test("two matching nodes: nothing applied, step identity names both")
    func twoMatches() throws {
        let root = try Self.root()
        let run = try Self.apply(root, identity: "mac=52:54:00:00:00:01\nserial=SHOP-2\n")
        #expect(run.status == 1)
        #expect(run.stderr.contains("nodes shop-1, shop-2 of fleet t all match this device"), "\(run.stderr)")
        #expect(Self.result(root).contains("\"step\" : \"identity\""))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("etc").path))
    }

    @Test("an altered object is refused before anything is written")
    func tamperedObject() throws {
        let root = try Self.root()
        let pack = root.appendingPathComponent("usr/lib/nodeprofile/t/objects.pack")
        let text = try String(decoding: Data(contentsOf: pack), as: UTF8.self)
        let altered = text.components(separatedBy: "10.20.2.14").count - 1
        try Data(text.replacingOccurrences(of: "10.20.2.14", with: "10.20.2.15").utf8).write(to: pack)
        #expect(altered > 0)
        let run = try Self.apply(root, identity: "serial=SHOP-2\n")
        #expect(run.status == 1)
        #expect(run.stderr.contains("does not match its digest; the image was altered"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("etc").path))
    }

    @Test("fleet.index is signed: an altered index and an unsigned image are refused once keys.d holds a key")
    func indexSignature() throws {
        let key = try SignedBundle.key()
        let signed = try Self.root(key: key)
        try SignedBundle.trust([key.publicKey], in: signed)
        #expect(try Self.apply(signed, identity: "serial=SHOP-2\n").status == 0)
        let index = signed.appendingPathComponent("usr/lib/nodeprofile/t/fleet.index")
        let text = try String(contentsOf: index, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\tSHOP-2\t", with: "\tSHOP-X\t").utf8).write(to: index)
        let altered = try Self.apply(signed, identity: "serial=SHOP-X\n")
        #expect(altered.status == 1)
        #expect(altered.stderr.contains("fleet.index"), "\(altered.stderr)")
        #expect(
            Self.text(signed, "var/lib/nodeprofile/fleet-node") == "t\tshop-2\tserial 'SHOP-2'\n", "the choice stands")
        let unsigned = try Self.root()
        try SignedBundle.trust([key.publicKey], in: unsigned)
        let refused = try Self.apply(unsigned, identity: "serial=SHOP-2\n")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("fleet.index") && refused.stderr.contains("unsigned"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: unsigned.appendingPathComponent("etc/microshift").path))
    }
}
