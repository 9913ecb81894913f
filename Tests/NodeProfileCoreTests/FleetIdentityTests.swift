import NodeProfileManifest
import Testing

@testable import NodeProfileCore

/// A fleet node's `identity`: its syntax, normalization, the values two nodes may not share, and the matching rule.
@Suite("Fleet identities")
struct FleetIdentityTests {
    static func read(_ nodes: String) -> (Fleet?, [Diagnostic]) {
        let text =
            "apiVersion: nodeprofile/v1\nkind: NodeFleet\nmetadata: {name: shops}\nbase: base.yaml\nnodes:\n" + nodes
        let result = FleetReader().read(bytes: Array(text.utf8), file: "fleet.yaml")
        return (result.fleet, result.diagnostics)
    }

    static func places(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message)" }
    }

    @Test("an identity is read and normalized: MACs and the UUID in lowercase, the serial as written")
    func normalized() throws {
        let (fleet, diagnostics) = Self.read(
            """
              - name: a
                identity: {macs: [52:54:00:AB:cd:01, 52-54-00-00-00-02], serial: SN 0001, uuid: 4C4C4544-0042-3510-8052-B4C04F4B4E31}
                node: {nodeIP: 10.0.0.1}
            """)
        #expect(diagnostics.isEmpty, "\(Self.places(diagnostics))")
        let node = try #require(fleet?.nodes.first)
        #expect(node.identity?.macs == ["52:54:00:ab:cd:01", "52:54:00:00:00:02"])
        #expect(node.identity?.serial == "SN 0001")
        #expect(node.identity?.uuid == "4c4c4544-0042-3510-8052-b4c04f4b4e31")
        #expect(node.overrides["identity"] == nil, "identity is not a profile section")
        #expect(node.overrides["node"] != nil)
    }

    @Test("bad MACs, UUIDs, serials and keys are errors at their line and column")
    func syntax() {
        let (fleet, diagnostics) = Self.read(
            """
              - name: a
                identity: {macs: [52:54:00:ab:cd]}
              - name: b
                identity: {uuid: not-a-uuid}
              - name: c
                identity: {serial: ""}
              - name: d
                identity: {serail: X1}
              - name: e
                identity: {}
              - name: f
                identity: {macs: [52:54:00:00:00:01, 52:54:00:00:00:01]}
            """)
        let places = Self.places(diagnostics)
        #expect(places.count == 6, "\(places)")
        #expect(places.contains { $0.hasPrefix("7:23 node a: ") && $0.contains("not a MAC address") }, "\(places)")
        #expect(places.contains { $0.hasPrefix("9:22 node b: ") && $0.contains("not a UUID") }, "\(places)")
        #expect(places.contains { $0.hasPrefix("11:24 node c: ") && $0.contains("is empty") }, "\(places)")
        #expect(places.contains { $0.hasPrefix("13:16 node d: ") && $0.contains("did you mean 'serial'") }, "\(places)")
        #expect(places.contains { $0.hasPrefix("15:15 node e: ") && $0.contains("names nothing") }, "\(places)")
        #expect(places.contains { $0.hasPrefix("17:42 node f: ") && $0.contains("listed twice") }, "\(places)")
        #expect(fleet?.rejected == ["a", "b", "c", "d", "e", "f"])
    }

    @Test("the same MAC, serial or UUID on two nodes is an error naming both nodes and lines")
    func sharedValues() {
        let (_, diagnostics) = Self.read(
            """
              - name: a
                identity: {macs: [52:54:00:00:00:01], serial: S1}
              - name: b
                identity: {macs: ["52:54:00:00:00:02", 52:54:00:00:00:01]}
              - name: c
                identity: {serial: S1, uuid: 4c4c4544-0042-3510-8052-b4c04f4b4e31}
              - name: d
                identity: {uuid: 4C4C4544-0042-3510-8052-B4C04F4B4E31}
            """)
        let places = Self.places(diagnostics)
        #expect(places.count == 3, "\(places)")
        #expect(
            places.contains(
                "9:15 node b: MAC 52:54:00:00:00:01 is also the identity of node a (line 7); a device with it would match both nodes, so each value may name one node"
            ), "\(places)")
        #expect(
            places.contains { $0.hasPrefix("11:15 node c: serial 'S1' is also the identity of node a (line 7)") },
            "\(places)")
        #expect(
            places.contains {
                $0.hasPrefix(
                    "13:15 node d: uuid 4c4c4544-0042-3510-8052-b4c04f4b4e31 is also the identity of node c (line 11)")
            }, "\(places)")
    }

    @Test("a node matches when every kind it names matches; a node that names nothing matches nothing")
    func matching() {
        let device = NodeIdentity(
            macs: ["52:54:00:00:00:01", "52:54:00:00:00:09"], serial: "S1", uuid: "4c4c4544-0042-3510-8052-b4c04f4b4e31"
        )
        #expect(NodeIdentity(macs: ["52:54:00:00:00:09"]).matches(device))
        #expect(NodeIdentity(macs: ["52:54:00:00:00:02", "52:54:00:00:00:01"], serial: "S1").matches(device))
        #expect(!NodeIdentity(macs: ["52:54:00:00:00:01"], serial: "S2").matches(device))
        #expect(!NodeIdentity(uuid: "4c4c4544-0042-3510-8052-b4c04f4b4e32").matches(device))
        #expect(NodeIdentity(serial: "S1", uuid: "4c4c4544-0042-3510-8052-b4c04f4b4e31").matches(device))
        #expect(!NodeIdentity().matches(device))
        #expect(!NodeIdentity(serial: "S1").matches(NodeIdentity(macs: device.macs)))
    }
}
