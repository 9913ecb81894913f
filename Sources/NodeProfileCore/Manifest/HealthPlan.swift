import NodeProfileManifest

/// What the greenboot check (`nodeprofile-agent verify --health`) expects of a node running the profile: br-ex up
/// where the bundle or the person building the image makes it, the node's addresses, and every NodePort block loaded.
enum HealthPlan {
    /// The bridge MicroShift's OVN-Kubernetes uses as its gateway.
    static let bridge = SharedNames.bridge

    static func spec(_ profile: Profile, _ release: MicroShiftRelease) -> HealthSpec {
        let gateway = profile.network.gateway
        // From 4.14 MicroShift builds br-ex (with no uplink) in microshift-ovs-init.service, after the greenboot check
        // may run, and MicroShift's own check covers it; the addressing is on the NIC.
        let ownsBridge = release.bridgeOwner == .microshift
        // In microshift mode configure-ovs builds br-ex later in the boot, and MicroShift's own check waits for it.
        let bridge: String? = gateway.mode == .microshift || ownsBridge ? nil : Self.bridge
        // Where the static address or the lease is: br-ex, or from 4.14 the NIC (any interface when the NIC is a fact).
        let holder: String? = ownsBridge ? gateway.interface : Self.bridge
        var addresses: [AddressCheck] = []
        if gateway.mode == .declarative, let address = gateway.staticIPv4?.address.address {
            addresses.append(AddressCheck(address: address.description, interface: holder))
        }
        if let nodeIP = profile.node.nodeIP?.description, !addresses.contains(where: { $0.address == nodeIP }) {
            addresses.append(AddressCheck(address: nodeIP, interface: nil))
        }
        // With DHCP and no node IP, MicroShift takes the holder's address: it must have one.
        if gateway.mode == .declarative || bridge != nil, addresses.isEmpty, let holder {
            addresses.append(AddressCheck(address: nil, interface: holder))
        }
        let blocks = profile.nodePortBlocks.enumerated().map {
            NodePortBlockCheck(comment: NFTablesRules.comment($0.offset), port: $0.element.port)
        }
        let targets = gateway.confirmTargets.map(\.description)
        return HealthSpec(
            bridge: bridge, addresses: addresses, nodePortBlocks: blocks,
            confirmTargets: targets.isEmpty ? nil : targets)
    }
}
