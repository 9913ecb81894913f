/// A node profile after parsing and validation: every value typed, every default filled in.
public struct Profile: Sendable, Hashable {
    public var metadata: Metadata
    /// MicroShift release the profile targets ("4.13").
    public var microshift: String
    public var node: NodeIdentity
    public var network: Network
    public var ovs: OVS
    /// CPU set of CRI-O's management workload class.
    public var crioManagementCPUSet: CPUList
    /// Absent when the profile has no proxy section.
    public var proxy: Proxy?
    public var nodePortBlocks: [NodePortBlock]
    public var loadBalancers: [LoadBalancer]

    /// Names the profile and its package.
    public struct Metadata: Sendable, Hashable {
        public var name: String
        public var version: String
        public var release: String
        public var description: String?
    }

    /// MicroShift node identity; nil values are left to MicroShift or resolved on the device.
    public struct NodeIdentity: Sendable, Hashable {
        public var hostname: String?
        public var nodeIP: IPv4Address?
    }

    /// Cluster networking.
    public struct Network: Sendable, Hashable {
        public var clusterNetwork: IPv4Network
        public var serviceNetwork: IPv4Network
        public var serviceNodePortRange: PortRange
        /// Pod MTU; nil is auto (br-ex's MTU).
        public var mtu: Int?
        public var ipForward: Bool
        public var gateway: Gateway
    }

    /// Who builds br-ex, and how it is addressed.
    public struct Gateway: Sendable, Hashable {
        public var mode: GatewayMode
        /// The NIC; nil is auto (the default-route NIC, a fact resolved on the device).
        public var interface: String?
        /// NIC and br-ex MTU; nil is auto (copied from the NIC on the device).
        public var mtu: Int?
        /// nil means DHCP.
        public var staticIPv4: StaticIPv4?
    }

    /// Static IPv4 addressing of br-ex.
    public struct StaticIPv4: Sendable, Hashable {
        public var address: IPv4Interface
        public var gateway: IPv4Address?
        public var dns: [IPv4Address]
    }

    /// Open vSwitch tuning.
    public struct OVS: Sendable, Hashable {
        public var cpuAffinity: CPUList
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
        public var port: Int
        public var target: Target
        public var protocols: [TransportProtocol]

        /// Where the block applies.
        public enum Target: Sendable, Hashable {
            case address(IPv4Address)
            case interface(String)
        }
    }

    /// A LoadBalancer Service for MicroShift's manifests directory.
    public struct LoadBalancer: Sendable, Hashable {
        public var name: String
        public var namespace: String
        public var port: Int
        public var targetPort: Int
        public var transport: TransportProtocol
        /// Label selector in source order.
        public var selector: [SelectorLabel]
    }

    /// One `key: value` of a selector.
    public struct SelectorLabel: Sendable, Hashable {
        public var key: String
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
}
