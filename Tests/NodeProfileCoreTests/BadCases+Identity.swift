extension BadCases {
    static let identity: [BadProfile] = [
        BadProfile(
            name: "uppercase profile name",
            yaml: "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: ⟪EdgeGW⟫\n",
            message: "must be lowercase; did you mean 'edgegw'?", path: "metadata.name"),
        BadProfile(
            name: "profile name too long",
            yaml:
                "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: ⟪\(String(repeating: "a", count: 54))⟫\n",
            message: "is 54 characters; at most 53 allowed", path: "metadata.name"),
        BadProfile(
            name: "underscore in profile name",
            yaml: "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: ⟪edge_gw⟫\n",
            message: "may hold only lowercase letters, digits and '-'", path: "metadata.name"),
        BadProfile(
            name: "version with a dash",
            yaml: "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: a\n  version: ⟪1.0-1⟫\n",
            message: "must not contain '-'", path: "metadata.version"),
        BadProfile(
            name: "version with a space",
            yaml: "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: a\n  version: ⟪1.0 beta⟫\n",
            message: "may hold only letters, digits and . _ + ~ ^", path: "metadata.version"),
        BadProfile(
            name: "release is a boolean",
            yaml: "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: a\n  release: ⟪true⟫\n",
            message: "found the boolean true; quote it", path: "metadata.release"),
        BadProfile(
            name: "control character in description",
            yaml:
                "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: a\n  description: ⟪\"ring \\a\"⟫\n",
            message: "control character \\u{7} is not allowed", path: "metadata.description"),
        BadProfile(
            name: "description line that RPM would read as a section",
            yaml:
                "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: a\n  description: ⟪\"ok\\n%files\\n/etc/shadow\"⟫\n",
            message: "a description line may not start with '%' and a letter ('%files')", path: "metadata.description"),
        BadProfile(
            name: "description line RPM would drop as a comment",
            yaml:
                "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: a\n  description: ⟪\"ok\\n  # not a comment\"⟫\n",
            message: "a description line may not start with '#' ('  # not a comment'): RPM drops such a line",
            path: "metadata.description"),
        BadProfile(
            name: "description ending in a line break",
            yaml:
                "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: a\n  description: ⟪|⟫\n    kept text\n",
            message:
                "a description may not end with a line break: RPM strips trailing blank lines (write a block scalar as '|-'",
            path: "metadata.description"),
        BadProfile(
            name: "description line with trailing blanks",
            yaml:
                "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: a\n  description: ⟪\"one \\ntwo\"⟫\n",
            message: "a description line may not end with spaces or tabs ('one '): RPM strips them",
            path: "metadata.description"),
        BadProfile(
            name: "empty description",
            yaml: "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: a\n  description: ⟪''⟫\n",
            message: "description must not be empty", path: "metadata.description"),
        BadProfile(
            name: "version with '..'",
            yaml: "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: a\n  version: ⟪1..2⟫\n",
            message: "must not contain '..' (rpmbuild refuses", path: "metadata.version"),
        BadProfile(
            name: "version starting with U+FEFF, which YAML readers drop",
            yaml: "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: a\n  version: ⟪\"\\uFEFF1.0\"⟫\n",
            message: "may hold only letters, digits and . _ + ~ ^", path: "metadata.version"),
        BadProfile(
            name: "unknown MicroShift release", yaml: "target:\n  microshift: ⟪4.12⟫\n",
            message: "MicroShift 4.12 is not known to this build; allowed: 4.13, 4.14,", path: "target.microshift"),
        BadProfile(
            name: "hostname with underscore", yaml: "node:\n  hostname: ⟪store_1⟫\n",
            message: "hostname label 'store_1' may hold only lowercase letters", path: "node.hostname"),
        BadProfile(
            name: "hostname is a number", yaml: "node:\n  hostname: ⟪1234⟫\n",
            message: "found the number 1234; quote it", path: "node.hostname"),
        BadProfile(
            name: "hostname with a newline", yaml: "node:\n  hostname: ⟪\"gw\\nExecStart=/bin/sh\"⟫\n",
            message: "it must be a single line", path: "node.hostname"),
        BadProfile(
            name: "nodeIP is IPv6", yaml: "node:\n  nodeIP: ⟪\"fd00::1\"⟫\n",
            message: "is IPv6; MicroShift 4.13 is single-stack IPv4", path: "node.nodeIP"),
        BadProfile(
            name: "nodeIP with a prefix", yaml: "node:\n  nodeIP: ⟪10.0.0.5/24⟫\n",
            message: "a single address, without a prefix length: write 10.0.0.5", path: "node.nodeIP"),
        BadProfile(
            name: "nodeIP is loopback", yaml: "node:\n  nodeIP: ⟪127.0.0.1⟫\n",
            message: "127.0.0.0/8 is loopback", path: "node.nodeIP"),
        BadProfile(
            name: "nodeIP is multicast", yaml: "node:\n  nodeIP: ⟪224.0.0.251⟫\n",
            message: "224.0.0.0/4 is multicast", path: "node.nodeIP"),
        BadProfile(
            name: "nodeIP with leading zeros", yaml: "node:\n  nodeIP: ⟪010.0.0.1⟫\n",
            message: "is not an IPv4 address (four decimal octets 0-255, no leading zeros)", path: "node.nodeIP"),
        BadProfile(
            name: "nodeIP inside the cluster network", yaml: "node:\n  nodeIP: ⟪10.42.7.1⟫\n",
            message: "lies inside clusterNetwork 10.42.0.0/16", path: "node.nodeIP"),
        // The rules that differ between releases do not run on the default release in place of a refused one.
        BadProfile(
            name: "unknown MicroShift release beside a node IP off br-ex's address",
            yaml: "target:\n  microshift: ⟪4.99⟫\nnode:\n  nodeIP: 192.168.1.11\nnetwork:\n  gateway:\n    ipv4:\n"
                + "      method: static\n      address: 192.168.1.10/24\n      gateway: 192.168.1.1\n",
            message: "MicroShift 4.99 is not known to this build", path: "target.microshift"),
    ]
}
