import NodeProfileManifest

/// /etc/microshift/ovn.yaml: who builds br-ex, the gateway NIC (microshift mode) and the pod MTU.
/// configure-ovs.sh reads `disableOVSInit` and `gatewayInterface` with awk, so both are plain words on their key's
/// own line (validation keeps the NIC name to words that YAML 1.1 also reads as that string: `PlainYAMLWord`).
/// Only the keys the release reads are written: from 4.14 that is `mtu` alone.
struct OVNConfig: Artifact {
    var gatewayMode: GatewayMode
    var gatewayInterface: String?
    var mtu: Int?
    /// The release's ovn.yaml keys (`MicroShiftRelease.ovnKeys`).
    var keys: [String]

    /// True when the file has a key the release reads.
    var isEmpty: Bool { !keys.contains("ovsInit.disableOVSInit") && mtu == nil }

    var path: String { "/etc/microshift/ovn.yaml" }
    var template: String { "microshift/ovn.yaml" }
    var provenance: [ProfilePath] {
        (keys.contains("ovsInit.disableOVSInit") ? ["network.gateway.mode"] : [])
            + (gatewayInterface == nil ? [] : ["network.gateway.interface"])
            + (mtu == nil ? [] : ["network.mtu"])
    }
    var actions: [Action] {
        [Action(.restart, "microshift.service")] + (mtu == nil ? [] : [.rebootRequired(.podMTU)])
    }

    func context(_ common: CommonContext) -> TemplateContext {
        common.with([
            "ovsInit": .flag(keys.contains("ovsInit.disableOVSInit")),
            "disableOVSInit": .text(gatewayMode == .microshift ? "false" : "true"),
            "gatewayInterface": .optional(gatewayInterface.map { ["name": .text($0)] }),
            "mtu": .optional(mtu.map { ["value": .text(String($0))] }),
        ])
    }
}

/// MicroShift's configuration, holding only the keys the profile sets, in the shapes the release's Go structs
/// read (sigs.k8s.io/yaml: a value of the wrong type stops MicroShift at start): /etc/microshift/config.yaml
/// through 4.17, our drop-in under /etc/microshift/config.d from 4.18 (merged over the user's config.yaml).
struct MicroShiftConfig: Artifact {
    var path: String
    var clusterNetworkShape: MicroShiftRelease.ClusterNetworkShape
    var clusterNetwork: IPv4Network?
    var serviceNetwork: IPv4Network?
    var serviceNodePortRange: PortRange?
    var hostname: String?
    var nodeIP: IPv4Address?
    var provenance: [ProfilePath]

    var template: String { "microshift/config.yaml" }
    var actions: [Action] { [Action(.restart, "microshift.service")] }
    /// config.yaml is the user's too (no config.d before 4.18); a drop-in of nodeprofile's own in config.d is adopted.
    var refusesExisting: String? {
        guard path == "/etc/microshift/config.yaml" else { return nil }
        return
            "MicroShift reads its settings from this one file (no config.d before 4.18), so writing nodeprofile's over it "
            + "would drop every setting in it; move the file aside (its settings are then no longer read), or target "
            + "MicroShift 4.18 or later, where nodeprofile writes a config.d drop-in beside it"
    }

    /// True when there is at least one key to write.
    var isEmpty: Bool {
        clusterNetwork == nil && serviceNetwork == nil && serviceNodePortRange == nil && hostname == nil
            && nodeIP == nil
    }

    func context(_ common: CommonContext) -> TemplateContext {
        let hasNetwork = clusterNetwork != nil || serviceNetwork != nil || serviceNodePortRange != nil
        let hasNode = hostname != nil || nodeIP != nil
        return common.with([
            "network": .flag(hasNetwork),
            "clusterNetwork": .optional(clusterNetwork.map { ["entry": .text(clusterNetworkEntry($0))] }),
            "serviceNetwork": .optional(serviceNetwork.map { ["cidr": .text(Escape.yamlString($0.description))] }),
            "serviceNodePortRange": .optional(
                serviceNodePortRange.map { ["range": .text(Escape.yamlString($0.description))] }),
            "node": .flag(hasNode),
            "hostnameOverride": .optional(hostname.map { ["name": .text(Escape.yamlString($0))] }),
            "nodeIP": .optional(nodeIP.map { ["address": .text(Escape.yamlString($0.description))] }),
        ])
    }

    /// One `network.clusterNetwork` list entry in the release's shape.
    func clusterNetworkEntry(_ network: IPv4Network) -> String {
        let cidr = Escape.yamlString(network.description)
        switch clusterNetworkShape {
        case .cidrMappings: return "cidr: \(cidr)"
        case .strings: return cidr
        }
    }
}
