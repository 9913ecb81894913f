import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileAgentCore

/// What the agent reads to tell a NIC from a device its ethernet keyfile cannot configure: a /sys and /proc tree laid
/// out as the kernel does for each kind (bond and VLAN modules are not loaded on these machines), and this machine's
/// own loopback for real.
@Suite("Gateway NIC check on the device")
struct UplinkCheckTests {
    /// A fake sysfs/procfs: NAME -> what the kernel puts under /sys/class/net/NAME (and /proc/net/vlan for VLANs).
    static func devices() throws -> NetworkDevices {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("np-sys-\(UUID().uuidString)")
        let net = base.appendingPathComponent("sys/class/net")
        let vlan = base.appendingPathComponent("proc/net/vlan")
        let make = { (path: URL) in try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        }
        try make(vlan)
        for (name, type, directory) in [
            ("lo", "772", nil), ("uplink0", "1", "bonding"), ("lan0", "1", "bridge"), ("tagged0", "1", nil),
            ("enp1s0", "1", nil),
        ] as [(String, String, String?)] {
            try make(net.appendingPathComponent(name))
            try Data("\(type)\n".utf8).write(to: net.appendingPathComponent("\(name)/type"))
            if let directory { try make(net.appendingPathComponent("\(name)/\(directory)")) }
        }
        try Data("tagged0  VID: 100  REORDER_HDR: 1  dev->priv_flags: 1\n".utf8).write(
            to: vlan.appendingPathComponent("tagged0"))
        return NetworkDevices(sysClassNet: net.path, procNetVLAN: vlan.path)
    }

    @Test("each kind is told from what the kernel lays out for it")
    func kinds() throws {
        let devices = try Self.devices()
        #expect(devices.kind("lo") == .loopback)
        #expect(devices.kind("uplink0") == .bond)
        #expect(devices.kind("lan0") == .bridge)
        #expect(devices.kind("tagged0") == .vlan)
        #expect(devices.kind("enp1s0") == .other)
        #expect(devices.kind("eth9") == .missing)
        #expect(devices.kind("../lo") == .missing)
    }

    @Test("this machine's own loopback is one, read from the real /sys")
    func realLoopback() {
        #expect(NetworkDevices().kind("lo") == .loopback)
        #expect(SystemFacts().deviceKind("lo") == .loopback)
    }

    /// A fact source over the fake tree, as SystemFacts is over the real one.
    struct FakeSystem: FactProvider, NetworkDeviceInspector {
        let devices: NetworkDevices
        func lookup(_ source: FactSource, interface: String?) -> String? {
            source == .interfaceMTU ? "1500" : "52:54:00:12:34:56"
        }
        func deviceKind(_ name: String) -> NetworkDeviceKind { devices.kind(name) }
    }

    @Test("a resolver reading the device refuses each kind by what it is, naming where it looked")
    func resolverRefuses() throws {
        let system = FakeSystem(devices: try Self.devices())
        let unusable =
            ": the bundle configures it as an ethernet connection, which NetworkManager does not activate on it"
        let cases = [
            ("uplink0", "is a bond (/sys/class/net/uplink0/bonding)" + unusable),
            ("lan0", "is a bridge (/sys/class/net/lan0/bridge)" + unusable),
            ("tagged0", "is a VLAN (/proc/net/vlan/tagged0)" + unusable),
            ("eth9", "does not exist on this device (no /sys/class/net/eth9)"),
        ]
        for (nic, reason) in cases {
            let spec = FactSpec(
                name: "gateway.nic.mtu", source: .interfaceMTU, interface: nic, retries: 0, intervalSeconds: 0,
                pattern: "^[0-9]+$")
            let expected =
                "gateway NIC \(nic) \(reason); name the physical NIC in network.gateway.interface and build the bundle again; nothing was written"
            let error = #expect(throws: AgentError.self) {
                _ = try FactResolver(source: system, sleep: { _ in }).resolve([spec])
            }
            #expect(error?.description == expected)
        }
        let fine = FactSpec(
            name: "gateway.nic.mtu", source: .interfaceMTU, interface: "enp1s0", retries: 0, intervalSeconds: 0,
            pattern: "^[0-9]+$")
        #expect(try FactResolver(source: system, sleep: { _ in }).resolve([fine]) == ["gateway.nic.mtu": "1500"])
    }

    @Test("the no-op check counts a NIC not there yet (its driver loads late at boot) as the recorded one")
    func lateNICIsNoChange() throws {
        let system = FakeSystem(devices: try Self.devices())
        let spec = FactSpec(
            name: "gateway.nic.mtu", source: .interfaceMTU, interface: "eth9", retries: 0, intervalSeconds: 0,
            pattern: "^[0-9]+$")
        let resolver = FactResolver(source: system, sleep: { _ in })
        #expect(resolver.quick([spec], recorded: ["gateway.nic.mtu": "1500"]) == ["gateway.nic.mtu": "1500"])
        #expect(throws: AgentError.self) { _ = try resolver.resolve([spec]) }
        let lo = FactSpec(
            name: "gateway.nic.mtu", source: .interfaceMTU, interface: "lo", retries: 0, intervalSeconds: 0,
            pattern: "^[0-9]+$")
        #expect(resolver.quick([lo], recorded: ["gateway.nic.mtu": "1500"]) == nil, "the name rules still hold")
    }

    @Test("with no system to ask (--root, --fact only), only the name decides")
    func nameOnly() {
        #expect(UplinkCheck.problem("enp1s0", source: nil) == nil)
        #expect(UplinkCheck.problem("uplink0", source: nil) == nil)
        #expect(UplinkCheck.problem("bond0", source: nil)?.hasPrefix("gateway NIC: 'bond0' is named as a bond") == true)
    }

    @Test("real NIC names never match the name rule; the default names of loopback, bond, team, bridge and VLAN do")
    func names() {
        for name in [
            "eth0", "enp1s0", "ens3", "eno1", "wlp2s0", "enx001122334455", "em1", "p1p1", "ib0", "bondi", "brick0",
        ] {
            #expect(UplinkName.problem(name) == nil, "\(name)")
        }
        for name in ["lo", "bond0", "team1", "br0", "vlan100", "eth0.100", "enp1s0.7"] {
            #expect(UplinkName.problem(name) != nil, "\(name)")
        }
    }
}
