import Foundation
import NodeProfileTestSupport
import Testing

/// The pod MTU against the NIC's MTU, when only the device knows the NIC's (`network.gateway.mtu: auto`), and the MTU
/// fact's own range, checked by the built agent before it writes anything and by `nodeprofile export --fact`.
@Suite("Pod MTU and the gateway.nic.mtu fact (built binaries)")
struct PodMTUFactTests {
    /// A profile with a 9000-byte pod MTU and the NIC's MTU left to the device.
    static let jumbo = """
        apiVersion: nodeprofile/v1
        kind: NodeProfile
        metadata:
          name: jumbo
        network:
          mtu: 9000

        """

    /// Builds `jumbo` into a fresh directory; returns the profile file and the bundle directory.
    static func buildJumbo() throws -> (profile: URL, bundle: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("np-jumbo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let profile = directory.appendingPathComponent("jumbo.yaml")
        try Data(jumbo.utf8).write(to: profile)
        let bundle = directory.appendingPathComponent("out")
        let build = try BuiltBinary.run(["build", profile.path, "-o", bundle.path])
        try #require(build.status == 0, "build: \(build.stderr)")
        return (profile, bundle)
    }

    /// A fresh root with the bundle in `directory` installed as ROOT/usr/lib/nodeprofile/NAME.
    static func root(installing directory: URL, as name: String) throws -> URL {
        let root = AgentMisuseTests.freshRoot()
        let target = root.appendingPathComponent("usr/lib/nodeprofile/\(name)")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for item in ["manifest.json", "root"] {
            try FileManager.default.copyItem(
                at: directory.appendingPathComponent(item), to: target.appendingPathComponent(item))
        }
        return root
    }

    /// `apply --root ROOT` with the sample NIC and MAC and the given NIC MTU.
    static func apply(_ root: URL, mtu: String) throws -> BuiltBinary.Run {
        try BuiltBinary.run(
            [
                "apply", "--root", root.path, "--fact", "gateway.nic=eth0", "--fact",
                "gateway.nic.mac=52:54:00:12:34:56", "--fact", "gateway.nic.mtu=\(mtu)",
            ], product: "nodeprofile-agent")
    }

    /// Expects a refusal at step facts with `message`, and nothing written under ROOT/etc.
    static func expectRefused(_ root: URL, mtu: String, message: String) throws {
        let run = try Self.apply(root, mtu: mtu)
        #expect(run.status == 1 && run.stderr.contains(message), "gateway.nic.mtu=\(mtu): \(run.stderr)")
        #expect(
            !FileManager.default.fileExists(atPath: root.appendingPathComponent("etc").path),
            "a refused fact writes nothing")
        let status = try BuiltBinary.run(["status", "--root", root.path], product: "nodeprofile-agent")
        #expect(status.stdout.contains("last result: failed at step facts (\(message)"), "\(status.stdout)")
    }

    /// The refusal of a NIC MTU below the jumbo profile's pod MTU.
    static func tooSmall(_ nic: Int) -> String {
        "fact gateway.nic.mtu is \(nic), smaller than the pod MTU 9000 (network.mtu), and MicroShift refuses a pod MTU "
            + "larger than br-ex's: set network.mtu to \(nic) or less (or auto), or the NIC's MTU to 9000 or more "
            + "(network.gateway.mtu)"
    }

    @Test("network.mtu 9000 over a 1500-byte NIC is refused at step facts, naming both numbers; over 9000 it applies")
    func podMTUOverNIC() throws {
        let (_, bundle) = try Self.buildJumbo()
        let root = try Self.root(installing: bundle, as: "jumbo")
        try Self.expectRefused(root, mtu: "1500", message: Self.tooSmall(1500))
        let dryRun = try BuiltBinary.run(
            [
                "apply", "--dry-run", "--root", root.path, "--fact", "gateway.nic=eth0", "--fact",
                "gateway.nic.mac=52:54:00:12:34:56", "--fact", "gateway.nic.mtu=1500",
            ], product: "nodeprofile-agent")
        #expect(
            dryRun.stdout.contains("  note    an apply would refuse at step facts: \(Self.tooSmall(1500))\n"),
            "\(dryRun.stdout)")
        let applied = try Self.apply(root, mtu: "9000")
        #expect(applied.status == 0, "\(applied.stderr)")
        let ovn = try String(contentsOf: root.appendingPathComponent("etc/microshift/ovn.yaml"), encoding: .utf8)
        #expect(ovn.contains("mtu: 9000"), "\(ovn)")
    }

    @Test("gateway.nic.mtu outside 576 to 9000 is refused although it matches ^[0-9]{3,5}$")
    func factRange() throws {
        let bundle = try BuiltBundle.build("default")
        let root = try Self.root(installing: bundle.directory, as: "default")
        for value in ["65536", "9001", "575"] {
            try Self.expectRefused(
                root, mtu: value,
                message: "fact gateway.nic.mtu is \(value), outside 576 to 9000; refusing to write it anywhere")
        }
        #expect(try Self.apply(root, mtu: "576").status == 0)
    }

    @Test("export --fact checks the same: the pod MTU against the NIC's, the range, and no newline after the value")
    func export() throws {
        let (profile, _) = try Self.buildJumbo()
        func export(_ facts: [String: String]) throws -> BuiltBinary.Run {
            try BuiltBinary.run(
                ["export", profile.path, "--format", "ignition"]
                    + facts.sorted { $0.key < $1.key }.flatMap { ["--fact", "\($0.key)=\($0.value)"] })
        }
        let base = ["gateway.nic": "eth0", "gateway.nic.mac": "52:54:00:12:34:56"]
        let small = try export(base.merging(["gateway.nic.mtu": "1500"]) { $1 })
        #expect(small.status == 1 && small.stderr.contains(Self.tooSmall(1500)), "\(small.stderr)")
        let large = try export(base.merging(["gateway.nic.mtu": "65536"]) { $1 })
        #expect(
            large.status == 1 && large.stderr.contains("--fact gateway.nic.mtu=65536: outside 576 to 9000"),
            "\(large.stderr)")
        let newline = try export(base.merging(["gateway.nic": "eth0\n", "gateway.nic.mtu": "9000"]) { $1 })
        #expect(
            newline.status == 1 && newline.stderr.contains("--fact gateway.nic=eth0\\n: the value must match"),
            "\(newline.stderr)")
        #expect(try export(base.merging(["gateway.nic.mtu": "9000"]) { $1 }).status == 0)
    }
}
