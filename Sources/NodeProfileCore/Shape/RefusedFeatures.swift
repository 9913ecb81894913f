/// Features people ask for that MicroShift 4.13 does not have. A key with one of these names is refused
/// by name and reason, wherever it appears, instead of as an unknown key.
public enum RefusedFeatures {
    /// Feature key -> why it cannot be compiled for MicroShift 4.13.
    public static let reasons: [String: String] = [
        "egressIP": "MicroShift 4.13 does not support egress IPs (OVN-Kubernetes EgressIP is not enabled)",
        "egressFirewall": "MicroShift 4.13 does not support EgressFirewall",
        "egressQoS": "MicroShift 4.13 does not support EgressQoS",
        "hybridNetworking": "MicroShift 4.13 does not support hybrid (Windows) networking",
        "ipsec": "MicroShift 4.13 does not support IPsec encryption of pod traffic",
        "hardwareOffload": "MicroShift 4.13 does not support OVS hardware offload",
        "gateways": "MicroShift 4.13 has exactly one gateway bridge, br-ex; a second gateway bridge is not supported",
        "secondaryGateway":
            "MicroShift 4.13 has exactly one gateway bridge, br-ex; a second gateway bridge is not supported",
        "bridges": "MicroShift 4.13 has exactly one gateway bridge, br-ex; a second gateway bridge is not supported",
    ]

    /// The reason for a refused key, matching case-insensitively so `egressip` is refused too.
    public static func reason(for key: String) -> String? {
        let lowered = key.lowercased()
        return reasons.first { $0.key.lowercased() == lowered }?.value
    }
}
