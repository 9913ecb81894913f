import Testing

@testable import NodeProfileCore

/// A refused `gateway.mode` is reported once: no rule that depends on the mode takes the default (declarative) in its
/// place and reports what would be wrong only in that mode.
@Suite("Refused gateway mode")
struct RefusedGatewayModeTests {
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
}
