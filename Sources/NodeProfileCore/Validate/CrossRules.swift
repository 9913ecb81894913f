/// Rules that relate fields in different sections: address ranges that must not overlap, MTUs, the node IP.
enum CrossRules {
    static func check(_ ctx: inout ValidationContext, _ profile: Profile, _ release: MicroShiftRelease) {
        checkOverlaps(&ctx, profile, release)
        checkMTU(&ctx, profile.network)
        checkNodeIP(&ctx, profile, release)
    }

    private struct Range {
        var name: String
        var network: IPv4Network
        var path: ProfilePath?
    }

    private static func checkOverlaps(_ ctx: inout ValidationContext, _ profile: Profile, _ release: MicroShiftRelease)
    {
        var ranges: [Range] = []
        // Only networks that parsed take part; a broken one was reported already.
        if !ctx.isInvalid("network.clusterNetwork") && NetworkRules.cidrParses(ctx, "network.clusterNetwork[0]") {
            ranges.append(
                Range(
                    name: "clusterNetwork \(profile.network.clusterNetwork)", network: profile.network.clusterNetwork,
                    path: "network.clusterNetwork[0]"))
        }
        let serviceParses =
            !ctx.isInvalid("network.serviceNetwork") && NetworkRules.cidrParses(ctx, "network.serviceNetwork[0]")
        if serviceParses {
            ranges.append(
                Range(
                    name: "serviceNetwork \(profile.network.serviceNetwork)", network: profile.network.serviceNetwork,
                    path: "network.serviceNetwork[0]"))
        }
        ranges.append(Range(name: "the OVN join subnet \(release.joinSubnet)", network: release.joinSubnet, path: nil))
        // The API address follows serviceNetwork (the default's when the profile sets none); a serviceNetwork
        // without a next address was refused already.
        let serviceSet = ctx.isSet("network.serviceNetwork")
        if serviceParses || !serviceSet, let api = release.apiServiceAddress(profile.network.serviceNetwork) {
            ranges.append(
                Range(
                    name: "the API service address \(api) (the address after serviceNetwork)",
                    network: IPv4Network(address: api, prefix: 32), path: serviceSet ? "network.serviceNetwork[0]" : nil
                ))
        }
        if let address = profile.network.gateway.staticIPv4?.address {
            ranges.append(
                Range(
                    name: "the node's subnet \(address.network)", network: address.network,
                    path: "network.gateway.ipv4.address"))
        }
        for (i, first) in ranges.enumerated() {
            for second in ranges[(i + 1)...] where first.network.overlaps(second.network) {
                // Report at the user's field that comes later, naming the other range.
                guard let path = second.path ?? first.path else { continue }
                let other = second.path == nil ? second.name : first.name
                let this = second.path == nil ? first.name : second.name
                ctx.error(
                    "\(this) overlaps \(other); cluster, service, join (\(release.joinSubnet)), API service address and node networks must be disjoint",
                    at: path)
            }
        }
    }

    private static func checkMTU(_ ctx: inout ValidationContext, _ network: Profile.Network) {
        guard let pod = network.mtu, let nic = network.gateway.mtu, network.gateway.mode == .declarative else { return }
        if pod > nic {
            ctx.error(
                "pod MTU \(pod) exceeds the gateway MTU \(nic); MicroShift refuses to start when mtu is larger than br-ex's",
                at: "network.mtu")
        }
    }

    private static func checkNodeIP(_ ctx: inout ValidationContext, _ profile: Profile, _ release: MicroShiftRelease) {
        guard let nodeIP = profile.node.nodeIP else { return }
        for (name, network) in [
            ("clusterNetwork", profile.network.clusterNetwork), ("serviceNetwork", profile.network.serviceNetwork),
        ]
        where network.contains(nodeIP) {
            ctx.error(
                "nodeIP \(nodeIP) lies inside \(name) \(network); the node IP must be a host address outside cluster networks",
                at: "node.nodeIP")
        }
        // From 4.14 the address is the NIC's, and a node IP other than it is an error (`BridgeOwnerRules`).
        if release.bridgeOwner != .microshift, let address = profile.network.gateway.staticIPv4?.address,
            address.address != nodeIP
        {
            ctx.warning(
                "nodeIP \(nodeIP) differs from br-ex's static address \(address.address); MicroShift will advertise an address br-ex does not hold",
                at: "node.nodeIP")
        }
    }
}

extension NetworkRules {
    /// True when the CIDR text at `path` parses as a network (so the typed value is the user's, not a default).
    static func cidrParses(_ ctx: ValidationContext, _ path: ProfilePath) -> Bool {
        guard let text = ctx.text(path) else { return false }
        if case .success = CIDRText.network(text) { return true }
        return false
    }
}
