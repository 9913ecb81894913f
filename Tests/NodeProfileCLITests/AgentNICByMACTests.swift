import Foundation
import NodeProfileTestSupport
import Testing

/// A bundle whose gateway NIC is named by MAC (blueprints/nic-by-mac.yaml), applied by the built agent under `--root`
/// with a /sys tree in the root laid out as the kernel lays out /sys/class/net: it finds the one physical NIC with the
/// MAC, says so in the dry run, and refuses at step `facts`, before writing, when no NIC or two have it.
@Suite("nodeprofile-agent finds a NIC named by MAC in ROOT/sys/class/net (built binary)")
struct AgentNICByMACTests {
    static let mac = "52:54:00:ab:cd:01"

    /// NICs under ROOT/sys/class/net: name -> (MAC as the kernel would write it, whether it has a `device` link).
    static func sysTree(_ root: URL, _ nics: [(String, String, Bool)]) throws {
        for (name, address, physical) in nics {
            let directory = root.appendingPathComponent("sys/class/net/\(name)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data("\(address)\n".utf8).write(to: directory.appendingPathComponent("address"))
            try Data("1\n".utf8).write(to: directory.appendingPathComponent("type"))
            if physical {
                try FileManager.default.createSymbolicLink(
                    atPath: directory.appendingPathComponent("device").path,
                    withDestinationPath: "../../../devices/pci0")
            }
        }
    }

    /// A root with the bundle installed and the given NICs.
    static func root(_ nics: [(String, String, Bool)]) throws -> URL {
        let root = AgentMisuseTests.freshRoot()
        try AgentCrashTests.install(try BuiltBundle.build("nic-by-mac"), into: root)
        try sysTree(root, nics)
        return root
    }

    @Test("the one physical NIC with the MAC is the gateway NIC: the dry run names it, the apply writes the keyfile")
    func resolves() throws {
        // bond0 carries the NIC's MAC as bonds do, but has no device: only enp7s0 is a physical NIC with it.
        let root = try Self.root([
            ("bond0", Self.mac, false), ("enp7s0", Self.mac.uppercased(), true), ("eth1", "52:54:00:00:00:09", true),
        ])
        let dry = try AgentMisuseTests.agent(["apply", "--dry-run", "--root", root.path])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(
            dry.stdout.contains(
                "fact gateway.nic = enp7s0 (the physical NIC with MAC \(Self.mac), read from \(root.path)/sys/class/net)"
            ),
            "\(dry.stdout)")
        let run = try AgentMisuseTests.agent(["apply", "--root", root.path])
        #expect(run.status == 0 && run.stdout.hasPrefix("applied generation"), "\(run.stdout)\(run.stderr)")
        let keyfile = try String(
            contentsOf: root.appendingPathComponent(
                "etc/NetworkManager/system-connections/nodeprofile-uplink.nmconnection"),
            encoding: .utf8)
        #expect(keyfile.contains("mac-address=\(Self.mac)\n") && !keyfile.contains("interface-name"), "\(keyfile)")
        let status = try AgentMisuseTests.agent(["status", "--root", root.path])
        #expect(status.stdout.contains("fact: gateway.nic=enp7s0"), "\(status.stdout)")
    }

    @Test(
        "no physical NIC, or two, with the MAC: refused at step facts, naming the MAC and what it found; nothing written",
        arguments: [
            ([("eth0", "52:54:00:00:00:07", true), ("bond0", mac, false)], "no physical NIC has MAC \(mac)"),
            ([("eth0", mac, true), ("eth1", mac, true)], "2 physical NICs have MAC \(mac)"),
        ] as [([(String, String, Bool)], String)])
    func refuses(_ nics: [(String, String, Bool)], _ reason: String) throws {
        let root = try Self.root(nics)
        let run = try AgentMisuseTests.agent(["apply", "--root", root.path])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("gateway NIC: \(reason)"), "\(run.stderr)")
        let found =
            reason.hasPrefix("no") ? "found in \(root.path)/sys/class/net: eth0 52:54:00:00:00:07" : "eth0, eth1"
        #expect(run.stderr.contains(found), "\(run.stderr)")
        #expect(try AgentCrashTests.tree(root).isEmpty)
        let status = try AgentMisuseTests.agent(["status", "--root", root.path])
        #expect(status.stdout.contains("last result: failed at step facts"), "\(status.stdout)")
        let dry = try AgentMisuseTests.agent(["apply", "--dry-run", "--root", root.path])
        #expect(
            dry.stdout.contains("fact gateway.nic: an apply would refuse it: gateway NIC: \(reason)"), "\(dry.stdout)")
    }
}
