// swift-format-ignore-file: AlwaysUseLowerCamelCase

// Each row cites the openshift/microshift release branch and the file it was read from; vendor-owned paths
// are the spec's %files sections (packaging/rpm/microshift.spec), networking packages its networking Requires.
extension MicroShiftRelease {
    /// MicroShift 4.16 (release-4.16 at 91309aca): CRI-O drop-ins renamed with number prefixes.
    public static let v4_16 = v4_15.changing {
        $0.version = "4.16"
        // release-4.16:packaging/rpm/microshift.spec %files, %files networking, %files multus
        $0.vendorOwnedPaths =
            [
                "/etc/crio/crio.conf.d/00-crio-crun.conf",
                "/etc/crio/crio.conf.d/10-microshift.conf",
                "/etc/crio/crio.conf.d/11-microshift-ovn.conf",
                "/etc/crio/crio.conf.d/12-microshift-multus.conf",
            ] + commonVendorPaths + [firewalldDropIn]
        // release-4.16:packaging/crio.conf.d/11-microshift-ovn.conf ([crio.runtime.workloads.management]);
        // "nodeprofile-workloads.conf" sorts after it ('n' > '1').
        $0.crioWorkloadsDropIn = "11-microshift-ovn.conf"
    }

    /// MicroShift 4.17 (release-4.17 at 3a1aed37): NetworkManager's ignore-devices drop-in, openvswitch 3.5.
    public static let v4_17 = v4_16.changing {
        $0.version = "4.17"
        // release-4.17:packaging/rpm/microshift.spec %files (05-high-performance-runtime.conf,
        // NetworkManager/conf.d/10-microshift-ignore-devices.conf)
        $0.vendorOwnedPaths =
            [
                "/etc/crio/crio.conf.d/00-crio-crun.conf",
                "/etc/crio/crio.conf.d/05-high-performance-runtime.conf",
                "/etc/crio/crio.conf.d/10-microshift.conf",
                "/etc/crio/crio.conf.d/11-microshift-ovn.conf",
                "/etc/crio/crio.conf.d/12-microshift-multus.conf",
                "/etc/NetworkManager/conf.d/10-microshift-ignore-devices.conf",
            ] + commonVendorPaths + [firewalldDropIn]
        // release-4.17:packaging/rpm/microshift.spec (%package networking)
        $0.networkingPackages = ["(openvswitch3.5 or openvswitch >= 3.5)", "NetworkManager", "NetworkManager-ovs"]
    }

    /// MicroShift 4.18 (release-4.18 at 8eb6c296): config.d drop-ins over config.yaml.
    public static let v4_18 = v4_17.changing {
        $0.version = "4.18"
        // release-4.18:pkg/config/files.go (ConfigDropInDir /etc/microshift/config.d, WalkDir, `.yaml` only,
        // jsonpatch.MergePatch in lexical order after config.yaml)
        $0.readsConfigDropIns = true
        // Ours is the last of the usual numbered drop-ins, so what it sets is what the merge yields; the
        // user's config.yaml (read first) keeps every key ours leaves out.
        $0.ownPaths.config = "/etc/microshift/config.d/90-nodeprofile.yaml"
    }

    /// MicroShift 4.19 (release-4.19 at d4b43f37): the multus package's config.d drop-in; crun's drop-in gone.
    public static let v4_19 = v4_18.changing {
        $0.version = "4.19"
        // release-4.19:pkg/config/ovn/ovn.go: validateConfig no longer checks mtu; its default is the default-route
        // NIC's MTU (getClusterMTU, util.FindDefaultRouteMTU).
        $0.podMTUCeiling = nil
        // release-4.19:packaging/rpm/microshift.spec %files, %files multus (config.d/00-enable-multus.yaml)
        $0.vendorOwnedPaths =
            [
                "/etc/crio/crio.conf.d/05-high-performance-runtime.conf",
                "/etc/crio/crio.conf.d/10-microshift.conf",
                "/etc/crio/crio.conf.d/11-microshift-ovn.conf",
                "/etc/crio/crio.conf.d/12-microshift-multus.conf",
                "/etc/NetworkManager/conf.d/10-microshift-ignore-devices.conf",
                "/etc/microshift/config.d/00-enable-multus.yaml",
            ] + commonVendorPaths + [firewalldDropIn]
    }

    /// MicroShift 4.20 (release-4.20 at 78a39534): the workload table moves to 10-microshift.conf; the
    /// firewalld drop-in is gone.
    public static let v4_20 = v4_19.changing {
        $0.version = "4.20"
        // release-4.20:packaging/rpm/microshift.spec %files (firewalld-no-iptables.conf no longer listed)
        $0.vendorOwnedPaths.removeAll { $0 == firewalldDropIn }
        // release-4.20:packaging/crio.conf.d/10-microshift_base.conf ([crio.runtime.workloads.management]),
        // installed as 10-microshift.conf
        $0.crioWorkloadsDropIn = "10-microshift.conf"
    }

    /// MicroShift 4.21 (release-4.21 at 473c3de1): nothing nodeprofile writes is read differently from 4.20.
    public static let v4_21 = v4_20.changing {
        $0.version = "4.21"
        // release-4.21:packaging/rpm/microshift.spec %files and pkg/config: same paths and keys as 4.20.
        // release-4.21:vendor/k8s.io/kubernetes/pkg/features/kube_features.go: MultiCIDRServiceAllocator and
        // DisableAllocatorDualWrite are on by default (Kubernetes 1.34), so kube-apiserver no longer refuses a
        // serviceNetwork wider than /12; nodeprofile keeps /12 as its own limit, which every release accepts.
    }

    /// MicroShift 4.22 (release-4.22 at 5019821e): nothing nodeprofile writes is read differently from 4.21.
    public static let v4_22 = v4_21.changing {
        $0.version = "4.22"
        // release-4.22:packaging/rpm/microshift.spec %files and pkg/config: same paths and keys as 4.21
    }

    /// MicroShift 5.0 (release-5.0, the former release-4.23, at ab25d114).
    public static let v5_0 = v4_22.changing {
        $0.version = "5.0"
        // release-5.0:packaging/rpm/microshift.spec %files and pkg/config: same paths and keys as 4.22
    }

    /// Vendor paths from 4.14 on that keep their names: the defaults and the OVS CPU-affinity drop-ins
    /// (every branch's packaging/rpm/microshift.spec %files).
    static let commonVendorPaths = [
        "/etc/systemd/system/ovs-vswitchd.service.d/microshift-cpuaffinity.conf",
        "/etc/systemd/system/ovsdb-server.service.d/microshift-cpuaffinity.conf",
        "/etc/microshift/config.yaml.default",
        "/etc/microshift/ovn.yaml.default",
        "/etc/microshift/lvmd.yaml.default",
    ]

    /// firewalld's drop-in, shipped from 4.13 to 4.19.
    static let firewalldDropIn = "/etc/systemd/system/firewalld.service.d/firewalld-no-iptables.conf"
}
