/// What one MicroShift release ships and how it reads the files nodeprofile writes: the shapes of its
/// configuration keys, its defaults and network limits, and the paths its packages own. Renderers and rules
/// take these facts from here, so supporting another release is a new value, not edits across the code.
/// The values themselves, each row citing the release branch it was read from, are in the
/// `MicroShiftRelease+…` files beside this one.
public struct MicroShiftRelease: Sendable, Hashable {
    /// How config.yaml's `network.clusterNetwork` is written.
    public enum ClusterNetworkShape: Sendable, Hashable {
        /// `- cidr: 10.42.0.0/16` (4.13: Go `[]ClusterNetworkEntry{CIDR string "cidr"}`).
        case cidrMappings
        /// `- 10.42.0.0/16` (4.14 and later: `[]string`).
        case strings
    }

    /// Who makes br-ex, the OVS gateway bridge.
    public enum BridgeOwner: String, Sendable, Hashable {
        /// The device's owner may: `ovsInit.disableOVSInit: true` makes configure-ovs.sh stand aside (4.13).
        case configurable
        /// MicroShift's own configure-ovs.sh rebuilds it at every boot, without an uplink (4.14 on).
        case microshift
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
    /// True when MicroShift merges `/etc/microshift/config.d/*.yaml` over config.yaml (RFC 7386, lexical order).
    public var readsConfigDropIns: Bool
    /// True when manifests come from `manifests.kustomizePaths`, whose default takes every directory under
    /// `/etc/microshift/manifests.d/`; false when only the fixed `/etc/microshift/manifests` is read.
    public var readsManifestDirectories: Bool
    /// The ovn.yaml keys the release reads (dotted paths); it ignores the rest without a word.
    public var ovnKeys: [String]
    /// Who makes br-ex.
    public var bridgeOwner: BridgeOwner
    /// Where MicroShift adds the API service address as a /32, as `explain` says it.
    public var apiAddressInterface: String
    /// True when a user-set `apiServer.advertiseAddress` must already be on one of the host's interfaces.
    public var advertiseAddressMustExist: Bool
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
    /// The vendor CRI-O drop-in that holds `[crio.runtime.workloads.management]`: ours must be read after it.
    public var crioWorkloadsDropIn: String
    /// nodeprofile's own files beside the vendor's, named to be read after them.
    public var ownPaths: OwnPaths
    /// Packages a profile RPM requires for this release's networking (microshift-networking's own Requires,
    /// rich dependencies included).
    public var networkingPackages: [String]
    /// Host ports MicroShift's own components hold, per protocol, and who holds them: a LoadBalancer may not take them.
    public var hostPorts: [TransportProtocol: [Int: String]]
    /// microshift-greenboot's scripts: the required check and the pre-rollback script, as installed.
    public var greenbootScripts: [String]
    /// The largest ovn.yaml `mtu` the release starts with, when it fixes one: nil when it checks the pod MTU against
    /// nothing fixed (4.13 checks it against br-ex's MTU, the NIC's; from 4.19 nothing checks it).
    public var podMTUCeiling: Int? = nil

    /// nodeprofile's files that override a vendor file of the same directory, and where its settings for
    /// MicroShift go.
    public struct OwnPaths: Sendable, Hashable {
        /// The file name of the CPU affinity drop-in in ovs-vswitchd.service.d and ovsdb-server.service.d.
        public var cpuAffinityDropIn: String
        /// The CRI-O drop-in with the management workload partition.
        public var crioDropIn: String
        /// The NetworkManager conf.d file that selects the keyfile plugin, or nil when none is written.
        public var networkManagerConf: String?
        /// The file MicroShift reads our configuration from: config.yaml itself, or our drop-in in config.d.
        public var config: String
        /// The folder of our LoadBalancer manifests and their kustomization.yaml.
        public var manifestsDirectory: String
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

    /// Who makes br-ex, in words for `explain`.
    public var bridgeOwnerDescription: String {
        switch bridgeOwner {
        case .configurable:
            "built by nodeprofile or by configure-ovs.sh, as gateway.mode says (ovn.yaml disableOVSInit)"
        case .microshift: "MicroShift's: configure-ovs.sh rebuilds it at every boot, without an uplink"
        }
    }

    /// This release with `change` applied: a later release is written as what differs from an earlier one.
    func changing(_ change: (inout MicroShiftRelease) -> Void) -> MicroShiftRelease {
        var release = self
        change(&release)
        return release
    }

    /// Every release this build knows, oldest first.
    public static let all: [MicroShiftRelease] = [
        .v4_13, .v4_14, .v4_15, .v4_16, .v4_17, .v4_18, .v4_19, .v4_20, .v4_21, .v4_22, .v5_0,
    ]

    /// The releases this build knows, by `target.microshift`.
    public static let known: [String: MicroShiftRelease] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.version, $0) })

    /// The known versions, oldest first, for messages.
    public static var versions: [String] { all.map(\.version) }

    /// The release a profile gets when it names none (the v1 default).
    public static let defaultRelease = MicroShiftRelease.v4_13

    /// The release a profile targets (4.13 when the text names none this build knows; validation refused it).
    public static func named(_ version: String) -> MicroShiftRelease { known[version] ?? defaultRelease }
}
