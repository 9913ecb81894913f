extension BadCases {
    private static func ipv4(_ lines: String) -> String { "network:\n  gateway:\n    ipv4:\n" + lines }

    /// Node addresses MicroShift takes for itself, uplinks a keyfile cannot configure, and slips whose one cause
    /// used to be reported several times (or hid an independent problem).
    static let checks: [BadProfile] = [
        BadProfile(
            name: "nodeIP is the API service address", yaml: "node:\n  nodeIP: ⟪10.44.0.0⟫\n",
            message: "nodeIP 10.44.0.0 is the API service address, the address right after serviceNetwork 10.43.0.0/16",
            path: "node.nodeIP"),
        BadProfile(
            name: "nodeIP is the API service address after a custom serviceNetwork",
            yaml: "node:\n  nodeIP: ⟪10.96.1.0⟫\nnetwork:\n  serviceNetwork: [10.96.0.0/24]\n",
            message: "nodeIP 10.96.1.0 is the API service address", path: "node.nodeIP"),
        BadProfile(
            name: "nodeIP inside the join subnet", yaml: "node:\n  nodeIP: ⟪100.64.0.5⟫\n",
            message: "nodeIP 100.64.0.5 lies inside the OVN join subnet 100.64.0.0/16", path: "node.nodeIP"),
        BadProfile(
            name: "nodeIP against a broken serviceNetwork is not compared with the default",
            yaml: "node:\n  nodeIP: 10.43.0.5\nnetwork:\n  serviceNetwork: [⟪10.96.0.0/33⟫]\n",
            message: "prefix length '33' must be a number from 0 to 32", path: "network.serviceNetwork[0]"),
        BadProfile(
            name: "gateway interface is the loopback", yaml: "network:\n  gateway:\n    interface: ⟪lo⟫\n",
            message: "'lo' is the loopback device", path: "network.gateway.interface"),
        BadProfile(
            name: "gateway interface is the loopback in microshift mode",
            yaml: "network:\n  gateway:\n    mode: microshift\n    interface: ⟪lo⟫\n",
            message: "'lo' is the loopback device", path: "network.gateway.interface"),
        BadProfile(
            name: "gateway interface is a bond", yaml: "network:\n  gateway:\n    interface: ⟪bond0⟫\n",
            message: "'bond0' is named as a bond", path: "network.gateway.interface"),
        BadProfile(
            name: "gateway interface is a VLAN", yaml: "network:\n  gateway:\n    interface: ⟪eth0.100⟫\n",
            message: "'eth0.100' is named as VLAN 100 on eth0", path: "network.gateway.interface"),
        BadProfile(
            name: "gateway interface is a bridge", yaml: "network:\n  gateway:\n    interface: ⟪br0⟫\n",
            message: "'br0' is named as a bridge", path: "network.gateway.interface"),
        BadProfile(
            name: "misspelt method is the only problem",
            yaml: ipv4("      method: ⟪Static⟫\n      address: 192.168.1.10/24\n      gateway: 192.168.1.1\n"),
            message: "did you mean 'static'?", path: "network.gateway.ipv4.method"),
        BadProfile(
            name: "misspelt method still checks the address",
            yaml: ipv4("      method: ⟪Static⟫\n      address: 192.168.1.10\n"),
            message: "did you mean 'static'?", path: "network.gateway.ipv4.method",
            also: ["address needs a prefix length"]),
        BadProfile(
            name: "address and gateway without a method suggest method static",
            yaml: "network:\n  gateway:\n    ⟪ipv4⟫:\n      address: 192.168.1.10/24\n      gateway: 192.168.1.1\n",
            message:
                "address and gateway are set but method is not, and the default method is dhcp; add method: static",
            path: "network.gateway.ipv4.method"),
        BadProfile(
            name: "DNS servers with DHCP",
            yaml: ipv4("      method: ⟪dhcp⟫\n      dns: [192.168.1.1]\n"),
            message: "dns is only used with method: static; with DHCP the lease provides them",
            path: "network.gateway.ipv4.method"),
        BadProfile(
            name: "an invalid address hides no invalid DNS server",
            yaml: ipv4("      method: static\n      address: ⟪192.168.1.300/24⟫\n      dns: [dns.example]\n"),
            message: "192.168.1.300", path: "network.gateway.ipv4.address",
            also: ["DNS server 'dns.example' is not an IPv4 address"]),
        BadProfile(
            name: "an invalid address hides no invalid gateway",
            yaml: ipv4("      method: static\n      address: 192.168.1.10\n      gateway: ⟪192.168.1⟫\n"),
            message: "gateway '192.168.1' is not an IPv4 address", path: "network.gateway.ipv4.gateway",
            also: ["address needs a prefix length"]),
    ]
}
