import NodeProfileManifest

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
                        "protocol": .text(service.transport.serviceName),
                        "port": .text(String(service.port)),
                        "targetPort": .text(String(service.targetPort)),
                    ])
                }),
        ])
    }
}
