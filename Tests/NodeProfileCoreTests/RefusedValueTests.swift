import Testing

@testable import NodeProfileCore

/// A refused value is reported once: no later rule takes the field's default in its place and reports what would be
/// wrong only with that guess.
@Suite("Refused values are reported once")
struct RefusedValueTests {
    @Test(
        "the mode's error is the only one, whatever the mode-dependent fields say",
        arguments: [
            // A bond is refused in declarative mode only (configure-ovs builds it in microshift mode).
            "target:\n  microshift: \"4.13\"\nnetwork:\n  gateway:\n    mode: bogus\n    interface: bond0\n",
            // The pod MTU is compared with the gateway's in declarative mode only.
            "target:\n  microshift: \"4.13\"\nnetwork:\n  mtu: 1500\n  gateway:\n    mode: bogus\n    mtu: 1400\n",
            // From 4.14 a node IP needs the NIC's static address, in declarative mode (the others are refused).
            "target:\n  microshift: \"4.18\"\nnode:\n  nodeIP: 192.168.1.5\nnetwork:\n  gateway:\n    mode: bogus\n",
        ])
    func onlyTheModeError(_ body: String) {
        let diagnostics = frontEnd(MarkedProfile.header + body).diagnostics.filter { $0.severity == .error }
        #expect(
            diagnostics.map(\.path) == ["network.gateway.mode"]
                && diagnostics.first?.message.hasPrefix("'bogus' is not allowed") == true,
            "\(listing(diagnostics))")
    }

    static let block = "    - port: 31000\n      interface: eth1\n"
    static let service = "    port: 8080\n    targetPort: 80\n    selector:\n      app: web\n"

    @Test(
        "a refused protocol or namespace is not taken for the default in the duplicate checks",
        arguments: [
            (
                "firewall:\n  blockNodePorts:\n" + block + block + "      protocol: bogus\n",
                "firewall.blockNodePorts[1].protocol"
            ),
            (
                "loadBalancers:\n  - name: a\n" + service + "  - name: b\n" + service + "    protocol: bogus\n",
                "loadBalancers[1].protocol"
            ),
            (
                "loadBalancers:\n  - name: a\n" + service + "  - name: a\n    namespace: "
                    + String(repeating: "n", count: 64)
                    + "\n    port: 8081\n    targetPort: 80\n    selector:\n      app: web\n",
                "loadBalancers[1].namespace"
            ),
        ])
    func duplicateChecks(_ body: String, _ path: String) {
        let diagnostics = frontEnd(MarkedProfile.header + "target:\n  microshift: \"4.13\"\n" + body).diagnostics
            .filter { $0.severity == .error }
        #expect(diagnostics.map(\.path) == [path], "\(listing(diagnostics))")
    }
}
