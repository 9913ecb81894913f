import NodeProfileManifest

/// /etc/nodeprofile/nodeprofile.nft: one table, replaced whole, with a drop rule per NodePort block.
struct NFTablesRules: Artifact {
    static let rulesPath = "/etc/nodeprofile/nodeprofile.nft"

    var blocks: [Profile.NodePortBlock]

    var path: String { Self.rulesPath }
    var template: String { "nftables/nodeprofile.nft" }
    var provenance: [ProfilePath] { blocks.indices.map { ProfilePath("firewall.blockNodePorts").appending(index: $0) } }
    var actions: [Action] { [Action(.nftReplace, Self.rulesPath)] }

    /// The comment of block `index`'s rule, by which the greenboot check finds it in the loaded table.
    static func comment(_ index: Int) -> String { "firewall.blockNodePorts[\(index)]" }

    /// The nft match for one block, such as `ip daddr 10.0.0.1 tcp dport 30700`.
    static func match(_ block: Profile.NodePortBlock) -> String {
        let target: String =
            switch block.target {
            case .address(let ip): "ip daddr \(ip)"
            case .interface(let name): "iifname \(Escape.nftString(name) ?? "\"\"")"
            }
        let ports =
            block.protocols.count == 1
            ? "\(block.protocols[0].rawValue) dport \(block.port)"
            : "meta l4proto { tcp, udp } th dport \(block.port)"
        return "\(target) \(ports)"
    }

    func context(_ common: CommonContext) -> TemplateContext {
        common.with([
            "rules": .list(
                blocks.enumerated().map { index, block in
                    TemplateContext([
                        "match": .text(Self.match(block)),
                        "comment": .text(Escape.nftString(Self.comment(index))!),
                    ])
                })
        ])
    }
}

/// The unit that loads the table at every boot, before the network and MicroShift come up.
struct NFTablesUnit: Artifact {
    var path: String { "/etc/systemd/system/nodeprofile-nftables.service" }
    var template: String { "systemd/nodeprofile-nftables.service" }
    var provenance: [ProfilePath] { ["firewall.blockNodePorts"] }
    var actions: [Action] { [Action(.daemonReload)] }
    func context(_ common: CommonContext) -> TemplateContext {
        common.with(["rules": .text(Escape.systemdValue(NFTablesRules.rulesPath))])
    }
}

/// kustomization.yaml in the release's manifests folder of ours (4.13's fixed /etc/microshift/manifests, a
/// folder under /etc/microshift/manifests.d from 4.14), listing nodeprofile's Services.
struct Kustomization: Artifact {
    var count: Int
    var directory: String

    var path: String { "\(directory)/kustomization.yaml" }
    var template: String { "manifests/kustomization.yaml" }
    var provenance: [ProfilePath] { (0..<count).map { ProfilePath("loadBalancers").appending(index: $0) } }
    var actions: [Action] { [Action(.restart, "microshift.service")] }
    /// The user's manifests directory (4.13) holds one kustomization; nodeprofile's own manifests.d directory is its own.
    var refusesExisting: String? {
        guard directory == "/etc/microshift/manifests" else { return nil }
        return
            "MicroShift applies the one kustomization.yaml of this directory, so writing nodeprofile's over it would drop "
            + "the resources it lists; ship those under /usr/lib/microshift/manifests in the image instead, or target "
            + "MicroShift 4.14 or later, where nodeprofile writes a directory of its own under /etc/microshift/manifests.d"
    }
    func context(_ common: CommonContext) -> TemplateContext {
        common.with(["resources": .text(Escape.yamlString(LoadBalancerManifest.fileName))])
    }
}

/// The LoadBalancer Services (and any namespaces they need) that MicroShift applies at start.
struct LoadBalancerManifest: Artifact {
    static let fileName = "nodeprofile-loadbalancers.yaml"

    var services: [Profile.LoadBalancer]
    var directory: String

    var path: String { "\(directory)/\(Self.fileName)" }
    var template: String { "manifests/loadbalancers.yaml" }
    var provenance: [ProfilePath] { services.indices.map { ProfilePath("loadBalancers").appending(index: $0) } }
    var actions: [Action] { [Action(.restart, "microshift.service")] }

    /// Namespaces to create: those not already present on every cluster.
    var namespaces: [String] {
        var seen: [String] = []
        for service in services
        where !["default", "kube-system", "kube-public"].contains(service.namespace)
            && !service.namespace.hasPrefix("openshift-") && !seen.contains(service.namespace)
        {
            seen.append(service.namespace)
        }
        return seen
    }

    func context(_ common: CommonContext) -> TemplateContext {
        common.with([
            "namespaces": .list(namespaces.map { TemplateContext(["name": .text(Escape.yamlString($0))]) }),
            "services": .list(
                services.map { service in
                    TemplateContext([
                        "name": .text(Escape.yamlString(service.name)),
                        "namespace": .text(Escape.yamlString(service.namespace)),
                        "selector": .list(
                            service.selector.map {
                                TemplateContext([
                                    "key": .text(Escape.yamlString($0.key)),
                                    "value": .text(Escape.yamlString($0.value)),
                                ])
                            }),
                        "portName": .text(Escape.yamlString("\(service.transport.rawValue)-\(service.port)")),
                        "protocol": .text(service.transport.rawValue.uppercased()),
                        "port": .text(String(service.port)),
                        "targetPort": .text(String(service.targetPort)),
                    ])
                }),
        ])
    }
}
