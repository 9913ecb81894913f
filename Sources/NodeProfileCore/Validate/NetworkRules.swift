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
        let mode = ctx.text("network.gateway.mode").flatMap(GatewayMode.init(rawValue:))
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
            gateway: gateway(&ctx, mode))
        return (
            network,
            Parsed(clusterNetwork: cluster, serviceNetwork: service, serviceNodePortRange: range, gatewayMode: mode)
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
    /// declarative as the stand-in in the result.
    static func gateway(_ ctx: inout ValidationContext, _ mode: GatewayMode?) -> Profile.Gateway {
        var gateway = Profile.Gateway(mode: mode ?? .declarative, interface: nil, mtu: nil, staticIPv4: nil)
        if let name = ctx.text("network.gateway.interface"), name != "auto" {
            if let problem = Names.interfaceProblem(name) {
                ctx.error("interface \(problem)", at: "network.gateway.interface")
            } else if [SharedNames.bridge, "br-int", "ovn-k8s-mp0"].contains(name) {
                ctx.error(
                    "'\(name)' is created by MicroShift's networking; name the physical NIC br-ex should hold",
                    at: "network.gateway.interface")
            } else if mode == .declarative || (mode == .microshift && name == "lo"),
                let problem = UplinkName.problem(name)
            {
                // configure-ovs builds bonds and VLANs into br-ex itself; only a declarative keyfile cannot.
                ctx.error(problem, at: "network.gateway.interface")
            } else if mode == .microshift, let problem = PlainYAMLWord.problem(name) {
                ctx.error(
                    "\(problem); in microshift mode the NIC is written to ovn.yaml's gatewayInterface, which configure-ovs.sh reads with awk as a plain word (allowed: a letter, then letters, digits, '_', '.', '-'; not yes/no/on/off/true/false/null)",
                    at: "network.gateway.interface")
            } else {
                gateway.interface = name
            }
        }
        gatewayMAC(&ctx, mode, &gateway)
        gateway.mtu = ctx.integer("network.gateway.mtu")
        switch mode {
        case nil:
            // Which fields apply depends on the refused mode; their own syntax is still checked.
            _ = staticFields(&ctx, "network.gateway.ipv4")
        case .declarative:
            gateway.staticIPv4 = staticIPv4(&ctx)
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
        return gateway
    }

    static func staticIPv4(_ ctx: inout ValidationContext) -> Profile.StaticIPv4? {
        let base: ProfilePath = "network.gateway.ipv4"
        let methodPath = base.appending("method")
        let written = ["address", "gateway", "dns"].filter { ctx.isSet(base.appending($0)) }
        if ctx.isInvalid(methodPath) {
            // The method was reported; the fields' own syntax is still checked, as for static, their only use.
            _ = staticFields(&ctx, base)
            return nil
        }
        guard ctx.text(methodPath) == "static" else {
            if !written.isEmpty { dhcpWithStaticFields(&ctx, base, written) }
            return nil
        }
        if !ctx.isSet(base.appending("address")) && !ctx.isInvalid(base) {
            ctx.error("method: static needs an address such as 192.168.122.14/24", at: methodPath)
        }
        let fields = staticFields(&ctx, base)
        if !ctx.isSet(base.appending("gateway")) && fields.address != nil {
            ctx.warning(
                "static addressing without a gateway: the node has no default route and cannot reach other networks",
                at: methodPath)
        }
        guard let address = fields.address else { return nil }
        return Profile.StaticIPv4(address: address, gateway: fields.gateway, dns: fields.dns)
    }

    /// Address, gateway and DNS servers, each checked on its own so that one bad value hides no other; the gateway
    /// is related to the address only when both parse.
    private static func staticFields(_ ctx: inout ValidationContext, _ base: ProfilePath) -> (
        address: IPv4Interface?, gateway: IPv4Address?, dns: [IPv4Address]
    ) {
        let address = interfaceAddress(&ctx, base.appending("address"))
        let gatewayIP = AddressRules.hostAddress(&ctx, base.appending("gateway"), what: "gateway")
        if let ip = gatewayIP, let address {
            if !address.network.contains(ip) {
                ctx.error(
                    "gateway \(ip) is outside the subnet \(address.network) of address \(address)",
                    at: base.appending("gateway"))
            } else if ip == address.address {
                ctx.error("gateway \(ip) is the node's own address", at: base.appending("gateway"))
            }
        }
        var dns: [IPv4Address] = []
        for index in 0..<ctx.count(base.appending("dns")) {
            let path = base.appending("dns").appending(index: index)
            if let ip = AddressRules.hostAddress(&ctx, path, what: "DNS server") {
                if dns.contains(ip) { ctx.error("DNS server \(ip) is listed twice", at: path) }
                dns.append(ip)
            }
        }
        return (address, gatewayIP, dns)
    }

    /// One diagnostic for static fields under DHCP, whose one cause is the method: at `method: dhcp` when written,
    /// else at the `ipv4` key, suggesting `method: static`.
    private static func dhcpWithStaticFields(_ ctx: inout ValidationContext, _ base: ProfilePath, _ fields: [String]) {
        let listed = fields.count == 1 ? fields[0] : fields.dropLast().joined(separator: ", ") + " and " + fields.last!
        let verb = fields.count == 1 ? "is" : "are"
        if ctx.isSet(base.appending("method")) {
            ctx.error(
                "\(listed) \(verb) only used with method: static; with DHCP the lease provides them: write method: static, or remove \(listed)",
                at: base.appending("method"))
        } else {
            ctx.errorAtKey(
                "\(listed) \(verb) set but method is not, and the default method is dhcp; add method: static under ipv4 to use \(fields.count == 1 ? "it" : "them"), or remove \(listed) for DHCP, where the lease provides them",
                at: base, naming: base.appending("method"))
        }
    }

    /// An address with prefix for a static interface: a unicast host inside its subnet.
    static func interfaceAddress(_ ctx: inout ValidationContext, _ path: ProfilePath) -> IPv4Interface? {
        guard let text = ctx.text(path) else { return nil }
        switch CIDRText.parse(text) {
        case .failure(.noPrefix):
            ctx.error("address needs a prefix length, such as \(text.debugEscaped)/24", at: path)
        case .failure(let error):
            ctx.error(error.description, at: path)
        case .success(let (ip, prefix)):
            let interface = IPv4Interface(address: ip, prefix: prefix)
            if let reason = ip.nonUnicastReason {
                ctx.error("address must be a unicast host address: \(reason)", at: path)
            } else if prefix < 31 && ip == interface.network.address {
                ctx.error("\(ip) is the network address of \(interface.network), not a host address", at: path)
            } else if prefix < 31 && ip == interface.network.last {
                ctx.error("\(ip) is the broadcast address of \(interface.network), not a host address", at: path)
            } else {
                return interface
            }
        }
        return nil
    }
}
