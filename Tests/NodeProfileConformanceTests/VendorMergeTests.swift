import Foundation
import NodeProfileCore
import NodeProfileTestSupport
import Testing

/// Our files beside MicroShift 4.13's own (stand-ins with the vendor's text), read by the programs that merge them:
/// systemd's unit loader, CRI-O's drop-in decoding and NetworkManager's configuration merge. The merged result must
/// be the profile's value, not a union, and nothing may be written over a vendor-owned path.
@Suite("Readers: our files merged with MicroShift's")
struct VendorMergeTests {
    /// microshift-networking 4.13's files, as its RPM installs them (packaging/ in openshift/microshift release-4.13).
    static let vendorCPUAffinity = "[Service]\nCPUAffinity=0\n"
    static let vendorCRIO = """
        [crio.network]
        cni_default_network = "ovn-kubernetes"

        [crio.runtime.workloads.management]
        activation_annotation = "target.workload.openshift.io/management"
        annotation_prefix = "resources.workload.openshift.io"
        resources = { "cpushares" = 0, "cpuset" = "0" }

        """
    static let vendorNetworkManager = "[main]\nplugins = keyfile\n"
    /// The RPM's ovs-vswitchd.service reads these before any drop-in.
    static let vendorOVSUnit = """
        [Unit]
        Description=stand-in for RHEL's ovs-vswitchd.service
        [Service]
        EnvironmentFile=-/etc/openvswitch/default.conf
        EnvironmentFile=-/etc/sysconfig/openvswitch
        ExecStart=/bin/true

        """

    static func compiled(_ body: String) throws -> ReaderCase {
        try MicroShiftReaderTests.compiled(body)
    }

    @Test("no blueprint writes a path its MicroShift release's packages own", arguments: Blueprints.all)
    func vendorPaths(_ blueprint: String) throws {
        let bundle = try BuiltBundle.build(blueprint)
        let release = MicroShiftRelease.named(bundle.manifest.profile.microshift)
        let owned = Set(release.vendorOwnedPaths)
        #expect(bundle.manifest.files.filter { owned.contains($0.path) }.isEmpty)
        #expect(bundle.manifest.vendorOwned == release.vendorOwnedPaths)
    }

    @Test(
        "CRI-O reads our workload table after the vendor file that holds it, in each release's naming",
        arguments: ["4.14", "4.16", "4.20", "5.0"])
    func crioWorkloadsPerRelease(_ version: String) throws {
        let release = MicroShiftRelease.named(version)
        let readerCase = try Self.compiled("target: {microshift: \"\(version)\"}\ncrio: {managementCPUSet: \"2,3\"}\n")
        defer { readerCase.remove() }
        let directory = try PropertyConsumers.scratch("np-crio")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Every vendor drop-in of the release, the one with the table holding the vendor's text, the others empty.
        for path in release.vendorOwnedPaths where path.hasPrefix("/etc/crio/crio.conf.d/") {
            let name = (path as NSString).lastPathComponent
            try PropertyConsumers.write(
                name == release.crioWorkloadsDropIn ? Self.vendorCRIO : "", to: directory.appendingPathComponent(name))
        }
        try readerCase.copyFiles(under: "/etc/crio/crio.conf.d/", into: directory)
        let merged = try DeviceReaders.crio(directory: directory).get()
        let management =
            ((merged["Runtime"] as? [String: Any])?["Workloads"] as? [String: Any])?["management"] as? [String: Any]
        #expect((management?["Resources"] as? [String: Any])?["cpuset"] as? String == "2,3", "\(version): \(merged)")
    }

