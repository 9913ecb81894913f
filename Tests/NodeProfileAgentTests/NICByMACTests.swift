import Foundation
import NodeProfileManifest
import Synchronization
import Testing

@testable import NodeProfileAgentCore

/// The gateway NIC named by MAC, resolved over a /sys tree laid out as the kernel's: only physical NICs (with a
/// `device` link) count, exactly one must have the MAC, and two NICs with it are refused without waiting.
@Suite("Gateway NIC by MAC on the device")
struct NICByMACTests {
    static let mac = "52:54:00:ab:cd:01"

    /// A root whose sys/class/net holds `nics`: name -> (address file, has a device link).
    static func root(_ nics: [(String, String, Bool)]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("np-mac-\(UUID().uuidString)")
        for (name, address, physical) in nics {
            let directory = root.appendingPathComponent("sys/class/net/\(name)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data("\(address)\n".utf8).write(to: directory.appendingPathComponent("address"))
            if physical {
                try FileManager.default.createSymbolicLink(
                    atPath: directory.appendingPathComponent("device").path, withDestinationPath: "../../../devices/x")
            }
        }
        return root.path
    }

    static func spec(retries: Int = 0) -> FactSpec {
        FactSpec(
            name: "gateway.nic", source: .interfaceByMAC, mac: mac, retries: retries, intervalSeconds: 5,
            pattern: "^[A-Za-z0-9_.-]{1,15}$")
    }

    /// The tree's facts, but waiting as the running system does.
    struct Waiting: FactProvider, NetworkDeviceInspector {
        let tree: DeviceTreeFacts
        func lookup(_ source: FactSource, interface: String?) -> String? { tree.lookup(source, interface: interface) }
        func deviceKind(_ name: String) -> NetworkDeviceKind { tree.deviceKind(name) }
        var devices: NetworkDevices { tree.devices }
    }

    @Test("only NICs with a device link are physical; their MACs are read in lowercase")
    func physicalNICs() throws {
        let tree = try #require(
            DeviceTreeFacts(root: try Self.root([("br-ex", Self.mac, false), ("eth0", "52:54:00:AB:CD:01", true)])))
        #expect(tree.devices.physicalNICs() == [PhysicalNIC(name: "eth0", mac: Self.mac)])
        #expect(try FactResolver(source: tree).resolve([Self.spec()]) == ["gateway.nic": "eth0"])
        #expect(DeviceTreeFacts(root: "/nonexistent-root") == nil, "no tree, no provider: --fact alone decides")
    }

    @Test("no NIC with the MAC: tried again while the driver may load, then refused naming what was found")
    func none() throws {
        let tree = try #require(DeviceTreeFacts(root: try Self.root([("eth0", "52:54:00:00:00:07", true)])))
        let slept = Mutex(0)
        let resolver = FactResolver(source: Waiting(tree: tree), sleep: { _ in slept.withLock { $0 += 1 } })
        let error = #expect(throws: AgentError.self) { _ = try resolver.resolve([Self.spec(retries: 3)]) }
        #expect(
            error?.description
                == "gateway NIC: no physical NIC has MAC \(Self.mac) (network.gateway.macAddress); found in \(tree.devices.sysClassNet): eth0 52:54:00:00:00:07; check the MAC in the profile against the device, or name the NIC in network.gateway.interface, and build the bundle again; nothing was written"
        )
        #expect(slept.withLock { $0 } == 3)
        #expect(resolver.quick([Self.spec()], recorded: ["gateway.nic": "eth0"]) == ["gateway.nic": "eth0"])
    }

    @Test("two NICs with the MAC: refused at once, naming both")
    func two() throws {
        let tree = try #require(
            DeviceTreeFacts(root: try Self.root([("eth0", Self.mac, true), ("eth1", Self.mac, true)])))
        let slept = Mutex(0)
        let resolver = FactResolver(source: Waiting(tree: tree), sleep: { _ in slept.withLock { $0 += 1 } })
        let error = #expect(throws: AgentError.self) { _ = try resolver.resolve([Self.spec(retries: 3)]) }
        #expect(
            error?.description.hasPrefix(
                "gateway NIC: 2 physical NICs have MAC \(Self.mac) (network.gateway.macAddress): eth0, eth1 in ")
                == true,
            "\(error?.description ?? "")")
        #expect(slept.withLock { $0 } == 0)
    }

    @Test("a NIC udev has not processed yet (its name may still change) is not taken until its udev entry is there")
    func waitsForUdev() throws {
        let root = try Self.root([("eth0", Self.mac, true)])
        try Data("2\n".utf8).write(to: URL(fileURLWithPath: "\(root)/sys/class/net/eth0/ifindex"))
        let data = "\(root)/run/udev/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let devices = NetworkDevices(sysClassNet: "\(root)/sys/class/net", udevData: data)
        #expect(devices.physicalNICs() == [PhysicalNIC(name: "eth0", mac: Self.mac, initialized: false)])
        #expect(NICByMAC.name(Self.mac, in: devices.physicalNICs()) == nil)
        #expect(
            NICByMAC.problem(Self.mac, in: devices.physicalNICs(), directory: devices.sysClassNet)?.contains(
                "now eth0, was not named by udev in time") == true)
        try Data().write(to: URL(fileURLWithPath: "\(data)/n2"))
        #expect(NICByMAC.name(Self.mac, in: devices.physicalNICs()) == "eth0")
    }

    @Test("the MAC syntax: six hex pairs, unicast, not all zero, lowercase")
    func syntax() {
        #expect(MACAddress.normalized("52:54:00:AB:cd:01") == Self.mac)
        #expect(MACAddress.normalized("52-54-00-AB-cd-01") == Self.mac, "dashes, as Windows and some labels write it")
        for bad in ["52:54:00:ab:cd", "52-54-00:ab:cd:01", "52:54:00:ab:cd:0g", "52:54:00:ab:cd:001", ""] {
            #expect(MACAddress.normalized(bad) == nil, "\(bad)")
        }
        #expect(MACAddress.problem("00:00:00:00:00:00")?.contains("all-zero") == true)
        #expect(MACAddress.problem("33:33:00:00:00:01")?.contains("multicast") == true)
        #expect(MACAddress.problem("02:00:00:00:00:01") == nil, "a locally administered unicast MAC is a NIC's")
    }
}
