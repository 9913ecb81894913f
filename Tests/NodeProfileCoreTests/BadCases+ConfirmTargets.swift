extension BadCases {
    private static func targets(_ list: String, mode: String = "") -> String {
        "network:\n  gateway:\n\(mode)    ipv4:\n      method: static\n      address: 10.0.0.14/24\n"
            + "      gateway: 10.0.0.1\n    confirmTargets: \(list)\n"
    }

    /// `network.gateway.confirmTargets`: IPv4 host addresses, each once, not the node's own, a few, declarative mode.
    static let confirmTargets: [BadProfile] = [
        BadProfile(
            name: "confirm target a host name", yaml: targets("[⟪registry.example⟫]"),
            message: "confirm target 'registry.example' is not an IPv4 address",
            path: "network.gateway.confirmTargets[0]"),
        BadProfile(
            name: "confirm target with a prefix", yaml: targets("[10.0.0.10, ⟪10.1.0.0/16⟫]"),
            message: "confirm target is a single address, without a prefix length: write 10.1.0.0",
            path: "network.gateway.confirmTargets[1]"),
        BadProfile(
            name: "confirm target IPv6", yaml: targets("[⟪fd00::1⟫]"),
            message: "confirm target 'fd00::1' is IPv6", path: "network.gateway.confirmTargets[0]"),
        BadProfile(
            name: "confirm target listed twice", yaml: targets("[10.0.0.10, ⟪10.0.0.10⟫]"),
            message: "confirm target 10.0.0.10 is listed twice", path: "network.gateway.confirmTargets[1]"),
        BadProfile(
            name: "confirm target the node's own address", yaml: targets("[⟪10.0.0.14⟫]"),
            message: "confirm target 10.0.0.14 is the node's own address: it always answers, so it confirms nothing",
            path: "network.gateway.confirmTargets[0]"),
        BadProfile(
            name: "confirm target the gateway", yaml: targets("[⟪10.0.0.1⟫]"),
            message: "confirm target 10.0.0.1 is the gateway, which is always checked: leave it out",
            path: "network.gateway.confirmTargets[0]", severity: .warning),
        BadProfile(
            name: "nine confirm targets",
            yaml: targets(
                "[10.0.1.1, 10.0.1.2, 10.0.1.3, 10.0.1.4, 10.0.1.5, 10.0.1.6, 10.0.1.7, 10.0.1.8, ⟪10.0.1.9⟫]"),
            message: "at most 8 items allowed: each is pinged every second of the confirm window",
            path: "network.gateway.confirmTargets[8]"),
        BadProfile(
            name: "confirm targets in microshift mode",
            yaml:
                "network:\n  gateway:\n    mode: microshift\n    interface: eth0\n    ⟪confirmTargets⟫: [10.0.0.10]\n",
            message:
                "gateway.confirmTargets applies to declarative mode only; in microshift mode MicroShift's configure-ovs builds the uplink",
            path: "network.gateway.confirmTargets"),
    ]
}
