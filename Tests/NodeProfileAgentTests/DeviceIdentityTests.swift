import Foundation
import NodeProfileManifest
import NodeProfileSigning
import Testing

@testable import NodeProfileAgentCore

/// The device identity a fleet image is matched against, read from a tree shaped as /sys, and how the recorded
/// choice is kept.
@Suite("Device identity")
struct DeviceIdentityTests {
    static func tree() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("np-identity-\(UUID().uuidString)")
        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try write("sys/class/net/eth0/address", "52:54:00:AB:00:01\n")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("sys/class/net/eth0/device"), withIntermediateDirectories: true)
        try write("sys/class/net/enp2s0/address", "52:54:00:ab:00:02\n")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("sys/class/net/enp2s0/device"), withIntermediateDirectories: true)
        // Virtual devices have no `device` link: a bridge that copied the NIC's MAC, the loopback.
        try write("sys/class/net/br-ex/address", "52:54:00:ab:00:09\n")
        try write("sys/class/net/lo/address", "00:00:00:00:00:00\n")
        try write("sys/class/dmi/id/product_serial", "SN 0001 \n")
        try write("sys/class/dmi/id/product_uuid", "4C4C4544-0042-3510-8052-B4C04F4B4E31\n")
        return root
    }

    @Test("the MACs of physical NICs only (lowercase), the DMI serial and UUID, from ROOT/sys")
    func fromSys() throws {
        let root = try Self.tree()
        let identity = try DeviceIdentity.read(RootFS(root: root.path), from: nil)
        #expect(identity.macs == ["52:54:00:ab:00:02", "52:54:00:ab:00:01"])
        #expect(identity.serial == "SN 0001")
        #expect(identity.uuid == "4c4c4544-0042-3510-8052-b4c04f4b4e31")
    }

    @Test("--identity-from: mac, serial and uuid lines; a bad line is an error naming file and line")
    func fromFile() throws {
        let root = try Self.tree()
        let file = root.appendingPathComponent("identity")
        try Data("# lab guest\nmac=52-54-00-AB-00-07\nserial=S 9\n".utf8).write(to: file)
        let identity = try DeviceIdentity.read(RootFS(root: root.path), from: file.path)
        #expect(identity == NodeIdentity(macs: ["52:54:00:ab:00:07"], serial: "S 9"))
        try Data("mac=52:54:00:ab:00:07\nuuid=nope\n".utf8).write(to: file)
        #expect {
            try DeviceIdentity.read(RootFS(root: root.path), from: file.path)
        } throws: { "\($0)".contains("--identity-from \(file.path):2: 'nope' is not a UUID") }
    }

    @Test("the recorded node is kept while it matches, even when another comes to match too")
    func keptChoice() throws {
        let root = try Self.tree()
        let fs = RootFS(root: root.path)
        let index = FleetIndex(
            fleet: "t",
            nodes: [
                .init(name: "a", manifest: "", signature: nil, identity: NodeIdentity(macs: ["52:54:00:ab:00:01"])),
                .init(name: "b", manifest: "", signature: nil, identity: NodeIdentity(serial: "SN 0001")),
            ])
        let device = try DeviceIdentity.read(fs, from: nil)
        let selection = FleetImageSelection(
            fs: fs, policy: SignaturePolicy(keys: [], directory: "keys.d", requirement: nil), device: device)
        #expect(throws: IdentityError.self) { try selection.pick(index, shown: "image") }
        try fs.write(FleetImageSelection.recordPath, Array("t\tb\n".utf8), mode: 0o644)
        #expect(try selection.pick(index, shown: "image").name == "b")
        try fs.write(FleetImageSelection.recordPath, Array("other\tb\n".utf8), mode: 0o644)
        #expect(throws: IdentityError.self) { try selection.pick(index, shown: "image") }
    }
}
