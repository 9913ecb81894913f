extension BadCases {
    private static func mac(_ value: String) -> String { "network:\n  gateway:\n    macAddress: \(value)\n" }

    /// `network.gateway.macAddress`: its syntax, one name for the NIC, and declarative mode only.
    static let gatewayMAC: [BadProfile] = [
        BadProfile(
            name: "MAC with five octets", yaml: mac("⟪52:54:00:12:34⟫"),
            message: "'52:54:00:12:34' is not a MAC address: write six pairs of hex digits separated by ':' (or '-')",
            path: "network.gateway.macAddress"),
        BadProfile(
            name: "MAC with mixed separators", yaml: mac("⟪52-54-00:12:34:56⟫"), message: "is not a MAC address",
            path: "network.gateway.macAddress"),
        BadProfile(
            name: "MAC with a letter beyond f", yaml: mac("⟪52:54:00:12:34:5g⟫"), message: "is not a MAC address",
            path: "network.gateway.macAddress"),
        BadProfile(
            name: "MAC all zero", yaml: mac("⟪00:00:00:00:00:00⟫"), message: "is the all-zero MAC address",
            path: "network.gateway.macAddress"),
        BadProfile(
            name: "MAC multicast", yaml: mac("⟪01:00:5E:00:00:01⟫"),
            message: "'01:00:5E:00:00:01' is a multicast MAC address (the first octet is odd)",
            path: "network.gateway.macAddress"),
        BadProfile(
            name: "MAC broadcast", yaml: mac("⟪ff:ff:ff:ff:ff:ff⟫"), message: "is a broadcast MAC address",
            path: "network.gateway.macAddress"),
        BadProfile(
            name: "MAC and a named interface",
            yaml: "network:\n  gateway:\n    interface: eth0\n    macAddress: ⟪52:54:00:12:34:56⟫\n",
            message: "the gateway NIC is named twice, by MAC address and as interface 'eth0'",
            path: "network.gateway.macAddress"),
        BadProfile(
            name: "MAC beside a refused interface name: the name's error only",
            yaml: "network:\n  gateway:\n    interface: ⟪lo⟫\n    macAddress: 52:54:00:12:34:56\n",
            message: "loopback", path: "network.gateway.interface"),
        BadProfile(
            name: "MAC in microshift mode",
            yaml: "network:\n  gateway:\n    mode: microshift\n    ⟪macAddress⟫: 52:54:00:12:34:56\n",
            message: "gateway.macAddress applies to declarative mode only; in microshift mode",
            path: "network.gateway.macAddress"),
        BadProfile(
            name: "MAC in manual mode",
            yaml: "network:\n  gateway:\n    mode: manual\n    ⟪macAddress⟫: 52:54:00:12:34:56\n",
            message: "gateway.macAddress applies to declarative mode only; in manual mode you build br-ex yourself",
            path: "network.gateway.macAddress"),
    ]
}
