extension BadCases {
    static let structure: [BadProfile] = [
        BadProfile(
            name: "misspelt top-level key", yaml: "⟪netwrok⟫:\n  mtu: 1400\n",
            message: "unknown key 'netwrok'; did you mean 'network'?", path: "netwrok"),
        BadProfile(
            name: "unknown key without a near match", yaml: "network:\n  ⟪frobnicate⟫: 1\n",
            message: "allowed here: clusterNetwork, serviceNetwork", path: "network.frobnicate"),
        BadProfile(
            name: "misspelt nested key",
            yaml: "network:\n  gateway:\n    ipv4:\n      method: static\n      ⟪adress⟫: 10.1.1.2/24\n",
            message: "did you mean 'address'?", path: "network.gateway.ipv4.adress"),
        BadProfile(
            name: "egressIP refused", yaml: "⟪egressIP⟫:\n  - 10.0.0.5\n",
            message: "'egressIP' is refused: MicroShift 4.13 does not support egress IPs", path: "egressIP"),
        BadProfile(
            name: "egressFirewall refused", yaml: "network:\n  ⟪egressFirewall⟫: {}\n",
            message: "does not support EgressFirewall", path: "network.egressFirewall"),
        BadProfile(
            name: "egressQoS refused", yaml: "network:\n  ⟪egressQoS⟫: true\n",
            message: "does not support EgressQoS", path: "network.egressQoS"),
        BadProfile(
            name: "hybridNetworking refused", yaml: "network:\n  ⟪hybridNetworking⟫: true\n",
            message: "does not support hybrid (Windows) networking", path: "network.hybridNetworking"),
        BadProfile(
            name: "ipsec refused", yaml: "network:\n  ⟪ipsec⟫: {mode: full}\n",
            message: "does not support IPsec", path: "network.ipsec"),
        BadProfile(
            name: "hardwareOffload refused", yaml: "ovs:\n  ⟪hardwareOffload⟫: true\n",
            message: "does not support OVS hardware offload", path: "ovs.hardwareOffload"),
        BadProfile(
            name: "second gateway bridge as a list",
            yaml: "network:\n  gateway:\n    ⟪-⟫ mode: declarative\n    - mode: manual\n",
            message: "exactly one gateway bridge, br-ex", path: "network.gateway"),
        BadProfile(
            name: "second gateway bridge by key", yaml: "network:\n  ⟪gateways⟫: [br-ex, br-ex1]\n",
            message: "a second gateway bridge is not supported", path: "network.gateways"),
        BadProfile(
            name: "duplicate key",
            yaml: "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: a\n  ⟪name⟫: b\n",
            message: "duplicate key 'name' (first at line 4, column 3)", path: nil),
        BadProfile(
            name: "unknown apiVersion", yaml: "apiVersion: ⟪nodeprofile/v2⟫\nkind: NodeProfile\nmetadata:\n  name: a\n",
            message: "'nodeprofile/v2' is not allowed; allowed: nodeprofile/v1", path: "apiVersion"),
        BadProfile(
            name: "misspelt kind", yaml: "apiVersion: nodeprofile/v1\nkind: ⟪NodeProfil⟫\nmetadata:\n  name: a\n",
            message: "did you mean 'NodeProfile'?", path: "kind"),
        BadProfile(
            name: "missing metadata", yaml: "⟪apiVersion⟫: nodeprofile/v1\nkind: NodeProfile\n",
            message: "missing required key 'metadata'", path: "metadata"),
        BadProfile(
            name: "missing name",
            yaml: "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  ⟪description⟫: x\n",
            message: "missing required key 'name'", path: "metadata.name"),
        BadProfile(name: "empty file", yaml: "⟪⟫", message: "holds no YAML document", path: nil, raw: true),
        BadProfile(
            name: "comments only", yaml: "⟪#⟫ nothing here yet\n", message: "holds no YAML document", path: nil,
            raw: true),
        BadProfile(
            name: "two documents",
            yaml: "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: a\n---\n⟪kind⟫: NodeProfile\n",
            message: "a second YAML document starts here", path: nil),
        BadProfile(
            name: "document is a list", yaml: "⟪-⟫ apiVersion: nodeprofile/v1\n",
            message: "expected a mapping of apiVersion, kind",
            path: nil, raw: true),
        BadProfile(
            name: "tab indentation", yaml: "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n⟪\t⟫name: a\n",
            message: "tab characters are not allowed for indentation; indent with spaces", path: nil),
        BadProfile(
            name: "explicit YAML tag", yaml: "node:\n  hostname: ⟪!!binary⟫ aGVsbG8=\n",
            message: "YAML tag '!!binary' is not used in profiles", path: nil),
        BadProfile(
            name: "section given as a scalar", yaml: "network: ⟪fast⟫\n",
            message: "expected a mapping of clusterNetwork", path: "network"),
        BadProfile(
            name: "explicit complex key", yaml: "⟪?⟫ {a: 1}\n: value\n",
            message: "an explicit key ('?') is not allowed",
            path: nil, raw: true),
        BadProfile(
            name: "alias used as a key", yaml: "x: &k name\n⟪*k⟫ : value\n",
            message: "an alias used as a key is not allowed",
            path: nil, raw: true),
        BadProfile(
            name: "flow list used as a key", yaml: "network: {[a, b⟪]⟫: 1}\n",
            message: "a list or mapping used as a key is not allowed",
            path: nil, raw: true),
    ]
}
