import NodeProfileManifest

/// Rules that relate fields in different sections: address ranges that must not overlap, MTUs, the node IP.
enum CrossRules {
    /// Every cross rule; `parsed` says which networks are the user's (or the schema default's) rather than stand-ins.
    /// `release` gives the address tables every release shares; `bridgeOwner` is the target release's, nil when the
    /// target was refused, and then the rule that depends on it does not run.
    static func check(
        _ ctx: inout ValidationContext, _ profile: Profile, _ release: MicroShiftRelease, _ parsed: NetworkRules.Parsed,
        bridgeOwner: MicroShiftRelease.BridgeOwner?
    ) {
        checkOverlaps(&ctx, profile, release, parsed)
        if parsed.gatewayMode == .declarative { checkMTU(&ctx, profile.network) }
        checkNodeIP(&ctx, profile, release, parsed, bridgeOwner: bridgeOwner)
    }

    private struct Range {
        var name: String
        var network: IPv4Network
        var path: ProfilePath?
    }

    private static func checkOverlaps(
        _ ctx: inout ValidationContext, _ profile: Profile, _ release: MicroShiftRelease, _ parsed: NetworkRules.Parsed
    ) {
        var ranges: [Range] = []
        // Only networks that parsed take part; a broken one was reported already.
        if let cluster = parsed.clusterNetwork {
            ranges.append(Range(name: "clusterNetwork \(cluster)", network: cluster, path: "network.clusterNetwork[0]"))
        }
        let serviceParses = parsed.serviceNetwork != nil
        if let service = parsed.serviceNetwork {
            ranges.append(Range(name: "serviceNetwork \(service)", network: service, path: "network.serviceNetwork[0]"))
        }
        ranges.append(Range(name: "the OVN join subnet \(release.joinSubnet)", network: release.joinSubnet, path: nil))
        // The API address follows serviceNetwork (the default's when the profile sets none); a serviceNetwork
        // without a next address was refused already.
        let serviceSet = ctx.isSet("network.serviceNetwork")
        if serviceParses || !serviceSet,
            let api = release.apiServiceAddress(parsed.serviceNetwork ?? release.serviceNetwork)
        {
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
        guard let pod = network.mtu, let nic = network.gateway.mtu else { return }
        if !PodMTU.fits(pod, nic: nic) {
            ctx.error(
                "pod MTU \(pod) exceeds the gateway MTU \(nic); MicroShift refuses to start when mtu is larger than br-ex's",
                at: "network.mtu")
        }
    }

    private static func checkNodeIP(
        _ ctx: inout ValidationContext, _ profile: Profile, _ release: MicroShiftRelease, _ parsed: NetworkRules.Parsed,
        bridgeOwner: MicroShiftRelease.BridgeOwner?
    ) {
        guard let nodeIP = profile.node.nodeIP else { return }
        let staticAddress = profile.network.gateway.staticIPv4?.address
        // The static address's subnet was checked against every range already: its address again is the same cause.
        if nodeIP != staticAddress?.address { checkNodeIPRanges(&ctx, nodeIP, parsed, release) }
        // From 4.14 the address is the NIC's, and a node IP other than it is an error (`BridgeOwnerRules`).
        if let bridgeOwner, bridgeOwner != .microshift, let address = staticAddress, address.address != nodeIP {
            ctx.warning(
                "nodeIP \(nodeIP) differs from br-ex's static address \(address.address); MicroShift will advertise an address br-ex does not hold",
                at: "node.nodeIP")
        }
    }

    /// nodeIP outside clusterNetwork, serviceNetwork, the join subnet and the API service address.
    private static func checkNodeIPRanges(
        _ ctx: inout ValidationContext, _ nodeIP: IPv4Address, _ parsed: NetworkRules.Parsed,
        _ release: MicroShiftRelease
    ) {
        // Only networks the user's text gave (or left to the default) take part: a broken one was reported already.
        var ranges: [(name: String, network: IPv4Network)] = []
        if let cluster = parsed.clusterNetwork { ranges.append(("clusterNetwork \(cluster)", cluster)) }
        if let service = parsed.serviceNetwork { ranges.append(("serviceNetwork \(service)", service)) }
        ranges.append(("the OVN join subnet \(release.joinSubnet)", release.joinSubnet))
        for (name, range) in ranges where range.contains(nodeIP) {
            ctx.error(
                "nodeIP \(nodeIP) lies inside \(name); the node IP must be a host address outside the cluster, service and join (\(release.joinSubnet)) networks and not the API service address",
                at: "node.nodeIP")
        }
        if let service = parsed.serviceNetwork, nodeIP == release.apiServiceAddress(service) {
            ctx.error(
                "nodeIP \(nodeIP) is the API service address, the address right after serviceNetwork \(service), which MicroShift puts on lo; use the address of the node's own NIC",
                at: "node.nodeIP")
        }
    }
}
