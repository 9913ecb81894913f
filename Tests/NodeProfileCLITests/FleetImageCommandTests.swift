import Foundation
import NodeProfileCore
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// `nodeprofile package FLEET -o DIR`: one fleet image for every node, as a user builds it, read back with librpm.
@Suite("nodeprofile package FLEET: the fleet image (built binary)", .serialized)
struct FleetImageCommandTests {
    /// Three shops, one identity kind each.
    static let nodes = """
          - name: shop-1
            identity: {macs: ["52:54:00:00:00:01"]}
            node: {hostname: shop-1, nodeIP: 10.20.1.14}
            network: {gateway: {ipv4: {address: 10.20.1.14/24, gateway: 10.20.1.1}}}
          - name: shop-2
            identity: {serial: SHOP-2}
            node: {hostname: shop-2, nodeIP: 10.20.2.14}
            network: {gateway: {ipv4: {address: 10.20.2.14/24, gateway: 10.20.2.1}}}
          - name: shop-3
            identity: {uuid: 4C4C4544-0042-3510-8052-B4C04F4B4E31}
            node: {hostname: shop-3, nodeIP: 10.20.3.14}
            network: {gateway: {ipv4: {address: 10.20.3.14/24, gateway: 10.20.3.1}}}

        """

    /// `package` of a fleet file with `nodes` into a fresh directory.
    static func package(_ nodes: String, _ extra: [String] = []) throws -> (BuiltBinary.Run, URL) {
        let fleet = try FleetCommandTests.fleetFile(nodes)
        let out = FleetCommandTests.temporary("image")
        return (try BuiltBinary.run(["package", fleet.path, "-o", out.path] + extra), out)
    }

