/// Rules for `network.gateway.ipv4`: the method, and the static address, gateway and DNS servers.
extension NetworkRules {
    /// The ipv4 section as it parsed; nil when refused (reported here, or by the shape check).
    static func addressing(_ ctx: inout ValidationContext) -> Addressing? {
        let base: ProfilePath = "network.gateway.ipv4"
        let methodPath = base.appending("method")
        let written = ["address", "gateway", "dns"].filter { ctx.isSet(base.appending($0)) }
        if ctx.isInvalid(methodPath) {
            // The method was reported; the fields' own syntax is still checked, as for static, their only use.
            _ = staticFields(&ctx, base)
            return nil
        }
        guard ctx.choice(methodPath, as: IPv4Method.self) == .staticAddress else {
            if !written.isEmpty {
                dhcpWithStaticFields(&ctx, base, written)
                return nil
            }
            return .dhcp
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
        return .staticIPv4(Profile.StaticIPv4(address: address, gateway: fields.gateway, dns: fields.dns))
    }

    /// Address, gateway and DNS servers, each checked on its own so that one bad value hides no other; the gateway
    /// is related to the address only when both parse.
    static func staticFields(_ ctx: inout ValidationContext, _ base: ProfilePath) -> (
        address: IPv4Interface?, gateway: IPv4Address?, dns: [IPv4Address]
    ) {
        let address = ctx.parse(base.appending("address"), AddressRules.interface)
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
}
