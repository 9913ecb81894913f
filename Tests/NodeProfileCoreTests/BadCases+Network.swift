extension BadCases {
    static let network: [BadProfile] = [
        BadProfile(
            name: "clusterNetwork not a list", yaml: "network:\n  clusterNetwork: ⟪10.42.0.0/16⟫\n",
            message: "expected a list, found '10.42.0.0/16'; write it as a list: [10.42.0.0/16]",
            path: "network.clusterNetwork"),
        BadProfile(
            name: "two cluster networks", yaml: "network:\n  clusterNetwork: [10.42.0.0/16, ⟪10.45.0.0/16⟫]\n",
            message: "at most 1 item allowed: MicroShift 4.13 is single-stack IPv4", path: "network.clusterNetwork[1]"),
        BadProfile(
            name: "empty cluster network list", yaml: "network:\n  clusterNetwork: ⟪[]⟫\n",
            message: "needs at least 1 item", path: "network.clusterNetwork"),
        BadProfile(
            name: "CIDR with host bits", yaml: "network:\n  clusterNetwork: [⟪10.42.0.1/16⟫]\n",
            message: "host bits are set; did you mean 10.42.0.0/16?", path: "network.clusterNetwork[0]"),
        BadProfile(
            name: "CIDR prefix too long", yaml: "network:\n  clusterNetwork: [⟪10.42.0.0/33⟫]\n",
            message: "prefix length '33' must be a number from 0 to 32", path: "network.clusterNetwork[0]"),
        BadProfile(
            name: "CIDR without prefix", yaml: "network:\n  serviceNetwork: [⟪10.43.0.0⟫]\n",
            message: "expected ADDRESS/PREFIX", path: "network.serviceNetwork[0]"),
        BadProfile(
            name: "IPv6 cluster network", yaml: "network:\n  clusterNetwork: [⟪\"fd01::/48\"⟫]\n",
            message: "IPv6 is not supported", path: "network.clusterNetwork[0]"),
        BadProfile(
            name: "service network overlaps cluster network", yaml: "network:\n  serviceNetwork: [⟪10.42.128.0/17⟫]\n",
            message: "serviceNetwork 10.42.128.0/17 overlaps clusterNetwork 10.42.0.0/16",
            path: "network.serviceNetwork[0]"),
        BadProfile(
            name: "cluster network overlaps the join subnet", yaml: "network:\n  clusterNetwork: [⟪100.64.0.0/10⟫]\n",
            message: "overlaps the OVN join subnet 100.64.0.0/16", path: "network.clusterNetwork[0]"),
        BadProfile(
            name: "cluster network holds the default API service address",
            yaml: "network:\n  clusterNetwork: [⟪10.44.0.0/16⟫]\n",
            message: "clusterNetwork 10.44.0.0/16 overlaps the API service address 10.44.0.0",
            path: "network.clusterNetwork[0]"),
        BadProfile(
            name: "API service address (after serviceNetwork) inside the cluster network",
            yaml: "network:\n  clusterNetwork: [10.51.0.0/16]\n  serviceNetwork: [⟪10.50.0.0/16⟫]\n",
            message:
                "the API service address 10.51.0.0 (the address after serviceNetwork) overlaps clusterNetwork 10.51.0.0/16",
            path: "network.serviceNetwork[0]"),
        BadProfile(
            name: "API service address inside the join subnet", yaml: "network:\n  serviceNetwork: [⟪100.63.0.0/16⟫]\n",
            message:
                "the API service address 100.64.0.0 (the address after serviceNetwork) overlaps the OVN join subnet 100.64.0.0/16",
            path: "network.serviceNetwork[0]"),
        BadProfile(
            name: "service network with no next address", yaml: "network:\n  serviceNetwork: [⟪255.255.255.0/24⟫]\n",
            message: "ends at 255.255.255.255: MicroShift puts its API service on the address right after it",
            path: "network.serviceNetwork[0]"),
        BadProfile(
            name: "service network wider than /12", yaml: "network:\n  serviceNetwork: [⟪10.96.0.0/11⟫]\n",
            message: "is too wide: kube-apiserver refuses service ranges wider than /12",
            path: "network.serviceNetwork[0]"),
        BadProfile(
            name: "cluster network narrower than /23", yaml: "network:\n  clusterNetwork: [⟪10.52.0.0/24⟫]\n",
            message: "is too small: ovn-kubernetes gives each node a /24 of it; use a prefix of /23 or shorter",
            path: "network.clusterNetwork[0]"),
        BadProfile(
            name: "gateway interface YAML reads as a boolean (microshift mode)",
            yaml: "network:\n  gateway:\n    mode: microshift\n    interface: ⟪'yes'⟫\n",
            message:
                "'yes' would be read as a boolean, not a name, by MicroShift's YAML 1.1 parser; in microshift mode the NIC is written to ovn.yaml's gatewayInterface",
            path: "network.gateway.interface"),
        BadProfile(
            name: "service network too small", yaml: "network:\n  serviceNetwork: [⟪10.43.0.0/29⟫]\n",
            message: "is too small: it needs at least 10 host addresses", path: "network.serviceNetwork[0]"),
        BadProfile(
            name: "NodePort range backwards", yaml: "network:\n  serviceNodePortRange: ⟪32767-30000⟫\n",
            message: "range runs backwards; write 30000-32767", path: "network.serviceNodePortRange"),
        BadProfile(
            name: "NodePort range with a colon", yaml: "network:\n  serviceNodePortRange: ⟪\"30000:32767\"⟫\n",
            message: "expected FIRST-LAST such as 30000-32767", path: "network.serviceNodePortRange"),
        BadProfile(
            name: "pod MTU too large", yaml: "network:\n  mtu: ⟪9500⟫\n",
            message: "9500 is out of range; allowed: 576 to 9000", path: "network.mtu"),
        BadProfile(
            name: "pod MTU a word", yaml: "network:\n  mtu: ⟪big⟫\n",
            message: "expected auto or an integer from 576 to 9000, found 'big'", path: "network.mtu"),
        BadProfile(
            name: "ipForward as yes", yaml: "network:\n  ipForward: ⟪yes⟫\n",
            message: "YAML 1.1 words such as yes/no/on/off are not booleans here", path: "network.ipForward"),
        BadProfile(
            name: "ipForward off warns", yaml: "network:\n  ipForward: ⟪false⟫\n",
            message: "NodePorts are unreachable from outside", path: "network.ipForward", severity: .warning),
    ]
}
