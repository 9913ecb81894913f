/// Rules for LoadBalancer Services: names, and host ports that MicroShift and other Services leave free.
enum LoadBalancerRules {
    static func loadBalancers(
        _ ctx: inout ValidationContext, nodePortRange: PortRange?,
        release: MicroShiftRelease
    ) -> [Profile.LoadBalancer] {
        var result: [Profile.LoadBalancer] = []
        var ports: [String: Int] = [:]
        var names: [String: Int] = [:]
        for index in 0..<ctx.count("loadBalancers") {
            let base = ProfilePath("loadBalancers").appending(index: index)
            // The name and namespace are read as written, and a refused one still takes part in the duplicate check:
            // two Services under one name clash whatever the name's own problem.
            let name = ctx.text(base.appending("name"))
            if let name, let problem = Names.serviceNameProblem(name) {
                ctx.error("Service name \(problem) (a DNS-1035 label)", at: base.appending("name"))
            }
            // A refused namespace or protocol (nil) was reported; the checks that need it skip this Service rather
            // than take the default in its place.
            let namespace = ctx.text(base.appending("namespace"))
            if let namespace, let problem = Names.dnsLabelProblem(namespace) {
                ctx.error("namespace \(problem) (a DNS-1123 label)", at: base.appending("namespace"))
            }
            if let name, let namespace {
                let key = "\(namespace)/\(name)"
                if let first = names[key] {
                    ctx.error(
                        "Service \(key) is already defined by loadBalancers[\(first)]", at: base.appending("name"))
                }
                names[key] = names[key] ?? index
            }
            let transport = ctx.choice(base.appending("protocol"), as: TransportProtocol.self, word: \.serviceName)
            let port = ctx.integer(base.appending("port"))
            if let port, let transport {
                checkPort(&ctx, port, transport, base.appending("port"), nodePortRange: nodePortRange, release: release)
                let key = "\(port)/\(transport.rawValue)"
                if let first = ports[key] {
                    ctx.error(
                        "\(transport.serviceName) port \(port) is already taken by loadBalancers[\(first)]; a host port serves one LoadBalancer Service (MicroShift leaves the second pending: \"node port \(port) occupied\")",
                        at: base.appending("port"))
                }
                ports[key] = ports[key] ?? index
            }
            let selector = selectorLabels(&ctx, base.appending("selector"))
            if let name, let namespace, let port, let transport,
                let targetPort = ctx.integer(base.appending("targetPort"))
            {
                result.append(
                    Profile.LoadBalancer(
                        name: name, namespace: namespace, port: port, targetPort: targetPort,
                        transport: transport, selector: selector))
            }
        }
        return result
    }

    static func checkPort(
        _ ctx: inout ValidationContext, _ port: Int, _ transport: TransportProtocol, _ path: ProfilePath,
        nodePortRange: PortRange?, release: MicroShiftRelease
    ) {
        if let owner = release.hostPorts[transport]?[port] {
            ctx.error(
                "\(transport.serviceName) port \(port) is used by \(owner); a LoadBalancer port must be a host port no MicroShift component occupies",
                at: path)
        } else if port == 22 && transport == .tcp {
            ctx.warning(
                "TCP port 22 is usually sshd's; a LoadBalancer there makes the node unreachable over ssh", at: path)
        }
        if let range = nodePortRange, range.contains(port) {
            ctx.error("port \(port) is inside serviceNodePortRange \(range); choose a port outside it", at: path)
        }
    }

    static func selectorLabels(_ ctx: inout ValidationContext, _ path: ProfilePath) -> [Profile.SelectorLabel] {
        guard let entries = ctx.node(path)?.entries else { return [] }
        if entries.isEmpty {
            ctx.error("selector must name at least one label, or the Service selects no pods", at: path)
        }
        var labels: [Profile.SelectorLabel] = []
        for entry in entries {
            guard let key = entry.key.scalarText else { continue }
            let valuePath = path.appending(key)
            if let problem = Names.labelKeyProblem(key) {
                ctx.diagnostics.append(
                    Diagnostic(
                        .error, "label key '\(key.debugEscaped)' \(problem)", at: entry.key.location,
                        path: valuePath.description))
                continue
            }
            guard
                let value = ctx.checked(
                    valuePath,
                    { value in Names.labelValueProblem(value).map { "label value '\(value.debugEscaped)' \($0)" } })
            else { continue }
            labels.append(Profile.SelectorLabel(key: key, value: value))
        }
        return labels
    }
}