    @Test("one RPM for the fleet: the index, every node's manifest, shared files once; the same bytes twice")
    func image() throws {
        let (run, out) = try Self.package(Self.nodes)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("fleet image t: 3 nodes, "), "\(run.stdout)")
        let rpm = out.appendingPathComponent("nodeprofile-t-2.0.0-1.noarch.rpm")
        let contents = try RPMInspector.read(rpm.path)
        #expect(
            contents.files.keys.sorted() == [
                "/usr/lib/nodeprofile/t", "/usr/lib/nodeprofile/t/fleet.index", "/usr/lib/nodeprofile/t/objects.idx",
                "/usr/lib/nodeprofile/t/objects.pack",
            ], "a handful of files whatever the fleet's size")
        let tarball = out.appendingPathComponent("nodeprofile-t-2.0.0.tar").path
        func member(_ name: String) throws -> [UInt8] {
            Array(try Tool.run("tar", ["-xOf", tarball, "nodeprofile-t-2.0.0/\(name)"]).stdout.utf8)
        }
        let index = try FleetIndex.decode(try member("fleet.index"))
        #expect(index.nodes.map(\.name) == ["shop-1", "shop-2", "shop-3"])
        #expect(index.nodes[0].identity.macs == ["52:54:00:00:00:01"])
        #expect(index.nodes[2].identity.uuid == "4c4c4544-0042-3510-8052-b4c04f4b4e31")
        let table = try member("objects.idx")
        let pack = try member("objects.pack")
        func object(_ name: String) -> [UInt8]? {
            ObjectPack.find(name, in: table).map { Array(pack[$0.offset..<$0.offset + $0.length]) }
        }
        // Every node's every file is an object, and a file the nodes share is one object.
        var referenced: [String: Int] = [:]
        for node in index.nodes {
            let json = try #require(object(node.manifest))
            #expect(SHA256.hex(json) == node.manifest)
            let manifest = try ManifestCoding.decode(json)
            #expect(manifest.profile.name == node.name)
            for file in manifest.files {
                #expect(object(file.sha256).map(SHA256.hex) == file.sha256, "\(node.name) \(file.path)")
                referenced[file.sha256, default: 0] += 1
            }
        }
        let shared = referenced.values.filter { $0 == 3 }.count
        #expect(shared >= 8, "files the three nodes share are stored once: \(shared)")
        #expect(table.count / 89 == referenced.count + 3, "one object per content, plus the three manifests")
        let (again, second) = try Self.package(Self.nodes)
        #expect(again.status == 0)
        for name in ["nodeprofile-t-2.0.0-1.noarch.rpm", "nodeprofile-t-2.0.0.tar", "nodeprofile-t.spec"] {
            #expect(
                try Data(contentsOf: out.appendingPathComponent(name))
                    == Data(contentsOf: second.appendingPathComponent(name)), "\(name) is reproducible")
        }
    }

    @Test("a node without an identity is refused in an image, at its name")
    func missingIdentity() throws {
        let (run, out) = try Self.package(Self.nodes + "  - name: shop-4\n    node: {nodeIP: 10.20.4.14}\n")
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("fleet.yaml:18:11: error: node shop-4: a fleet image needs every node's identity"),
            "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("two nodes with one MAC are refused at build time, naming both nodes and lines")
    func twoMatching() throws {
        let (run, _) = try Self.package(
            Self.nodes + "  - name: shop-4\n    identity: {macs: [\"52:54:00:00:00:01\"]}\n")
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "fleet.yaml:19:15: error: node shop-4: MAC 52:54:00:00:00:01 is also the identity of node shop-1 (line 7)"
            ),
            "\(run.stderr)")
    }

    @Test("a proxy password that differs between nodes is refused; the same one is accepted, its files 0600")
    func secrets() throws {
        let proxy = "    proxy: {http: \"http://p:3128\", username: u, passwordFile: other.txt}\n"
        let fleet = try FleetCommandTests.fleetFile(
            Self.nodes.replacingOccurrences(of: "  - name: shop-3\n", with: "  - name: shop-3\n" + proxy)
                .replacingOccurrences(
                    of: "  - name: shop-2\n",
                    with: "  - name: shop-2\n" + proxy.replacingOccurrences(of: "other.txt", with: "one.txt")))
        let directory = fleet.deletingLastPathComponent()
        try Data("pass-two\n".utf8).write(to: directory.appendingPathComponent("other.txt"))
        try Data("pass-one\n".utf8).write(to: directory.appendingPathComponent("one.txt"))
        let refused = try BuiltBinary.run(["package", fleet.path, "-o", FleetCommandTests.temporary("x").path])
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains(
                "node shop-3: its proxy password differs from node shop-2's; a fleet image holds every node's files, so every device would carry every node's secret"
            ), "\(refused.stderr)")
        #expect(!refused.stderr.contains("pass-"), "the password is never shown")
        // The same password on every node: set in the base instead.
        let base = directory.appendingPathComponent("store.yaml")
        try Data(
            (try String(contentsOf: base, encoding: .utf8)
                + "proxy: {http: \"http://p:3128\", username: u, passwordFile: other.txt}\n").utf8
        ).write(to: base)
        try Data(
            (try String(contentsOf: fleet, encoding: .utf8)).replacingOccurrences(of: proxy, with: "")
                .replacingOccurrences(of: proxy.replacingOccurrences(of: "other.txt", with: "one.txt"), with: "")
                .utf8
        ).write(to: fleet)
        let out = FleetCommandTests.temporary("secret")
        let run = try BuiltBinary.run(["package", fleet.path, "-o", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let contents = try RPMInspector.read(out.appendingPathComponent("nodeprofile-t-2.0.0-1.noarch.rpm").path)
        // Each node's environment file names its own node IP in NO_PROXY: one object a node, in the 0600 pack, and
        // the nodes' two services share their file.
        let secret = contents.files.filter { $0.value.mode == "0600" }
        #expect(secret.keys.sorted() == ["/usr/lib/nodeprofile/t/secrets.pack"])
        let table = try Tool.run(
            "tar",
            ["-xOf", out.appendingPathComponent("nodeprofile-t-2.0.0.tar").path, "nodeprofile-t-2.0.0/objects.idx"]
        ).stdout
        #expect(table.split(separator: "\n").filter { $0.contains(" s ") }.count == 3, "one secret object a node")
    }
}
