import Foundation
import NodeProfileManifest
import NodeProfileSigning
import Testing

@testable import NodeProfileAgentCore

/// At boot a fleet device's NIC may appear after the agent first reads the identity: the node is picked once it
/// does, and an unknown device gives up after a bounded number of reads.
@Suite("Fleet identity at boot")
struct IdentityWaitTests {
    static let index = FleetIndex(
        fleet: "t",
        nodes: [
            .init(name: "serial", manifest: "", signature: nil, identity: NodeIdentity(serial: "SN 0002")),
            .init(
                name: "both", manifest: "", signature: nil,
                identity: NodeIdentity(macs: ["52:54:00:ab:00:01"], serial: "SN 0001")),
        ])

    /// A tree with the DMI serial and no NIC yet, and a way to add the NIC its driver would make.
    static func tree() throws -> (fs: RootFS, addNIC: () -> Void) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("np-idwait-\(UUID().uuidString)")
        let dmi = root.appendingPathComponent("sys/class/dmi/id")
        try FileManager.default.createDirectory(at: dmi, withIntermediateDirectories: true)
        try Data("SN 0001\n".utf8).write(to: dmi.appendingPathComponent("product_serial"))
        let nic = root.appendingPathComponent("sys/class/net/eth0")
        return (
            RootFS(root: root.path),
            {
                try? FileManager.default.createDirectory(
                    at: nic.appendingPathComponent("device"), withIntermediateDirectories: true)
                try? Data("52:54:00:ab:00:01\n".utf8).write(to: nic.appendingPathComponent("address"))
            }
        )
    }

    static func pick(_ fs: RootFS, reads: Int, sleep: @escaping (UInt32) -> Void) throws -> String {
        let policy = SignaturePolicy(keys: [], directory: "keys.d", requirement: nil)
        return try FleetImageSelection.pickWaiting(
            reads: reads, interval: 1, sleep: sleep, read: { try DeviceIdentity.read(fs, from: nil) },
            select: { try FleetImageSelection(fs: fs, policy: policy, device: $0).pick(index, shown: "image").name })
    }

    @Test("a NIC whose driver loads after the first read: the node naming its MAC and serial is picked")
    func nicAppearsLate() throws {
        let (fs, addNIC) = try Self.tree()
        var slept = 0
        let node = try Self.pick(fs, reads: 30) { _ in
            slept += 1
            if slept == 2 { addNIC() }
        }
        #expect(node == "both")
        #expect(slept == 2)
    }

    @Test("an unknown device: read `reads` times, then the miss naming what was read")
    func unknownGivesUp() throws {
        let (fs, _) = try Self.tree()
        var slept = 0
        #expect {
            try Self.pick(fs, reads: 4) { _ in slept += 1 }
        } throws: { "\($0)".contains("no node of fleet t matches this device: this device has serial 'SN 0001'") }
        #expect(slept == 3)
    }
}
