import NodeProfileManifest

/// /etc/microshift/ovn.yaml: who builds br-ex, the gateway NIC (microshift mode) and the pod MTU.
struct OVNConfig: Artifact {
    var gatewayMode: GatewayMode
    var gatewayInterface: String?
    var mtu: Int?

    var path: String { "/etc/microshift/ovn.yaml" }
    var template: String { "microshift/ovn.yaml" }
    var provenance: [ProfilePath] {
        ["network.gateway.mode"] + (gatewayInterface == nil ? [] : ["network.gateway.interface"]) + (mtu == nil ? [] : ["network.mtu"])
    }
    var actions: [Action] {
        [Action(.restart, "microshift.service")] + (mtu == nil ? [] : [Action(.rebootRequired, "pod MTU changed")])
    }

    func context(_ common: CommonContext) -> TemplateContext {
        common.with([
            "disableOVSInit": .text(gatewayMode == .microshift ? "false" : "true"),
            "gatewayInterface": .optional(gatewayInterface.map { ["name": .text(Escape.yamlString($0))] }),
            "mtu": .optional(mtu.map { ["value": .text(String($0))] }),
        ])
    }
}

/// /etc/microshift/config.yaml, holding only the keys the profile sets.
struct MicroShiftConfig: Artifact {
    var clusterNetwork: IPv4Network?
    var serviceNetwork: IPv4Network?
    var serviceNodePortRange: PortRange?
    var hostname: String?
    var nodeIP: IPv4Address?
    var provenance: [ProfilePath]

    var path: String { "/etc/microshift/config.yaml" }
    var template: String { "microshift/config.yaml" }
    var actions: [Action] { [Action(.restart, "microshift.service")] }

    /// True when there is at least one key to write.
    var isEmpty: Bool {
        clusterNetwork == nil && serviceNetwork == nil && serviceNodePortRange == nil && hostname == nil && nodeIP == nil
    }

    func context(_ common: CommonContext) -> TemplateContext {
        let hasNetwork = clusterNetwork != nil || serviceNetwork != nil || serviceNodePortRange != nil
        let hasNode = hostname != nil || nodeIP != nil
        return common.with([
            "network": .flag(hasNetwork),
            "clusterNetwork": .optional(clusterNetwork.map { ["cidr": .text(Escape.yamlString($0.description))] }),
            "serviceNetwork": .optional(serviceNetwork.map { ["cidr": .text(Escape.yamlString($0.description))] }),
            "serviceNodePortRange": .optional(serviceNodePortRange.map { ["range": .text(Escape.yamlString($0.description))] }),
            "node": .flag(hasNode),
            "hostnameOverride": .optional(hostname.map { ["name": .text(Escape.yamlString($0))] }),
            "nodeIP": .optional(nodeIP.map { ["address": .text(Escape.yamlString($0.description))] }),
        ])
    }
}
