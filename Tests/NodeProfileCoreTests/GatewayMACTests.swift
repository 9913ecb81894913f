import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileCore

/// `network.gateway.macAddress` through the compiler: the schema shows it, a fleet node may set it over a base that
/// names the NIC, and the NIC's name becomes a fact the agent finds by MAC.
@Suite("Gateway NIC by MAC")
struct GatewayMACTests {
    @Test("the JSON Schema lists macAddress under network.gateway")
    func schema() throws {
        let text = JSONSchemaWriter.profileSchema().serialized()
        #expect(text.contains("\"macAddress\""), "\(text.prefix(200))")
        #expect(ProfileSchema.field(at: "network.gateway.macAddress") != nil)
    }

    @Test(
        "a fleet node names its NIC by MAC over a base that names it: the keyfile matches the MAC, the name is a fact")
    func fleetNodeOverride() throws {
        let (bundles, diagnostics) = try FleetTests.compile(
            FleetTests.fleet(
                "  - name: shop-7\n    network: {gateway: {interface: ~, macAddress: 52:54:00:AB:CD:07}}\n"))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let bundle = try #require(bundles["shop-7"])
        let nic = FleetTests.file(bundle, "ovs-if-phys0.nmconnection")
        #expect(nic.contains("\n[ethernet]\nmac-address=52:54:00:ab:cd:07\n"), "\(nic)")
        #expect(!nic.contains("interface-name="), "\(nic)")
        #expect(FleetTests.file(bundle, "ovs-if-br-ex.nmconnection").contains("cloned-mac-address=52:54:00:ab:cd:07\n"))
        #expect(
            FleetTests.file(bundle, "ovs-port-phys0.nmconnection").contains("interface-name=@@fact:gateway.nic@@\n"))
        let facts = bundle.manifest.facts
        #expect(facts.map(\.name) == ["gateway.nic"], "the MAC is known, so br-ex's MAC is no fact")
        #expect(facts.first?.source == .interfaceByMAC && facts.first?.mac == "52:54:00:ab:cd:07")
    }

    @Test("a fleet node's bad MAC is reported at the fleet line, naming the node")
    func fleetNodeBadMAC() throws {
        let (bundles, diagnostics) = try FleetTests.compile(
            FleetTests.fleet(
                "  - name: shop-8\n    network: {gateway: {interface: ~, macAddress: \"01:00:5e:00:00:01\"}}\n"))
        let error = try #require(diagnostics.first { $0.severity == .error })
        #expect(error.message.hasPrefix("node shop-8: ") && error.message.contains("multicast"), "\(error.message)")
        #expect("\(error.location.file):\(error.location.line)" == "fleet.yaml:7", "\(error.location)")
        #expect(bundles.isEmpty)
    }

    @Test("from 4.14 the uplink keyfile matches the MAC and the manifest declares the NIC a fact found by it")
    func uplink() throws {
        let text = """
            apiVersion: nodeprofile/v1
            kind: NodeProfile
            metadata: {name: m}
            target: {microshift: "4.18"}
            network: {gateway: {macAddress: 52:54:00:12:34:56}}

            """
        let result = testCompiler.compile(.bytes(Array(text.utf8), file: "p.yaml"), resources: InMemoryResources())
        let bundle = try #require(result.bundle, "\(result.diagnostics)")
        let keyfile = FleetTests.file(bundle, "nodeprofile-uplink.nmconnection")
        #expect(keyfile.contains("[ethernet]\nmac-address=52:54:00:12:34:56\n") && !keyfile.contains("interface-name"))
        let entry = try #require(bundle.manifest.files.first { $0.path.hasSuffix("nodeprofile-uplink.nmconnection") })
        #expect(entry.facts.isEmpty && entry.provenance.contains("network.gateway.macAddress"))
        #expect(bundle.manifest.facts.map(\.source) == [.interfaceByMAC])
    }
}