    @Test(
        "Fix 4: systemd runs OVS on the profile's CPUs, not the union with the vendor's drop-in",
        arguments: ["0", "2-3", "0,2,4-5"])
    func cpuAffinity(_ cpus: String) throws {
        let readerCase = try Self.compiled("ovs: {cpuAffinity: \"\(cpus)\"}\n")
        defer { readerCase.remove() }
        let units = try PropertyConsumers.scratch("np-units")
        defer { try? FileManager.default.removeItem(at: units) }
        for service in ["ovs-vswitchd.service", "ovsdb-server.service"] {
            try PropertyConsumers.write(Self.vendorOVSUnit, to: units.appendingPathComponent(service))
            try PropertyConsumers.write(
                Self.vendorCPUAffinity, to: units.appendingPathComponent("\(service).d/microshift-cpuaffinity.conf"))
            try readerCase.copyFiles(
                under: "/etc/systemd/system/\(service).d/", into: units.appendingPathComponent("\(service).d"))
        }
        let expected = try CPUList.parse(cpus).get().description
        let loaded = try DeviceReaders.systemdProperties(
            directory: units, units: ["ovs-vswitchd.service", "ovsdb-server.service"],
            properties: ["CPUAffinity", "EnvironmentFile", "DropIn Path"])
        for service in ["ovs-vswitchd.service", "ovsdb-server.service"] {
            let dropIns = loaded[service]?["DropIn Path"] ?? []
            #expect(
                dropIns.first?.hasSuffix("/microshift-cpuaffinity.conf") == true,
                "the vendor's drop-in is read first: \(dropIns)")
            #expect(
                loaded[service]?["CPUAffinity"] == [expected.replacingOccurrences(of: ",", with: " ")],
                "\(service): systemd runs it on \(loaded[service]?["CPUAffinity"] ?? []), the profile says \(cpus)")
        }
        // ovs-vswitchd reads OPTIONS from nodeprofile's file last, so --no-mlockall holds whatever /etc/sysconfig says.
        #expect(
            loaded["ovs-vswitchd.service"]?["EnvironmentFile"]?.last?.hasPrefix("/etc/nodeprofile/ovs-vswitchd.env")
                == true,
            "\(loaded["ovs-vswitchd.service"]?["EnvironmentFile"] ?? [])")
        // The test has teeth: without the reset line systemd takes the union.
        let ours = units.appendingPathComponent("ovs-vswitchd.service.d/nodeprofile-cpuaffinity.conf")
        let text = try String(contentsOf: ours, encoding: .utf8)
        try PropertyConsumers.write(text.replacingOccurrences(of: "CPUAffinity=\n", with: ""), to: ours)
        let union = try DeviceReaders.systemdProperties(
            directory: units, units: ["ovs-vswitchd.service"], properties: ["CPUAffinity"])
        if cpus != "0" { #expect(union["ovs-vswitchd.service"]?["CPUAffinity"]?.first?.hasPrefix("0 ") == true) }
    }

    @Test(
        "Fix 4: CRI-O's management partition is the profile's cpuset after MicroShift's crio.conf.d files",
        arguments: ["0", "0-1", "2,3"])
    func crioWorkloads(_ cpuset: String) throws {
        let readerCase = try Self.compiled("crio: {managementCPUSet: \"\(cpuset)\"}\n")
        defer { readerCase.remove() }
        let directory = try PropertyConsumers.scratch("np-crio")
        defer { try? FileManager.default.removeItem(at: directory) }
        try PropertyConsumers.write(Self.vendorCRIO, to: directory.appendingPathComponent("microshift-ovn.conf"))
        try PropertyConsumers.write(
            "[crio.runtime]\ndefault_runtime = \"crun\"\n", to: directory.appendingPathComponent("microshift.conf"))
        try readerCase.copyFiles(under: "/etc/crio/crio.conf.d/", into: directory)
        let merged = try DeviceReaders.crio(directory: directory).get()
        let management =
            ((merged["Runtime"] as? [String: Any])?["Workloads"] as? [String: Any])?["management"] as? [String: Any]
        #expect(management?["ActivationAnnotation"] as? String == "target.workload.openshift.io/management")
        #expect(management?["AnnotationPrefix"] as? String == "resources.workload.openshift.io")
        #expect((management?["Resources"] as? [String: Any])?["cpuset"] as? String == cpuset, "\(management ?? [:])")
        #expect((merged["Network"] as? [String: Any])?["CNIDefaultNetwork"] as? String == "ovn-kubernetes")
    }

    @Test("Fix 4: NetworkManager reads our keyfile-plugin setting after MicroShift's, whatever the vendor's says")
    func networkManager() throws {
        let readerCase = try Self.compiled("")
        defer { readerCase.remove() }
        let directory = try PropertyConsumers.scratch("np-nm")
        defer { try? FileManager.default.removeItem(at: directory) }
        let confD = directory.appendingPathComponent("conf.d")
        try readerCase.copyFiles(under: "/etc/NetworkManager/conf.d/", into: confD)
        for vendor in [Self.vendorNetworkManager, "[main]\nplugins = ifcfg-rh\n"] {
            try PropertyConsumers.write(vendor, to: confD.appendingPathComponent("microshift-nm.conf"))
            let merged = try DeviceReaders.networkManagerConfig(confDirectory: confD)
            #expect(merged.contains("\nplugins=keyfile\n"), "NetworkManager merged:\n\(merged)")
            #expect(
                merged.hasPrefix("# NetworkManager configuration:")
                    && merged.contains("microshift-nm.conf, nodeprofile-nm.conf"))
        }
    }
}

/// The sysctl file applied by the real systemd-sysctl, in a network namespace of its own (ip_forward is per
/// namespace) and a private mount namespace whose sysctl.d directories hold only the test's files.
@Suite("Readers: systemd-sysctl")
struct SysctlReaderTests {
    /// What ip_forward is after systemd-sysctl reads `files` (name -> text) from /etc/sysctl.d.
    static func ipForward(after files: [String: String]) throws -> String {
        let directory = try PropertyConsumers.scratch("np-sysctl")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in files {
            try PropertyConsumers.write(text, to: directory.appendingPathComponent("etc/\(name)"))
        }
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("lib"), withIntermediateDirectories: true)
        let namespace = try NetworkNamespace("npsysctl")
        let script = """
            mount --bind '\(directory.path)/etc' /etc/sysctl.d && mount --bind '\(directory.path)/lib' /usr/lib/sysctl.d &&
            /lib/systemd/systemd-sysctl && cat /proc/sys/net/ipv4/ip_forward
            """
        let run = try namespace.run("unshare", ["-m", "sh", "-c", script])
        #expect(run.status == 0, "systemd-sysctl: \(run.stderr)")
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("Fix 5: ip_forward is 1 after every sysctl.d file, even when /etc/sysctl.conf (99-sysctl.conf) says 0")
    func ipForwardWins() throws {
        let readerCase = try MicroShiftReaderTests.compiled("")
        defer { readerCase.remove() }
        let ours = try #require(readerCase.files.first { $0.key.hasPrefix("/etc/sysctl.d/") })
        let user = "net.ipv4.ip_forward = 0\n"
        #expect(
            try Self.ipForward(after: ["99-sysctl.conf": user, (ours.key as NSString).lastPathComponent: ours.value])
                == "1")
        // The name is what makes it hold: the same file as 90-... loses to /etc/sysctl.conf.
        #expect(
            try Self.ipForward(after: ["99-sysctl.conf": user, "90-nodeprofile-ip-forward.conf": ours.value]) == "0")
    }
}
