import NodeProfileManifest

/// Rules for the network section: CIDRs, NodePort range, MTU, forwarding and the br-ex gateway.
enum NetworkRules {
    /// The network section's values as they parsed: nil where the text (the user's, or the schema default for an
    /// absent field) was refused, so a later rule never takes `Profile.Network`'s stand-in default for the user's value.
    struct Parsed {
        /// `network.clusterNetwork[0]`.
        var clusterNetwork: IPv4Network?
        /// `network.serviceNetwork[0]`.
        var serviceNetwork: IPv4Network?
        /// `network.serviceNodePortRange`.
        var serviceNodePortRange: PortRange?
        /// `network.gateway.mode` (declarative when absent); nil when refused, and then no rule that depends on the
        /// mode runs.
        var gatewayMode: GatewayMode?
        /// `network.gateway.ipv4` in declarative mode (DHCP when absent); nil in the other modes and when refused:
        /// its method, a static method without a usable address, or static fields under DHCP.
        var addressing: Addressing?
    }

    /// How the NIC (or br-ex) gets its IPv4 address.
    enum Addressing: Equatable {
        /// From a DHCP lease.
        case dhcp
        /// The profile's static address, gateway and DNS servers.
        case staticIPv4(Profile.StaticIPv4)
    }

    /// The typed network section (a refused value replaced by the release default, for the stages after a clean
    /// validation only) and what parsed.
    static func network(_ ctx: inout ValidationContext, _ release: MicroShiftRelease) -> (
        network: Profile.Network, parsed: Parsed
    ) {
        let cluster = cidr(&ctx, "network.clusterNetwork[0]")
        let service = cidr(&ctx, "network.serviceNetwork[0]")
        if let cluster, cluster.prefix > release.narrowestClusterPrefix {
            ctx.error(
                "cluster network \(cluster) is too small: ovn-kubernetes gives each node a /\(release.hostSubnetPrefix) of it; use a prefix of /\(release.narrowestClusterPrefix) or shorter",
                at: "network.clusterNetwork[0]")
        }
        if let service {
            serviceNetworkLimits(&ctx, service, release)
        }
        let range = ctx.parse("network.serviceNodePortRange", PortRange.parse)
        let mode = ctx.choice("network.gateway.mode", as: GatewayMode.self)
        var addressing: Addressing?
        if ctx.boolean("network.ipForward") == false {
            ctx.warning(
                "ipForward: false leaves net.ipv4.ip_forward to OVN-Kubernetes at runtime; NodePorts are unreachable from outside until it sets it",
                at: "network.ipForward")
        }
        let network = Profile.Network(
            clusterNetwork: cluster ?? release.clusterNetwork,
            serviceNetwork: service ?? release.serviceNetwork,
            serviceNodePortRange: range ?? release.serviceNodePortRange,
            mtu: ctx.integer("network.mtu"),
            ipForward: ctx.boolean("network.ipForward") ?? true,
            gateway: gateway(&ctx, mode, addressing: &addressing))
        return (
            network,
            Parsed(
                clusterNetwork: cluster, serviceNetwork: service, serviceNodePortRange: range, gatewayMode: mode,
                addressing: addressing)
        )
    }

    /// The sizes MicroShift and kube-apiserver accept for serviceNetwork, and room for the API address after it.
    static func serviceNetworkLimits(
        _ ctx: inout ValidationContext, _ service: IPv4Network, _ release: MicroShiftRelease
    ) {
        let path: ProfilePath = "network.serviceNetwork[0]"
        if release.clusterDNS(service) == nil {
            ctx.error(
                "service network \(service) is too small: it needs at least \(release.clusterDNSHost) host addresses (its \(release.clusterDNSHost)th is the cluster DNS); use a prefix of /28 or shorter",
                at: path)
        } else if service.prefix < release.widestServicePrefix {
            ctx.error(
                "service network \(service) is too wide: kube-apiserver refuses service ranges wider than /\(release.widestServicePrefix); use a prefix of /\(release.widestServicePrefix) to /28",
                at: path)
        }
        if release.apiServiceAddress(service) == nil {
            ctx.error(
                "service network \(service) ends at 255.255.255.255: MicroShift puts its API service on the address right after it and refuses to start without one",
                at: path)
        }
    }

    /// The network at `path` (host bits must be clear), or nil after reporting why not.
    static func cidr(_ ctx: inout ValidationContext, _ path: ProfilePath) -> IPv4Network? {
        ctx.parse(path) { text in CIDRText.network(text).mapError { ValueError($0.description) } }
    }

    /// The gateway with the rules of `mode`; with a refused mode (nil) only the rules every mode shares, and
    /// declarative as the stand-in in the result. `addressing` is set in declarative mode when the ipv4 parsed.
    static func gateway(
        _ ctx: inout ValidationContext, _ mode: GatewayMode?, addressing: inout Addressing?
    ) -> Profile.Gateway {
        var gateway = Profile.Gateway(mode: mode ?? .declarative, interface: nil, mtu: nil, staticIPv4: nil)
        if let name = ctx.checked("network.gateway.interface", { nicProblem($0, mode) }), name != "auto" {
            gateway.interface = name
        }
        gatewayMAC(&ctx, mode, &gateway)
        gateway.mtu = ctx.integer("network.gateway.mtu")
        switch mode {
        case nil:
            // Which fields apply depends on the refused mode; their own syntax is still checked.
            _ = staticFields(&ctx, "network.gateway.ipv4")
        case .declarative:
            addressing = self.addressing(&ctx)
            if case .staticIPv4(let address)? = addressing { gateway.staticIPv4 = address }
        case .microshift, .manual:
            let owner =
                mode == .microshift
                ? "MicroShift's configure-ovs copies the NIC's addressing and MTU"
                : "you build br-ex yourself"
            for field in ["ipv4", "mtu"] where ctx.isSet(ProfilePath("network.gateway").appending(field)) {
                ctx.errorAtKey(
                    "gateway.\(field) applies to declarative mode only; in \(gateway.mode.rawValue) mode \(owner)",
                    at: ProfilePath("network.gateway").appending(field))
            }
            if mode == .manual, ctx.isSet("network.gateway.interface") {
                ctx.warning(
                    "gateway.interface has no effect in manual mode: you build br-ex yourself and the agent only checks it exists",
                    at: "network.gateway.interface")
            }
        }
        confirmTargets(&ctx, mode, &gateway)
        return gateway
    }

    /// Why `name` cannot be the NIC br-ex holds in `mode`, or nil; `auto` (the default-route NIC) always can. With a
    /// refused mode (nil) only the rules every mode shares apply.
    static func nicProblem(_ name: String, _ mode: GatewayMode?) -> String? {
        if name == "auto" { return nil }
        if let problem = Names.interfaceProblem(name) { return "interface \(problem)" }
        if [SharedNames.bridge, "br-int", "ovn-k8s-mp0"].contains(name) {
            return "'\(name)' is created by MicroShift's networking; name the physical NIC br-ex should hold"
        }
        // configure-ovs builds bonds and VLANs into br-ex itself; only a declarative keyfile cannot.
        if mode == .declarative || (mode == .microshift && name == "lo"), let problem = UplinkName.problem(name) {
            return problem
        }
        if mode == .microshift, let problem = PlainYAMLWord.problem(name) {
            return
                "\(problem); in microshift mode the NIC is written to ovn.yaml's gatewayInterface, which configure-ovs.sh reads with awk as a plain word (allowed: a letter, then letters, digits, '_', '.', '-'; not yes/no/on/off/true/false/null)"
        }
        return nil
    }
}
