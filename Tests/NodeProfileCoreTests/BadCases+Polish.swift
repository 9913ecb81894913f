extension BadCases {
    /// The diagnostics polish a tryout asked for: each slip in plain words, at the token that holds it.
    static let polish: [BadProfile] = [
        BadProfile(
            name: "missing colon after a key", yaml: "network:\n  ⟪mtu 1400⟫\n",
            message: "'mtu 1400' is missing ':' after 'mtu'; write 'mtu: 1400'", path: "network"),
        BadProfile(
            name: "a key indented deeper than the one before", yaml: "network:\n  mtu: 1400\n   ⟪ipForward⟫: true\n",
            message:
                "'ipForward' is indented deeper than line 6 (column 4, not 3); keys of one mapping must start in the same column",
            path: nil),
        BadProfile(
            name: "a key misplaced one level up", yaml: "network:\n  ⟪ipv4⟫: {method: dhcp}\n",
            message: "unknown key 'ipv4' here; it belongs under network.gateway (network.gateway.ipv4)",
            path: "network.ipv4"),
        BadProfile(
            name: "a key not allowed in the gateway's mode is reported at the key",
            yaml: "network:\n  gateway:\n    mode: microshift\n    ⟪ipv4⟫: {method: dhcp}\n",
            message: "gateway.ipv4 applies to declarative mode only", path: "network.gateway.ipv4"),
        BadProfile(
            name: "a line separator in a value is shown escaped",
            yaml:
                "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: a\n  description: ⟪\"a\\u2028b\"⟫\n",
            message: "control character \\u{2028} is not allowed", path: "metadata.description"),
    ]
}
