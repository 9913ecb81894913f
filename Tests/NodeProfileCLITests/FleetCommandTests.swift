import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// `nodeprofile validate` and `build` on fleet files, as a user runs them, and a fleet node's bundle applied
/// by the built agent.
@Suite("nodeprofile fleets (built binary)")
struct FleetCommandTests {
    static let stores = "blueprints/fleets/stores.yaml"

    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("np-fleet-\(name)-\(UUID().uuidString)")
    }

    /// A fleet file beside a copy of the store base, in a fresh directory.
    static func fleetFile(_ nodes: String) throws -> URL {
        let directory = temporary("src")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: BuiltBinary.repository.appendingPathComponent("blueprints/fleets/store.yaml"),
            to: directory.appendingPathComponent("store.yaml"))
        let url = directory.appendingPathComponent("fleet.yaml")
        try Data(
            ("apiVersion: nodeprofile/v1\nkind: NodeFleet\nmetadata: {name: t}\nbase: store.yaml\nnodes:\n" + nodes)
                .utf8
        ).write(to: url)
        return url
    }

    @Test("build writes one bundle per node, a summary, and the same bytes twice")
    func buildStores() throws {
        let first = Self.temporary("out")
        let second = Self.temporary("out")
        let run = try BuiltBinary.run(["build", Self.stores, "-o", first.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("fleet stores: 3 nodes, 56 files\nNODE"), "\(run.stdout)")
        #expect(
            run.stdout.contains("store-0002  store-0002-gw  10.20.2.14  declarative enp1s0 10.20.2.14/24  20"),
            "\(run.stdout)")
        #expect(run.stdout.contains("store-0003  store-0003-gw  -           declarative eth0 dhcp"), "\(run.stdout)")
        let names = try FileManager.default.contentsOfDirectory(atPath: first.path).sorted()
        let nodes = ["store-0001", "store-0002", "store-0003"]
        #expect(
            names == [".nodeprofile-output"]
                + nodes.flatMap { ["nodeprofile-\($0)-2.0.0.tar.gz", "nodeprofile-\($0).spec"] } + ["summary.txt"],
            "\(names)")
        #expect(try String(contentsOf: first.appendingPathComponent("summary.txt"), encoding: .utf8) == run.stdout)
        for node in nodes {
            let tarball = first.appendingPathComponent("nodeprofile-\(node)-2.0.0.tar.gz").path
            let json = try Tool.run("tar", ["-xzOf", tarball, "nodeprofile-\(node)-2.0.0/manifest.json"])
            let manifest = try ManifestCoding.decode(Array(json.stdout.utf8))
            #expect(manifest.profile.name == node && manifest.profile.version == "2.0.0")
            let digest = String(SHA256.hex(Array(json.stdout.utf8)).prefix(12))
            #expect(run.stdout.contains(digest), "the summary names \(node)'s manifest digest \(digest)")
            let spec = try String(contentsOf: first.appendingPathComponent("nodeprofile-\(node).spec"), encoding: .utf8)
            #expect(spec.contains("Name:") && spec.contains("nodeprofile-\(node)"))
        }
        #expect(try BuiltBinary.run(["build", Self.stores, "-o", second.path]).status == 0)
        let diff = try Tool.run("diff", ["-r", first.path, second.path])
        #expect(diff.status == 0, "\(diff.stdout)")
    }

    @Test("errors in several nodes are all reported at the fleet's lines, and the previous output stays whole")
    func errorsLeaveOutputAlone() throws {
        let output = Self.temporary("out")
        #expect(try BuiltBinary.run(["build", Self.stores, "-o", output.path]).status == 0)
        let before = try Tool.run("find", [output.path, "-type", "f", "-newer", "/proc/1", "-printf", "%P %s\n"]).stdout
        let fleet = try Self.fleetFile(
            """
              - name: shop-1
                node: {nodeIP: 10.42.0.7}
              - name: shop-2
              - name: shop-3
                network: {gateway: {ipv4: {adress: 10.20.3.14/24}}}
            """)
        let run = try BuiltBinary.run(["build", fleet.path, "-o", output.path])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "fleet.yaml:7:20: error: node shop-1: nodeIP 10.42.0.7 lies inside clusterNetwork 10.42.0.0/16"),
            "\(run.stderr)")
        #expect(
            run.stderr.contains("fleet.yaml:10:32: error: node shop-3: unknown key 'adress'; did you mean 'address'?"),
            "\(run.stderr)")
        #expect(run.stderr.contains("nothing written"))
        #expect(
            try Tool.run("find", [output.path, "-type", "f", "-newer", "/proc/1", "-printf", "%P %s\n"]).stdout
                == before)
        #expect(!FileManager.default.fileExists(atPath: output.path + ".partial"))
        let validate = try BuiltBinary.run(["validate", fleet.path])
        #expect(
            validate.status == 1 && validate.stdout.hasSuffix("fleet.yaml: 2 errors, 1 warning\n"), "\(validate.stdout)"
        )
    }

    @Test("validate accepts a fleet; explain and export refuse one with the reason; package wants identities")
    func otherCommands() throws {
        let validate = try BuiltBinary.run(["validate", "--strict", Self.stores])
        #expect(
            validate.status == 0 && validate.stdout == "\(Self.stores): ok: fleet stores, 3 nodes\n",
            "\(validate.stdout)\(validate.stderr)")
        for command in [["explain", Self.stores], ["export", Self.stores, "--format", "ignition"]] {
            let run = try BuiltBinary.run(command)
            #expect(run.status == 1, "\(command)")
            #expect(
                run.stderr.contains("is a NodeFleet file: validate, build and package take fleets"),
                "\(command): \(run.stderr)")
        }
        // package builds a fleet image, which needs each node's identity: the stores fleet gives none.
        let package = try BuiltBinary.run(["package", Self.stores, "-o", Self.temporary("p").path])
        #expect(package.status == 1)
        #expect(
            package.stderr.contains(
                "stores.yaml:13:11: error: node store-0001: a fleet image needs every node's identity"),
            "\(package.stderr)")
    }

    @Test("a fleet build never replaces a directory that nodeprofile did not write")
    func refusesForeignDirectory() throws {
        let output = Self.temporary("foreign")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: output.appendingPathComponent("notes.txt"))
        let run = try BuiltBinary.run(["build", Self.stores, "-o", output.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("exists, is not empty and was not written by nodeprofile"), "\(run.stderr)")
        #expect(try String(contentsOf: output.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine")
        #expect(!FileManager.default.fileExists(atPath: output.path + ".partial"))
    }

    @Test("a node's bundle (--tree) applies with the built agent into a fresh root")
    func nodeBundleApplies() throws {
        let output = Self.temporary("tree")
        #expect(try BuiltBinary.run(["build", Self.stores, "--tree", "-o", output.path]).status == 0)
        let root = Self.temporary("root")
        let target = root.appendingPathComponent("usr/lib/nodeprofile/store-0002")
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: output.appendingPathComponent("store-0002"), to: target)
        let apply = try BuiltBinary.run(
            ["apply", "--root", root.path, "--fact", "gateway.nic.mac=52:54:00:12:34:56"],
            product: "nodeprofile-agent")
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        let config = try String(contentsOf: root.appendingPathComponent("etc/microshift/config.yaml"), encoding: .utf8)
        #expect(config.contains("10.20.2.14"), "\(config)")
        let rules = try Tool.run("grep", ["-rl", "wlan0", root.appendingPathComponent("etc/nodeprofile").path])
        #expect(
            rules.status == 0 && rules.stdout.contains(".nft"), "store-0002 blocks a NodePort on wlan0: \(rules.stdout)"
        )
    }

    @Test("--sign-key signs every node: the agent applies one with --require-signature and refuses another key")
    func signedFleet() throws {
        let key = try SignedBundle.key()
        let other = try SignedBundle.key()
        let output = Self.temporary("signed")
        let run = try BuiltBinary.run([
            "build", Self.stores, "--tree", "--sign-key", key.privateKey.path, "-o", output.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        for node in ["store-0001", "store-0002", "store-0003"] {
            let directory = output.appendingPathComponent(node)
            #expect(
                FileManager.default.fileExists(atPath: directory.appendingPathComponent("manifest.json.sig").path),
                "\(node)")
            let listing = try Tool.run(
                "tar", ["-tzf", output.appendingPathComponent("nodeprofile-\(node)-2.0.0.tar.gz").path]
            ).stdout
            #expect(listing.contains("nodeprofile-\(node)-2.0.0/manifest.json.sig"), "\(listing)")
        }
        let trusted = SignedBundle.scratchRoot()
        try SignedBundle.trust([key.publicKey], in: trusted)
        try SignedBundle.install(output.appendingPathComponent("store-0001"), as: "store-0001", into: trusted)
        let applied = try SignedBundle.apply(trusted, ["--require-signature"])
        #expect(applied.status == 0, "\(applied.stderr)")
        let untrusted = SignedBundle.scratchRoot()
        try SignedBundle.trust([other.publicKey], in: untrusted)
        try SignedBundle.install(output.appendingPathComponent("store-0002"), as: "store-0002", into: untrusted)
        let before = try SignedBundle.snapshot(untrusted)
        let refused = try SignedBundle.apply(untrusted)
        #expect(refused.status == 1 && refused.stderr.contains("which is not in"), "\(refused.stderr)")
        #expect(try SignedBundle.snapshot(untrusted) == before)
    }

    @Test("a fleet over a proxy base: the password only in 0600 files, never in the summary, output or manifests")
    func proxyFleetSecrets() throws {
        let directory = Self.temporary("proxy")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("secrets"), withIntermediateDirectories: true)
        for file in ["proxy.yaml", "secrets/proxy.pass"] {
            try FileManager.default.copyItem(
                at: BuiltBinary.repository.appendingPathComponent("blueprints/\(file)"),
                to: directory.appendingPathComponent(file))
        }
        let fleet = directory.appendingPathComponent("fleet.yaml")
        try Data(
            "apiVersion: nodeprofile/v1\nkind: NodeFleet\nmetadata: {name: branches}\nbase: proxy.yaml\nnodes:\n  - name: branch-1\n  - name: branch-2\n    node: {nodeIP: 10.20.30.41}\n"
                .utf8
        ).write(to: fleet)
        let password = try String(contentsOf: directory.appendingPathComponent("secrets/proxy.pass"), encoding: .utf8)
            .trimmingCharacters(in: .newlines)
        let output = Self.temporary("proxy-out")
        let run = try BuiltBinary.run(["build", fleet.path, "--tree", "-o", output.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains(password) && !run.stderr.contains(password))
        #expect(run.stdout.contains("* holds a secret"))
        var secretFiles = 0
        let enumerator = try #require(FileManager.default.enumerator(at: output, includingPropertiesForKeys: nil))
        while let url = enumerator.nextObject() as? URL {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            let mode = ((try FileManager.default.attributesOfItem(atPath: url.path))[.posixPermissions] as? Int) ?? -1
            let bytes = try Data(contentsOf: url)
            let holds =
                url.pathExtension == "gz"
                ? try Tool.run("sh", ["-c", "gzip -dc \"$1\" | grep -c -F \"$2\"", "-", url.path, password]).stdout
                    != "0\n"
                : String(decoding: bytes, as: UTF8.self).contains(password)
            if holds {
                secretFiles += 1
                #expect(mode == 0o600, "\(url.path) holds the password with mode \(String(mode, radix: 8))")
            }
        }
        #expect(secretFiles == 6, "two drop-ins and the tarball per node")
    }

    @Test("--keep-going builds the nodes that compile, lists those that did not, and exits 1")
    func keepGoing() throws {
        let fleet = try Self.fleetFile(
            """
              - name: shop-1
              - name: shop-2
                network: {mtu: 99999}
              - name: shop-3
                nodee: {nodeIP: 10.0.0.1}
              - name: shop-4

            """)
        let output = Self.temporary("out")
        let stopped = try BuiltBinary.run(["build", fleet.path, "-o", output.path])
        #expect(stopped.status == 1 && !FileManager.default.fileExists(atPath: output.path), "\(stopped.stderr)")
        #expect(stopped.stderr.contains("error: node shop-2: 99999 is out of range"), "\(stopped.stderr)")
        #expect(stopped.stderr.contains("error: node shop-3: unknown key 'nodee'"), "\(stopped.stderr)")
        let run = try BuiltBinary.run(["build", fleet.path, "-o", output.path, "--keep-going"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("fleet t: 2 nodes, "), "\(run.stdout)")
        #expect(run.stdout.hasSuffix("not built (errors above): shop-3, shop-2\n"), "\(run.stdout)")
        let names = try FileManager.default.contentsOfDirectory(atPath: output.path)
        #expect(names.contains("nodeprofile-shop-1.spec") && names.contains("nodeprofile-shop-4.spec"))
        #expect(!names.contains { $0.contains("shop-2") || $0.contains("shop-3") }, "\(names)")
        // A problem with the fleet as a whole is no node's: --keep-going does not pass over it.
        let broken = try Self.fleetFile("  - name: shop-1\n  - name: shop-2\n    network: {mtu: 99999}\n")
        try Data(
            try String(contentsOf: broken, encoding: .utf8).replacingOccurrences(
                of: "base: store.yaml", with: "base: store.yaml\nbogus: 1"
            )
            .utf8
        ).write(to: broken)
        let whole = try BuiltBinary.run(["build", broken.path, "-o", Self.temporary("out").path, "--keep-going"])
        #expect(whole.status == 1 && whole.stderr.contains("nothing written"), "\(whole.stderr)")
    }

    @Test("--rpm and --keep-going are for fleets; one profile is refused with the command that builds its RPM")
    func fleetFlagsOnAProfile() throws {
        let run = try BuiltBinary.run(["build", "blueprints/default.yaml", "-o", Self.temporary("out").path, "--rpm"])
        #expect(run.status == 64 && run.stderr.contains("--rpm is for a fleet file"), "\(run.stderr)")
    }
}
