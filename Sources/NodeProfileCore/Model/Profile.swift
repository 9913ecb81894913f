/// A node profile after parsing and validation: every value typed, every default filled in.
public struct Profile: Sendable, Hashable {
    /// Name, version, release and description of the profile and its package.
    public var metadata: Metadata
    /// The MicroShift release the profile targets, with everything this build knows about it.
    public var release: MicroShiftRelease
    /// The release's version as `target.microshift` names it ("4.13").
    public var microshift: String { release.version }
    /// Node name and IP for MicroShift.
    public var node: NodeIdentity
    /// Cluster networks, pod MTU, forwarding and the br-ex gateway.
    public var network: Network
    /// Open vSwitch tuning.
    public var ovs: OVS
    /// CPU set of CRI-O's management workload class.
    public var crioManagementCPUSet: CPUList
    /// Absent when the profile has no proxy section.
    public var proxy: Proxy?
    /// NodePorts dropped on one address or interface (`firewall.blockNodePorts`).
    public var nodePortBlocks: [NodePortBlock]
    /// LoadBalancer Services for MicroShift's manifests directory.
    public var loadBalancers: [LoadBalancer]

    /// Names the profile and its package.
    public struct Metadata: Sendable, Hashable {
        /// DNS label; the package is nodeprofile-NAME.
        public var name: String
        /// RPM Version.
        public var version: String
        /// RPM Release.
        public var release: String
        /// Free text for the package description.
        public var description: String?
    }

    /// MicroShift node identity; nil values are left to MicroShift or resolved on the device.
    public struct NodeIdentity: Sendable, Hashable {
        /// config.yaml `node.hostnameOverride`; nil leaves MicroShift's default.
        public var hostname: String?
        /// config.yaml `node.nodeIP`; nil leaves it to MicroShift.
        public var nodeIP: IPv4Address?
    }

    /// Cluster networking.
    public struct Network: Sendable, Hashable {
        /// The pod network.
        public var clusterNetwork: IPv4Network
        /// The service network; MicroShift derives the API service address and cluster DNS from it.
        public var serviceNetwork: IPv4Network
        /// The NodePort range.
        public var serviceNodePortRange: PortRange
        /// Pod MTU; nil is auto (br-ex's MTU).
        public var mtu: Int?
        /// Persist net.ipv4.ip_forward=1.
        public var ipForward: Bool
        /// The br-ex gateway bridge.
        public var gateway: Gateway
    }

    /// Who builds br-ex, and how it is addressed.
    public struct Gateway: Sendable, Hashable {
        /// Who builds br-ex.
        public var mode: GatewayMode
        /// The NIC; nil is auto (the default-route NIC, a fact resolved on the device) or, with `macAddress`, the NIC
        /// with that MAC (its name a fact resolved on the device).
        public var interface: String?
        /// The NIC's MAC address, lowercase (`network.gateway.macAddress`); nil when the NIC is named or auto.
        public var macAddress: String? = nil
        /// NIC and br-ex MTU; nil is auto (copied from the NIC on the device).
        public var mtu: Int?
        /// nil means DHCP.
        public var staticIPv4: StaticIPv4?
        /// Addresses the device must reach, besides its gateway, after a live change of the uplink's connection
        /// (`network.gateway.confirmTargets`), in order; empty: the gateway only.
        public var confirmTargets: [IPv4Address] = []
    }

    /// Static IPv4 addressing of br-ex.
    public struct StaticIPv4: Sendable, Hashable {
        /// br-ex's address with its prefix.
        public var address: IPv4Interface
        /// The default gateway; nil leaves the node without a default route.
        public var gateway: IPv4Address?
        /// Name servers, in order.
        public var dns: [IPv4Address]
    }

    /// Open vSwitch tuning.
    public struct OVS: Sendable, Hashable {
        /// CPUs ovs-vswitchd and ovsdb-server run on.
        public var cpuAffinity: CPUList
        /// False runs OVS with --no-mlockall.
        public var memoryLock: Bool
        /// nil is auto.
        public var handlerThreads: Int?
        /// nil is auto.
        public var revalidatorThreads: Int?
    }

    /// Proxy settings; the password is read once, at validation, and held as a `Secret` from then on.
    public struct Proxy: Sendable, Hashable {
        /// The proxy for http:// traffic.
        public var http: ProxyURL?
        /// The proxy for https:// traffic.
        public var https: ProxyURL?
        /// Exactly as the user listed them; the generated list adds the mandatory entries.
        public var noProxy: [String]
        /// The user the proxy authenticates.
        public var username: String?
        /// Path as written in the profile, relative to it.
        public var passwordFile: String?
        /// The password read from `passwordFile`; nil without one. Prints as `<redacted>`.
        public var password: Secret?
        /// The services that get the proxy environment.
        public var services: [ProxyService]
    }

    /// A NodePort dropped on one address or interface.
    public struct NodePortBlock: Sendable, Hashable {
        /// The NodePort to drop.
        public var port: Int
        /// The address or interface the block applies to.
        public var target: Target
        /// TCP, UDP or both.
        public var protocols: [TransportProtocol]

        /// Where the block applies.
        public enum Target: Sendable, Hashable {
            /// Traffic to this host address.
            case address(IPv4Address)
            /// Traffic arriving on this interface.
            case interface(String)
        }
    }

    /// A LoadBalancer Service for MicroShift's manifests directory.
    public struct LoadBalancer: Sendable, Hashable {
        /// The Service's name.
        public var name: String
        /// The Service's namespace.
        public var namespace: String
        /// The host port on the node IP.
        public var port: Int
        /// The pods' port.
        public var targetPort: Int
        /// TCP or UDP.
        public var transport: TransportProtocol
        /// Label selector in source order.
        public var selector: [SelectorLabel]
    }

    /// One `key: value` of a selector.
    public struct SelectorLabel: Sendable, Hashable {
        /// The label's key.
        public var key: String
        /// The label's value.
        public var value: String
    }
}

/// The three ways br-ex comes to exist (PROFILE.md, Gateway modes).
public enum GatewayMode: String, Sendable, Hashable, CaseIterable {
    case declarative, microshift, manual
}

/// Services that can get proxy drop-ins.
public enum ProxyService: String, Sendable, Hashable, CaseIterable {
    case crio
    case rpmOstreed = "rpm-ostreed"
}

/// TCP or UDP.
public enum TransportProtocol: String, Sendable, Hashable, CaseIterable {
    case tcp, udp

    /// The name a Kubernetes Service spells it with (`TCP`), as `loadBalancers[].protocol` does.
    public var serviceName: String { rawValue.uppercased() }
}

/// How the gateway NIC gets its IPv4 address (`network.gateway.ipv4.method`).
public enum IPv4Method: String, Sendable, Hashable, CaseIterable {
    case dhcp
    case staticAddress = "static"
}

/// What a NodePort block drops (`firewall.blockNodePorts[].protocol`).
public enum BlockedProtocols: String, Sendable, Hashable, CaseIterable {
    case tcp, udp, both

    /// The transport protocols dropped, in nftables order.
    public var transports: [TransportProtocol] {
        switch self {
        case .tcp: [.tcp]
        case .udp: [.udp]
        case .both: [.tcp, .udp]
        }
    }
}
