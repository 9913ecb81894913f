extension BadCases {
    static let firewall: [BadProfile] = [
        BadProfile(
            name: "blocked port outside the NodePort range",
            yaml: "firewall:\n  blockNodePorts:\n    - port: ⟪8080⟫\n      interface: eth1\n",
            message: "port 8080 is outside serviceNodePortRange 30000-32767", path: "firewall.blockNodePorts[0].port"),
        BadProfile(
            name: "block with address and interface",
            yaml: "firewall:\n  blockNodePorts:\n    - ⟪port⟫: 30700\n      interface: eth1\n      address: 10.0.0.1\n",
            message: "exactly one of 'address' or 'interface' is required; both are given",
            path: "firewall.blockNodePorts[0]"),
        BadProfile(
            name: "block without a target", yaml: "firewall:\n  blockNodePorts:\n    - ⟪port⟫: 30700\n",
            message: "exactly one of 'address' or 'interface' is required; neither is given",
            path: "firewall.blockNodePorts[0]"),
        BadProfile(
            name: "block interface '..'",
            yaml: "firewall:\n  blockNodePorts:\n    - port: 30700\n      interface: ⟪\"..\"⟫\n",
            message: "'.' and '..' are not interface names", path: "firewall.blockNodePorts[0].interface"),
        BadProfile(
            name: "block interface with a quote",
            yaml: "firewall:\n  blockNodePorts:\n    - port: 30700\n      interface: ⟪'eth\"1'⟫\n",
            message: "must not contain quotes or backslashes", path: "firewall.blockNodePorts[0].interface"),
        BadProfile(
            name: "block interface with '*', an nft wildcard",
            yaml: "firewall:\n  blockNodePorts:\n    - port: 30700\n      interface: ⟪\"eth*\"⟫\n",
            message: "must not contain '*' (nftables would read it as a wildcard",
            path: "firewall.blockNodePorts[0].interface"),
        BadProfile(
            name: "block interface with '%'",
            yaml: "firewall:\n  blockNodePorts:\n    - port: 30700\n      interface: ⟪eth%d⟫\n",
            message: "must not contain '%' (Linux reads it as a name template",
            path: "firewall.blockNodePorts[0].interface"),
        BadProfile(
            name: "block interface that is not ASCII",
            yaml: "firewall:\n  blockNodePorts:\n    - port: 30700\n      interface: ⟪eth-é⟫\n",
            message: "holds 'é'; allowed: printable ASCII", path: "firewall.blockNodePorts[0].interface"),
        BadProfile(
            name: "block address is broadcast",
            yaml: "firewall:\n  blockNodePorts:\n    - port: 30700\n      address: ⟪255.255.255.255⟫\n",
            message: "255.255.255.255 is the broadcast address", path: "firewall.blockNodePorts[0].address"),
        BadProfile(
            name: "duplicate block",
            yaml:
                "firewall:\n  blockNodePorts:\n    - port: 30700\n      interface: eth1\n    - ⟪port⟫: 30700\n      interface: eth1\n      protocol: both\n",
            message: "duplicate rule: blockNodePorts[0] already blocks tcp port 30700 on interface eth1",
            path: "firewall.blockNodePorts[1]"),
        BadProfile(
            name: "uppercase block protocol",
            yaml: "firewall:\n  blockNodePorts:\n    - port: 30700\n      interface: eth1\n      protocol: ⟪TCP⟫\n",
            message: "'TCP' is not allowed; allowed: tcp, udp, both; did you mean 'tcp'?",
            path: "firewall.blockNodePorts[0].protocol"),
        BadProfile(
            name: "quoted port", yaml: "firewall:\n  blockNodePorts:\n    - port: ⟪\"30700\"⟫\n      interface: eth1\n",
            message: "expected an integer, found the quoted string \"30700\"; remove the quotes",
            path: "firewall.blockNodePorts[0].port"),
        BadProfile(
            name: "blockNodePorts as a mapping", yaml: "firewall:\n  blockNodePorts:\n    ⟪port⟫: 30700\n",
            message: "expected a list, found a mapping", path: "firewall.blockNodePorts"),
    ]
}
