/// Rules that relate fields in different sections: address ranges that must not overlap, MTUs, the node IP.
enum CrossRules {
    /// OVN-Kubernetes' join switch subnet in MicroShift 4.13.
    static let joinSubnet = IPv4Network(address: IPv4Address(0x6440_0000), prefix: 16)
    /// The address MicroShift's API service uses.
    static let apiService = IPv4Network(address: IPv4Address(0x0A2C_0000), prefix: 32)

    static func check(_ ctx: inout ValidationContext, _ profile: Profile) {
        checkOverlaps(&ctx, profile)
        checkMTU(&ctx, profile.network)
        checkNodeIP(&ctx, profile)
    }

    private struct Range {
        var name: String
        var network: IPv4Network
        var path: ProfilePath?
    }

    private static func checkOverlaps(_ ctx: inout ValidationContext, _ profile: Profile) {
        var ranges: [Range] = []
        // Only networks that parsed take part; a broken one was reported already.
        if !ctx.isInvalid("network.clusterNetwork") && NetworkRules.cidrParses(ctx, "network.clusterNetwork[0]") {
            ranges.append(Range(name: "clusterNetwork \(profile.network.clusterNetwork)", network: profile.network.clusterNetwork,
                                path: "network.clusterNetwork[0]"))
        }
        if !ctx.isInvalid("network.serviceNetwork") && NetworkRules.cidrParses(ctx, "network.serviceNetwork[0]") {
            ranges.append(Range(name: "serviceNetwork \(profile.network.serviceNetwork)", network: profile.network.serviceNetwork,
                                path: "network.serviceNetwork[0]"))
        }
        ranges.append(Range(name: "the OVN join subnet \(joinSubnet)", network: joinSubnet, path: nil))
        ranges.append(Range(name: "the API service address \(apiService.address)", network: apiService, path: nil))
        if let address = profile.network.gateway.staticIPv4?.address {
            ranges.append(Range(name: "the node's subnet \(address.network)", network: address.network,
                                path: "network.gateway.ipv4.address"))
        }
        for (i, first) in ranges.enumerated() {
            for second in ranges[(i + 1)...] where first.network.overlaps(second.network) {
                // Report at the user's field that comes later, naming the other range.
                guard let path = second.path ?? first.path else { continue }
                let other = second.path == nil ? second.name : first.name
                let this = second.path == nil ? first.name : second.name
                ctx.error("\(this) overlaps \(other); cluster, service, join (100.64.0.0/16), API (10.44.0.0) and node networks must be disjoint",
                          at: path)
            }
        }
    }

    private static func checkMTU(_ ctx: inout ValidationContext, _ network: Profile.Network) {
        guard let pod = network.mtu, let nic = network.gateway.mtu, network.gateway.mode == .declarative else { return }
        if pod > nic {
            ctx.error("pod MTU \(pod) exceeds the gateway MTU \(nic); MicroShift refuses to start when mtu is larger than br-ex's",
                      at: "network.mtu")
        }
    }

    private static func checkNodeIP(_ ctx: inout ValidationContext, _ profile: Profile) {
        guard let nodeIP = profile.node.nodeIP else { return }
        for (name, network) in [("clusterNetwork", profile.network.clusterNetwork), ("serviceNetwork", profile.network.serviceNetwork)]
        where network.contains(nodeIP) {
            ctx.error("nodeIP \(nodeIP) lies inside \(name) \(network); the node IP must be a host address outside cluster networks",
                      at: "node.nodeIP")
        }
        if let address = profile.network.gateway.staticIPv4?.address, address.address != nodeIP {
            ctx.warning("nodeIP \(nodeIP) differs from br-ex's static address \(address.address); MicroShift will advertise an address br-ex does not hold",
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
