extension BadCases {
    private static func staticIPv4(_ lines: String) -> String {
        "network:\n  gateway:\n    ipv4:\n      method: static\n" + lines
    }

    static let gateway: [BadProfile] = [
        BadProfile(
            name: "misspelt gateway mode", yaml: "network:\n  gateway:\n    mode: ⟪declaritive⟫\n",
            message: "did you mean 'declarative'?", path: "network.gateway.mode"),
        BadProfile(
            name: "interface name too long", yaml: "network:\n  gateway:\n    interface: ⟪enp0s20f0u1u2u3⟫x\n",
            message: "is 16 characters; at most 15 allowed", path: "network.gateway.interface"),
        BadProfile(
            name: "interface name with a slash", yaml: "network:\n  gateway:\n    interface: ⟪eth/0⟫\n",
            message: "must not contain '/', ':' or whitespace", path: "network.gateway.interface"),
        BadProfile(
            name: "gateway interface is br-ex", yaml: "network:\n  gateway:\n    interface: ⟪br-ex⟫\n",
            message: "name the physical NIC br-ex should hold", path: "network.gateway.interface"),
        BadProfile(
            name: "ipv4 in microshift mode",
            yaml: "network:\n  gateway:\n    mode: microshift\n    ⟪ipv4⟫:\n      method: dhcp\n",
            message: "gateway.ipv4 applies to declarative mode only; in microshift mode", path: "network.gateway.ipv4"),
        BadProfile(
            name: "gateway MTU in manual mode", yaml: "network:\n  gateway:\n    mode: manual\n    ⟪mtu⟫: 1500\n",
            message: "gateway.mtu applies to declarative mode only; in manual mode you build br-ex yourself",
            path: "network.gateway.mtu"),
        BadProfile(
            name: "interface in manual mode warns",
            yaml: "network:\n  gateway:\n    mode: manual\n    interface: ⟪eth0⟫\n",
            message: "has no effect in manual mode", path: "network.gateway.interface", severity: .warning),
        BadProfile(
            name: "pod MTU above gateway MTU", yaml: "network:\n  mtu: ⟪1500⟫\n  gateway:\n    mtu: 1400\n",
            message: "pod MTU 1500 exceeds the gateway MTU 1400", path: "network.mtu"),
        BadProfile(
            name: "static without address", yaml: "network:\n  gateway:\n    ipv4:\n      method: ⟪static⟫\n",
            message: "method: static needs an address", path: "network.gateway.ipv4.method"),
        BadProfile(
            name: "static address without prefix", yaml: staticIPv4("      address: ⟪192.168.1.10⟫\n"),
            message: "address needs a prefix length, such as 192.168.1.10/24", path: "network.gateway.ipv4.address"),
        BadProfile(
            name: "static address is the network address", yaml: staticIPv4("      address: ⟪192.168.1.0/24⟫\n"),
            message: "is the network address of 192.168.1.0/24", path: "network.gateway.ipv4.address"),
        BadProfile(
            name: "static address is the broadcast address", yaml: staticIPv4("      address: ⟪192.168.1.255/24⟫\n"),
            message: "is the broadcast address of 192.168.1.0/24", path: "network.gateway.ipv4.address"),
        BadProfile(
            name: "gateway outside the subnet",
            yaml: staticIPv4("      address: 192.168.1.10/24\n      gateway: ⟪192.168.2.1⟫\n"),
            message: "gateway 192.168.2.1 is outside the subnet 192.168.1.0/24", path: "network.gateway.ipv4.gateway"),
        BadProfile(
            name: "gateway is the node itself",
            yaml: staticIPv4("      address: 192.168.1.10/24\n      gateway: ⟪192.168.1.10⟫\n"),
            message: "is the node's own address", path: "network.gateway.ipv4.gateway"),
        BadProfile(
            name: "static without gateway warns",
            yaml: staticIPv4("      address: 192.168.1.10/24\n").replacingOccurrences(
                of: "method: static", with: "method: ⟪static⟫"),
            message: "the node has no default route", path: "network.gateway.ipv4.method", severity: .warning),
        BadProfile(
            name: "address with DHCP", yaml: "network:\n  gateway:\n    ⟪ipv4⟫:\n      address: 192.168.1.10/24\n",
            message: "address is set but method is not, and the default method is dhcp; add method: static",
            path: "network.gateway.ipv4.method"),
        BadProfile(
            name: "DNS server not an address",
            yaml: staticIPv4(
                "      address: 192.168.1.10/24\n      gateway: 192.168.1.1\n      dns: [⟪dns.example⟫]\n"),
            message: "DNS server 'dns.example' is not an IPv4 address", path: "network.gateway.ipv4.dns[0]"),
        BadProfile(
            name: "four DNS servers",
            yaml: staticIPv4(
                "      address: 192.168.1.10/24\n      gateway: 192.168.1.1\n      dns: [1.1.1.1, 8.8.8.8, 9.9.9.9, ⟪8.8.4.4⟫]\n"
            ),
            message: "at most 3 items allowed: the resolver reads at most 3 name servers",
            path: "network.gateway.ipv4.dns[3]"),
        BadProfile(
            name: "duplicate DNS server",
            yaml: staticIPv4(
                "      address: 192.168.1.10/24\n      gateway: 192.168.1.1\n      dns: [1.1.1.1, ⟪1.1.1.1⟫]\n"),
            message: "DNS server 1.1.1.1 is listed twice", path: "network.gateway.ipv4.dns[1]"),
        BadProfile(
            name: "node subnet overlaps the service network",
            yaml: staticIPv4("      address: ⟪10.43.0.10/24⟫\n      gateway: 10.43.0.1\n"),
            message: "the node's subnet 10.43.0.0/24 overlaps serviceNetwork 10.43.0.0/16",
            path: "network.gateway.ipv4.address"),
        BadProfile(
            name: "nodeIP differs from the static address warns",
            yaml: "node:\n  nodeIP: ⟪192.168.1.11⟫\n"
                + staticIPv4("      address: 192.168.1.10/24\n      gateway: 192.168.1.1\n"),
            message: "differs from br-ex's static address 192.168.1.10", path: "node.nodeIP", severity: .warning),
        // From 4.14 a node IP needs the NIC's static address; a refused or missing one is not taken for DHCP.
        BadProfile(
            name: "static address without prefix beside a 4.18 node IP",
            yaml: "target:\n  microshift: \"4.18\"\nnode:\n  nodeIP: 192.168.1.10\n"
                + staticIPv4("      address: ⟪192.168.1.10⟫\n"),
            message: "address needs a prefix length", path: "network.gateway.ipv4.address"),
        BadProfile(
            name: "static without address beside a 4.18 node IP",
            yaml: "target:\n  microshift: \"4.18\"\nnode:\n  nodeIP: 192.168.1.10\n"
                + staticIPv4("").replacingOccurrences(of: "method: static", with: "method: ⟪static⟫"),
            message: "method: static needs an address", path: "network.gateway.ipv4.method"),
        BadProfile(
            name: "address without method beside a 4.18 node IP",
            yaml: "target:\n  microshift: \"4.18\"\nnode:\n  nodeIP: 192.168.1.10\n"
                + "network:\n  gateway:\n    ⟪ipv4⟫:\n      address: 192.168.1.10/24\n",
            message: "address is set but method is not", path: "network.gateway.ipv4.method"),
    ]
}
