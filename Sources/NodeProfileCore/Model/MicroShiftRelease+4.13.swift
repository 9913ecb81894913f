// swift-format-ignore-file: AlwaysUseLowerCamelCase

// Each row cites the openshift/microshift release branch and the file it was read from. The spec's %files
// section (packaging/rpm/microshift.spec) is where vendor-owned paths come from.
extension MicroShiftRelease {
    /// Red Hat build of MicroShift 4.13 (openshift/microshift release-4.13 at f1584806), the v1 default target.
    public static let v4_13 = MicroShiftRelease(
        version: "4.13",
        // release-4.13:pkg/config/config.go (getDefaultConfig: ClusterCIDR, ServiceCIDR, ServiceNodePortRange)
        clusterNetwork: IPv4Network(address: IPv4Address(0x0A2A_0000), prefix: 16),
        serviceNetwork: IPv4Network(address: IPv4Address(0x0A2B_0000), prefix: 16),
        serviceNodePortRange: PortRange(lower: 30000, upper: 32767),
        // release-4.13:pkg/config/config.go (ClusterNetwork []ClusterNetworkEntry, `cidr` key)
        clusterNetworkShape: .cidrMappings,
        // release-4.13:pkg/config/files.go reads /etc/microshift/config.yaml only
        readsConfigDropIns: false,
        // release-4.13:pkg/config/config.go (defaultManifestDirEtc: the fixed /etc/microshift/manifests)
        readsManifestDirectories: false,
        // release-4.13:pkg/config/ovn/ovn.go (OVSInit.DisableOVSInit, OVSInit.GatewayInterface, MTU);
        // packaging/systemd/configure-ovs.sh reads the first two with awk
        ovnKeys: ["ovsInit.disableOVSInit", "ovsInit.gatewayInterface", "mtu"],
        // release-4.13:packaging/systemd/configure-ovs.sh stands aside on disableOVSInit: true
        bridgeOwner: .configurable,
        // release-4.13:pkg/node/netconfig.go (loopbackInterface)
        apiAddressInterface: "lo",
        // release-4.13:pkg/config/config.go takes a user-set advertiseAddress as it is
        advertiseAddressMustExist: false,
        // release-4.13:docs/network/host_networking.md (100.64.0.0/16, the OVN join switch)
        joinSubnet: IPv4Network(address: IPv4Address(0x6440_0000), prefix: 16),
        // release-4.13:vendor/k8s.io/kubernetes/cmd/kube-apiserver/app/options/validation.go ("is too large": 20
        // host bits at most)
        widestServicePrefix: 12,
        // release-4.13:assets/components/ovn/configmap.yaml (cluster-subnets without a host prefix: ovn-kubernetes
        // gives each node its default /24, so clusterNetwork needs room for more than one)
        narrowestClusterPrefix: 23,
        hostSubnetPrefix: 24,
        // release-4.13:pkg/config/config.go (getClusterDNS: cidr.Host(serviceNetwork, 10))
        clusterDNSHost: 10,
        // release-4.13:packaging/rpm/microshift.spec %files and %files networking
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
        // release-4.13:packaging/crio.conf.d/microshift-ovn.conf ([crio.runtime.workloads.management])
        crioWorkloadsDropIn: "microshift-ovn.conf",
        // Ours sort after the vendor's: "nodeprofile-" > "microshift-" byte for byte.
        ownPaths: OwnPaths(
            cpuAffinityDropIn: "nodeprofile-cpuaffinity.conf",
            crioDropIn: "nodeprofile-workloads.conf",
            networkManagerConf: "nodeprofile-nm.conf",
            config: "/etc/microshift/config.yaml",
            manifestsDirectory: "/etc/microshift/manifests"),
        // release-4.13:packaging/rpm/microshift.spec (%package networking: Requires)
        networkingPackages: ["openvswitch3.1", "NetworkManager", "NetworkManager-ovs"],
        // release-4.13:pkg/mdns/server/server.go (mDNSPort 5353); the router, API server, kubelet and etcd
        // listen on the host network at their upstream ports
        hostPorts: [
            .tcp: [
                80: "the router (HTTP)", 443: "the router (HTTPS)", 6443: "the Kubernetes API server",
                10250: "the kubelet", 2379: "etcd", 2380: "etcd (peer)",
            ],
            .udp: [5353: "MicroShift's mDNS responder"],
        ],
        // release-4.13:packaging/rpm/microshift.spec (%files greenboot)
        greenbootScripts: [
            "/etc/greenboot/check/required.d/40_microshift_running_check.sh",
            "/etc/greenboot/red.d/40_microshift_pre_rollback.sh",
        ])

    /// MicroShift 4.14 (release-4.14 at 5728b830): the first release that owns br-ex and reads config.yaml's
    /// clusterNetwork as strings.
    public static let v4_14 = v4_13.changing {
        $0.version = "4.14"
        // release-4.14:pkg/config/network.go (ClusterNetwork []string)
        $0.clusterNetworkShape = .strings
        // release-4.14:pkg/config/manifests.go (kustomizePaths default: /etc/microshift/manifests.d/*)
        $0.readsManifestDirectories = true
        // release-4.14:pkg/config/ovn/ovn.go (MTU only)
        $0.ovnKeys = ["mtu"]
        // release-4.14:packaging/systemd/configure-ovs.sh (deletes our br-ex keyfiles, add-br br-ex, no uplink)
        $0.bridgeOwner = .microshift
        // release-4.14:pkg/config/ovn/ovn.go validateConfig ("interface MTU (%d) is too small for specified overlay")
        // checks mtu against br-ex's MTU, and configure-ovs.sh builds br-ex with no port: OVS gives it 1500.
        $0.podMTUCeiling = 1500
        // release-4.14:pkg/node/netconfig.go (LinkByName(ovn.OVNGatewayInterface), then loopbackInterface)
        $0.apiAddressInterface = "br-ex, or lo without br-ex"
        // release-4.14:packaging/rpm/microshift.spec %files: microshift-nm.conf is gone
        $0.vendorOwnedPaths.removeAll { $0 == "/etc/NetworkManager/conf.d/microshift-nm.conf" }
        // NetworkManager.conf(5): the keyfile plugin is always appended to `plugins`, so our .nmconnection
        // files are read without a conf.d file; 4.13 wrote one only beside microshift-nm.conf.
        $0.ownPaths.networkManagerConf = nil
        $0.ownPaths.manifestsDirectory = "/etc/microshift/manifests.d/nodeprofile"
        // release-4.14:packaging/rpm/microshift.spec (%package networking)
        $0.networkingPackages = ["(openvswitch3.3 or openvswitch >= 3.3)", "NetworkManager", "NetworkManager-ovs"]
    }

    /// MicroShift 4.15 (release-4.15 at 22d2d87f).
    public static let v4_15 = v4_14.changing {
        $0.version = "4.15"
        // release-4.15:pkg/config/config.go ("Advertise address: %s not present in any interface")
        $0.advertiseAddressMustExist = true
    }
}
