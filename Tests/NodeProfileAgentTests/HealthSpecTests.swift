import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileAgentCore

/// manifest.json's `health` section: what the greenboot check compares with the running network. A value that could
/// never match would fail every boot, so it is refused when the bundle loads, naming the field.
@Suite("Manifest health section")
struct HealthSpecTests {
    static let good = HealthSpec(
        bridge: "br-ex",
        addresses: [
            AddressCheck(address: "192.168.122.14", interface: "br-ex"),
            AddressCheck(address: "10.0.0.5", interface: nil),
            AddressCheck(address: nil, interface: "br-ex"),
        ],
        nodePortBlocks: [NodePortBlockCheck(comment: "firewall.blockNodePorts[0]", port: 30700)],
        confirmTargets: ["10.0.0.10", "172.16.5.1"])

    static func manifest(_ health: HealthSpec?) -> BundleManifest {
        ManifestCheckTests.manifest { $0.health = health }
    }

    @Test("a good health section is accepted and read back field for field")
    func accepted() throws {
        let bytes = try ManifestCoding.encode(Self.manifest(Self.good))
        #expect(try ManifestCoding.decode(bytes).health == Self.good)
        #expect(
            try ManifestCoding.decode(ManifestCoding.encode(Self.manifest(nil))).health == nil,
            "older manifests have none")
    }

    @Test("each bad health field is refused, naming it")
    func refused() throws {
        let cases: [(String, (inout HealthSpec) -> Void)] = [
            ("health.bridge: \"br/ex\"", { $0.bridge = "br/ex" }),
            ("health.bridge: \"a-name-too-long-16\"", { $0.bridge = "a-name-too-long-16" }),
            ("health.bridge: \"\"", { $0.bridge = "" }),
            ("health.addresses[0].address: \"192.168.122.256\"", { $0.addresses[0].address = "192.168.122.256" }),
            ("health.addresses[0].address: \"10.0.0.05\"", { $0.addresses[0].address = "10.0.0.05" }),
            ("health.addresses[1].address: \"fe80::1\"", { $0.addresses[1].address = "fe80::1" }),
            ("health.addresses[2]: needs an address, an interface or both", { $0.addresses[2].interface = nil }),
            ("health.addresses[0].interface: \"br ex\"", { $0.addresses[0].interface = "br ex" }),
            ("health.nodePortBlocks[0].port: 0", { $0.nodePortBlocks[0].port = 0 }),
            ("health.nodePortBlocks[0].port: 65536", { $0.nodePortBlocks[0].port = 65536 }),
            ("health.nodePortBlocks[0].comment: \"a\\\"b\"", { $0.nodePortBlocks[0].comment = "a\"b" }),
            ("health.nodePortBlocks[0].comment: \"\"", { $0.nodePortBlocks[0].comment = "" }),
            ("health.confirmTargets[1]: \"10.0.0\" is not an IPv4 address", { $0.confirmTargets![1] = "10.0.0" }),
            ("health.confirmTargets[0]: \"-c\"", { $0.confirmTargets![0] = "-c" }),
            (
                "health.confirmTargets: at most 8 addresses",
                { $0.confirmTargets = (1...9).map { "10.0.1.\($0)" } }
            ),
        ]
        for (message, change) in cases {
            var spec = Self.good
            change(&spec)
            let bytes = try ManifestCoding.encode(Self.manifest(spec))
            do {
                _ = try ManifestCoding.decode(bytes)
                Issue.record("accepted: \(message)")
            } catch {
                #expect("\(error)".hasPrefix(message), "\(error)")
            }
        }
    }

    @Test(
        "IPv4 text: dotted quads only",
        arguments: [
            ("0.0.0.0", [0, 0, 0, 0] as [UInt8]?), ("192.168.122.14", [192, 168, 122, 14]),
            ("255.255.255.255", [255, 255, 255, 255]),
            ("1.2.3", nil), ("1.2.3.4.5", nil), ("01.2.3.4", nil), ("1.2.3.-4", nil), ("1..3.4", nil),
            (" 1.2.3.4", nil), ("１.2.3.4", nil),
        ])
    func ipv4(_ text: String, _ octets: [UInt8]?) {
        #expect(IPv4Text.octets(text) == octets)
    }
}
