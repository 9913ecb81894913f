extension NetworkRules {
    /// `network.gateway.confirmTargets`: IPv4 host addresses the device must reach, besides its gateway, after a live
    /// change of the uplink's connection (the agent's confirm window), each once and not the node's own address.
    /// Declarative mode only: in the other modes the bundle writes no uplink connection, so no change is confirmed.
    static func confirmTargets(_ ctx: inout ValidationContext, _ mode: GatewayMode?, _ gateway: inout Profile.Gateway) {
        let base: ProfilePath = "network.gateway.confirmTargets"
        guard ctx.isSet(base) else { return }
        var targets: [IPv4Address] = []
        for index in 0..<ctx.count(base) {
            let path = base.appending(index: index)
            guard let ip = AddressRules.hostAddress(&ctx, path, what: "confirm target") else { continue }
            if targets.contains(ip) {
                ctx.error("confirm target \(ip) is listed twice", at: path)
            } else if ip == gateway.staticIPv4?.address.address {
                ctx.error(
                    "confirm target \(ip) is the node's own address: it always answers, so it confirms nothing",
                    at: path)
            } else if ip == gateway.staticIPv4?.gateway {
                ctx.warning("confirm target \(ip) is the gateway, which is always checked: leave it out", at: path)
            }
            targets.append(ip)
        }
        switch mode {
        case .declarative:
            gateway.confirmTargets = targets
        case .microshift, .manual:
            let owner =
                mode == .microshift ? "MicroShift's configure-ovs builds the uplink" : "you build br-ex yourself"
            ctx.errorAtKey(
                "gateway.confirmTargets applies to declarative mode only; in \(mode!.rawValue) mode \(owner), so the agent changes no uplink connection to confirm",
                at: base)
        case nil:
            break
        }
    }
}
