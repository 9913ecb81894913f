/// What one MicroShift release ships and how it reads the files nodeprofile writes: the shapes of its
/// configuration keys, its defaults and network limits, and the paths its packages own. Renderers and rules
/// take these facts from here, so supporting another release is a new value, not edits across the code.
public struct MicroShiftRelease: Sendable {
    /// How config.yaml's `network.clusterNetwork` is written.
    public enum ClusterNetworkShape: Sendable {
        /// `- cidr: 10.42.0.0/16` (4.13: Go `[]ClusterNetworkEntry{CIDR string "cidr"}`).
        case cidrMappings
        /// `- 10.42.0.0/16` (4.14 and later: `[]string`).
        case strings
    }

    /// The release, as written in `target.microshift`.
    public var version: String
    /// config.yaml's defaults: values equal to these are left out of the file.
    public var clusterNetwork: IPv4Network
    /// The default service network.
    public var serviceNetwork: IPv4Network
    /// The default NodePort range.
    public var serviceNodePortRange: PortRange
    /// The shape of `network.clusterNetwork` entries.
    public var clusterNetworkShape: ClusterNetworkShape
    /// OVN-Kubernetes' join switch subnet.
    public var joinSubnet: IPv4Network
    /// The widest serviceNetwork kube-apiserver accepts (a prefix length).
    public var widestServicePrefix: Int
    /// The narrowest clusterNetwork: ovn-kubernetes gives each node a subnet of `hostSubnetPrefix`.
    public var narrowestClusterPrefix: Int
    /// The per-node pod subnet ovn-kubernetes carves out of clusterNetwork.
    public var hostSubnetPrefix: Int
    /// Cluster DNS is this host number of serviceNetwork.
    public var clusterDNSHost: UInt32
    /// Paths the release's RPMs own as plain files: nodeprofile never writes them, since a package update
    /// rewrites them. Settings go in files of its own that sort after the vendor's.
    public var vendorOwnedPaths: [String]
    /// nodeprofile's own files beside the vendor's, named to be read after them.
    public var ownPaths: OwnPaths
    /// Packages a profile RPM requires for this release's networking (microshift-networking's own Requires).
    public var networkingPackages: [String]
    /// Host ports MicroShift's own components hold, per protocol, and who holds them: a LoadBalancer may not take them.
    public var hostPorts: [TransportProtocol: [Int: String]]

    /// nodeprofile's files that override a vendor file of the same directory.
    public struct OwnPaths: Sendable {
        /// The file name of the CPU affinity drop-in in ovs-vswitchd.service.d and ovsdb-server.service.d.
        public var cpuAffinityDropIn: String
        /// The CRI-O drop-in with the management workload partition.
        public var crioDropIn: String
        /// The NetworkManager conf.d file that selects the keyfile plugin.
        public var networkManagerConf: String
    }

    /// The address MicroShift gives its API service and adds to `lo`: the first address of the /32 right
    /// after serviceNetwork (go-cidr's `NextSubnet(serviceNetwork, 32)`), or nil when serviceNetwork ends
    /// at 255.255.255.255, where MicroShift refuses to start ("unable to compute next subnet").
    public func apiServiceAddress(_ serviceNetwork: IPv4Network) -> IPv4Address? {
        let last = serviceNetwork.last.value
        return last == .max ? nil : IPv4Address(last + 1)
    }

    /// Cluster DNS: the `clusterDNSHost`-th address of serviceNetwork, or nil when the network is too small.
    public func clusterDNS(_ serviceNetwork: IPv4Network) -> IPv4Address? {
        UInt64(clusterDNSHost) < serviceNetwork.size ? IPv4Address(serviceNetwork.address.value + clusterDNSHost) : nil
    }

    /// The releases this build knows, by `target.microshift`.
    public static let known: [String: MicroShiftRelease] = ["4.13": .v4_13]

    /// The release a profile targets (4.13 when the text names none this build knows; validation refused it).
    public static func named(_ version: String) -> MicroShiftRelease { known[version] ?? .v4_13 }
}

extension MicroShiftRelease {
    // swift-format-ignore: AlwaysUseLowerCamelCase
    /// Red Hat build of MicroShift 4.13 (openshift/microshift release-4.13: pkg/config, packaging/rpm).
    public static let v4_13 = MicroShiftRelease(
        version: "4.13",
        clusterNetwork: IPv4Network(address: IPv4Address(0x0A2A_0000), prefix: 16),
        serviceNetwork: IPv4Network(address: IPv4Address(0x0A2B_0000), prefix: 16),
        serviceNodePortRange: PortRange(lower: 30000, upper: 32767),
        clusterNetworkShape: .cidrMappings,
        joinSubnet: IPv4Network(address: IPv4Address(0x6440_0000), prefix: 16),
        widestServicePrefix: 12,
        narrowestClusterPrefix: 23,
        hostSubnetPrefix: 24,
        clusterDNSHost: 10,
        vendorOwnedPaths: [
            "/etc/crio/crio.conf.d/microshift-ovn.conf",
            "/etc/crio/crio.conf.d/microshift.conf",
            "/etc/NetworkManager/conf.d/microshift-nm.conf",
            "/etc/systemd/system/ovs-vswitchd.service.d/microshift-cpuaffinity.conf",
            "/etc/systemd/system/ovsdb-server.service.d/microshift-cpuaffinity.conf",
            "/etc/systemd/system/firewalld.service.d/firewalld-no-iptables.conf",
            "/etc/microshift/config.yaml.default",
            "/etc/microshift/ovn.yaml.default",
            "/etc/microshift/lvmd.yaml.default",
        ],
        ownPaths: OwnPaths(
            cpuAffinityDropIn: "nodeprofile-cpuaffinity.conf",
            crioDropIn: "nodeprofile-workloads.conf",
            networkManagerConf: "nodeprofile-nm.conf"),
        networkingPackages: ["openvswitch3.1", "NetworkManager", "NetworkManager-ovs"],
        hostPorts: [
            .tcp: [
                80: "the router (HTTP)", 443: "the router (HTTPS)", 6443: "the Kubernetes API server",
                10250: "the kubelet", 2379: "etcd", 2380: "etcd (peer)",
            ],
            .udp: [5353: "MicroShift's mDNS responder"],
        ])
}
