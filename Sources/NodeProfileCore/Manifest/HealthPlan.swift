import NodeProfileManifest

/// What the greenboot check (`nodeprofile-agent verify --health`) expects of a node running the profile: br-ex up
/// where the bundle or the person building the image makes it, the node's addresses, and every NodePort block loaded.
enum HealthPlan {
    /// The bridge MicroShift's OVN-Kubernetes uses as its gateway.
    static let bridge = "br-ex"

    static func spec(_ profile: Profile) -> HealthSpec {
        let gateway = profile.network.gateway
        // In microshift mode configure-ovs builds br-ex later in the boot, and MicroShift's own check waits for it.
        let bridge: String? = gateway.mode == .microshift ? nil : Self.bridge
        var addresses: [AddressCheck] = []
        if gateway.mode == .declarative, let address = gateway.staticIPv4?.address.address {
            addresses.append(AddressCheck(address: address.description, interface: Self.bridge))
        }
        if let nodeIP = profile.node.nodeIP?.description, !addresses.contains(where: { $0.address == nodeIP }) {
            addresses.append(AddressCheck(address: nodeIP, interface: nil))
        }
        // With DHCP and no node IP, MicroShift takes br-ex's address: it must have one.
        if let bridge, addresses.isEmpty { addresses.append(AddressCheck(address: nil, interface: bridge)) }
        let blocks = profile.nodePortBlocks.enumerated().map {
            NodePortBlockCheck(comment: NFTablesRules.comment($0.offset), port: $0.element.port)
        }
        return HealthSpec(bridge: bridge, addresses: addresses, nodePortBlocks: blocks)
    }
}
