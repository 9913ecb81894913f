/// What the node's network looks like when a bundle is healthy: `nodeprofile-agent verify --health`, the greenboot
/// required check, tests it on the running system. The compiler writes it from the profile; manifests written before
/// it existed have none, and the check then tests files and results only.
public struct HealthSpec: Codable, Sendable, Equatable {
    /// The bridge that must exist with its link up: `br-ex` in declarative mode (the bundle's keyfiles build it) and in
    /// manual mode (built by hand before MicroShift); nil in microshift mode, where MicroShift's own OVS setup builds it
    /// later in the boot and MicroShift's greenboot check covers it.
    public var bridge: String?
    /// Addresses that must be on the node, in order.
    public var addresses: [AddressCheck]
    /// NodePort blocks whose drop rule must be loaded in the table `inet nodeprofile`, in profile order.
    public var nodePortBlocks: [NodePortBlockCheck]

    /// IPv4 addresses (`network.gateway.confirmTargets`) that must answer ping, besides the gateway, after a live
    /// change of the uplink's connection, or NetworkManager's checkpoint is rolled back; nil or empty: the gateway
    /// only. Not part of the boot's health check: the targets may be far away and slow to come up.
    public var confirmTargets: [String]?

    /// A spec as the compiler writes it from the profile.
    public init(
        bridge: String?, addresses: [AddressCheck], nodePortBlocks: [NodePortBlockCheck],
        confirmTargets: [String]? = nil
    ) {
        self.bridge = bridge
        self.addresses = addresses
        self.nodePortBlocks = nodePortBlocks
        self.confirmTargets = confirmTargets
    }

    /// The most confirm targets a profile names: each is pinged every second of the window.
    public static let confirmTargetLimit = 8

    /// The nftables table that holds the NodePort blocks (family and name, as `nft list table` takes them).
    public static let nftTable = SharedNames.nftTable
}

/// An IPv4 address the node must hold: `address` on `interface`, `address` on any interface (interface nil), or some
/// global IPv4 address on `interface` (address nil, when the profile leaves the address to DHCP).
public struct AddressCheck: Codable, Sendable, Equatable {
    /// A dotted-quad IPv4 address without a prefix length; nil for any global address on `interface`.
    public var address: String?
    /// The interface that must hold it; nil for any interface.
    public var interface: String?

    /// A check of `address` on `interface`; at least one of them is set (`ManifestCheck`).
    public init(address: String?, interface: String?) {
        self.address = address
        self.interface = interface
    }

    /// Words for messages: `192.168.1.5 on br-ex`, `192.168.1.5`, `an IPv4 address on br-ex`.
    public var summary: String {
        switch (address, interface) {
        case (let address?, let interface?): "\(address) on \(interface)"
        case (let address?, nil): address
        case (nil, let interface?): "an IPv4 address on \(interface)"
        case (nil, nil): "an IPv4 address"
        }
    }
}

/// One NodePort block: the rule the table must hold, found by its comment, and the port it drops.
public struct NodePortBlockCheck: Codable, Sendable, Equatable {
    /// The rule's comment in the nft file, such as `firewall.blockNodePorts[0]`.
    public var comment: String
    /// The destination port the rule drops, 1 to 65535.
    public var port: Int

    /// A check of the rule with `comment` that drops `port`.
    public init(comment: String, port: Int) {
        self.comment = comment
        self.port = port
    }
}
