import Testing

@testable import NodeProfileCore

/// The per-release facts read from the openshift/microshift release branches, and the ordering rules they imply
/// for nodeprofile's own files.
@Suite("Release tables")
struct ReleaseTableTests {
    static let all = MicroShiftRelease.all

    @Test("the table holds 4.13 to 5.0, oldest first, each keyed by its version")
    func versions() {
        #expect(
            MicroShiftRelease.versions == [
                "4.13", "4.14", "4.15", "4.16", "4.17", "4.18", "4.19", "4.20", "4.21", "4.22", "5.0",
            ])
        for release in Self.all { #expect(MicroShiftRelease.known[release.version]?.version == release.version) }
    }

    // With a refused target.microshift the validator checks addresses and ports with the default release's tables:
    // that holds only while every release has the same ones.
    @Test("every release has the address and port tables validation reads without a known target")
    func sharedTables() {
        let first = MicroShiftRelease.defaultRelease
        for release in Self.all {
            #expect(release.clusterNetwork == first.clusterNetwork, "\(release.version)")
            #expect(release.serviceNetwork == first.serviceNetwork, "\(release.version)")
            #expect(release.serviceNodePortRange == first.serviceNodePortRange, "\(release.version)")
            #expect(release.joinSubnet == first.joinSubnet, "\(release.version)")
            #expect(release.widestServicePrefix == first.widestServicePrefix, "\(release.version)")
            #expect(release.narrowestClusterPrefix == first.narrowestClusterPrefix, "\(release.version)")
            #expect(release.hostSubnetPrefix == first.hostSubnetPrefix, "\(release.version)")
            #expect(release.clusterDNSHost == first.clusterDNSHost, "\(release.version)")
            #expect(release.hostPorts == first.hostPorts, "\(release.version)")
        }
    }

    @Test("what each release reads: clusterNetwork shape, config.d, manifests.d, ovn.yaml keys, br-ex's owner")
    func readers() {
        for release in Self.all {
            let is413 = release.version == "4.13"
            let from418 = !["4.13", "4.14", "4.15", "4.16", "4.17"].contains(release.version)
            #expect((release.clusterNetworkShape == .cidrMappings) == is413, "\(release.version)")
            #expect(release.readsConfigDropIns == from418, "\(release.version)")
            #expect(release.readsManifestDirectories == !is413, "\(release.version)")
            #expect(
                release.ovnKeys == (is413 ? ["ovsInit.disableOVSInit", "ovsInit.gatewayInterface", "mtu"] : ["mtu"]))
            #expect(release.bridgeOwner == (is413 ? .configurable : .microshift), "\(release.version)")
            #expect(release.advertiseAddressMustExist == !["4.13", "4.14"].contains(release.version))
            #expect(
                release.ownPaths.config
                    == (from418 ? "/etc/microshift/config.d/90-nodeprofile.yaml" : "/etc/microshift/config.yaml"))
        }
    }

    @Test("our drop-ins sort after every vendor file of their directory, in every release")
    func ownFilesSortLast() {
        for release in Self.all {
            let own = release.ownPaths
            let ours =
                [
                    "/etc/crio/crio.conf.d/\(own.crioDropIn)",
                    "/etc/systemd/system/ovs-vswitchd.service.d/\(own.cpuAffinityDropIn)",
                    "/etc/systemd/system/ovsdb-server.service.d/\(own.cpuAffinityDropIn)",
                ] + (release.readsConfigDropIns ? [own.config] : [])
                + (own.networkManagerConf.map { ["/etc/NetworkManager/conf.d/\($0)"] } ?? [])
            for path in ours {
                let directory = path.split(separator: "/").dropLast().joined(separator: "/")
                for vendor in release.vendorOwnedPaths
                where vendor.split(separator: "/").dropLast().joined(separator: "/") == directory {
                    // Byte order: how CRI-O, systemd, NetworkManager and MicroShift's config.d walk sort names.
                    #expect(
                        Array(vendor.utf8).lexicographicallyPrecedes(Array(path.utf8)), "\(release.version): \(path)")
                }
            }
            #expect(release.crioWorkloadsDropIn < own.crioDropIn)
            #expect(
                release.vendorOwnedPaths.contains("/etc/crio/crio.conf.d/\(release.crioWorkloadsDropIn)"),
                "\(release.version)")
        }
    }

    @Test("a full profile plans no vendor-owned path and no path twice, for every release")
    func noVendorPaths() throws {
        for release in Self.all {
            let result = frontEnd(
                MarkedProfile.header + "target:\n  microshift: \"\(release.version)\"\n"
                    + "node:\n  hostname: n1\nnetwork:\n  clusterNetwork: [10.52.0.0/16]\n"
                    + "loadBalancers:\n  - {name: web, port: 81, targetPort: 8080, selector: {app: web}}\n")
            let profile = try #require(result.profile, "\(listing(result.diagnostics))")
            let paths = Planner.plan(profile).artifacts.map(\.path)
            #expect(Set(paths).isDisjoint(with: release.vendorOwnedPaths), "\(release.version)")
            #expect(Set(paths).count == paths.count)
            #expect(paths.contains(release.ownPaths.config))
            #expect(!paths.contains("/etc/microshift/manifests/kustomization.yaml") || release.version == "4.13")
        }
    }

    @Test("4.20 moves the workload table to 10-microshift.conf; the firewalld drop-in is vendor-owned to 4.19")
    func movedFiles() {
        let firewalld = "/etc/systemd/system/firewalld.service.d/firewalld-no-iptables.conf"
        let byVersion = Dictionary(uniqueKeysWithValues: Self.all.map { ($0.version, $0) })
        #expect(byVersion["4.19"]?.crioWorkloadsDropIn == "11-microshift-ovn.conf")
        #expect(byVersion["4.20"]?.crioWorkloadsDropIn == "10-microshift.conf")
        #expect(byVersion["4.19"]?.vendorOwnedPaths.contains(firewalld) == true)
        #expect(byVersion["4.20"]?.vendorOwnedPaths.contains(firewalld) == false)
        #expect(
            byVersion["4.19"]?.vendorOwnedPaths.contains("/etc/microshift/config.d/00-enable-multus.yaml") == true)
    }
}
