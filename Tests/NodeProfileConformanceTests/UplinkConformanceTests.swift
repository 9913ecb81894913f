import Foundation
import NodeProfileTestSupport
import Testing

/// MicroShift 4.14 on, with the real tools: the uplink NIC's keyfile as `nmcli --offline` reads it, and the OVS init
/// script against a real Open vSwitch after MicroShift's own OVS setup has rebuilt br-ex.
@Suite("Conformance: the uplink NIC from MicroShift 4.14")
struct UplinkConformanceTests {
    /// The blueprint, targeting `version` instead of its own release, built by the built `nodeprofile`.
    static func build(_ blueprint: String, for version: String, threads: Int? = nil) throws -> BuiltBundle {
        let text = try String(
            contentsOf: Repository.root.appendingPathComponent("blueprints/\(blueprint).yaml"), encoding: .utf8)
        var retargeted = text.replacingOccurrences(of: "microshift: \"4.13\"", with: "microshift: \"\(version)\"")
        if let threads {
            retargeted = retargeted.replacingOccurrences(
                of: "\novs:\n", with: "\novs:\n  handlerThreads: \(threads)\n  revalidatorThreads: \(threads)\n")
        }
        #expect(retargeted != text, "blueprints/\(blueprint).yaml names no 4.13 target to replace")
        let path = try BuiltBinary.temporaryFile("\(blueprint)-\(version).yaml", retargeted)
        return try BuiltBundle.build(path: path, name: "\(blueprint)-\(version)")
    }

    @Test(
        "nmcli --offline reads the NIC's keyfile back unchanged: an ethernet connection of its own, no OVS",
        arguments: [("static-ip", "4.14"), ("static-ip", "4.18"), ("default", "5.0")])
    func readBack(_ blueprint: String, _ version: String) throws {
        let bundle = try Self.build(blueprint, for: version)
        let keyfiles = bundle.files { $0.path.hasSuffix(".nmconnection") }
        #expect(
            keyfiles.map(\.path) == ["/etc/NetworkManager/system-connections/nodeprofile-uplink.nmconnection"])
        for keyfile in keyfiles {
            #expect(keyfile.mode == .secret, "NetworkManager ignores keyfiles readable by others")
            let input = try bundle.resolvedText(keyfile.path)
            let run = try Tool.run(
                "nmcli", ["--offline", "connection", "modify", "connection.id", "nodeprofile-uplink"], stdin: input)
            #expect(run.status == 0, "nmcli rejected \(keyfile.path): \(run.stderr)")
            let output = KeyfileConformanceTests.properties(run.stdout)
            for (section, values) in KeyfileConformanceTests.properties(input) {
                for (key, value) in values {
                    #expect(
                        output[section]?[key] == value,
                        "[\(section)] \(key)=\(value): \(output[section]?[key] ?? "lost")")
                }
            }
            #expect(output["connection"]?["type"] == "ethernet" && output["connection"]?["master"] == nil)
            #expect(output["connection"]?["interface-name"] == "eth0")
            if blueprint == "static-ip" {
                #expect(output["ipv4"]?["address1"] == "192.168.122.14/24,192.168.122.1")
                #expect(output["ipv4"]?["dns"] == "192.168.122.1;192.168.122.2;")
                #expect(output["ethernet"]?["mtu"] == "1500")
            } else {
                #expect(output["ipv4"]?["method"] == "auto")
            }
        }
    }

    @Test(
        "nmcli --offline reads a NIC named by MAC as an ethernet connection matching the MAC, with no interface-name",
        arguments: [
            ("nic-by-mac", "nodeprofile-uplink", "52:54:00:ab:cd:01"),
            ("nic-by-mac-4-13", "ovs-if-phys0", "52:54:00:ab:cd:02"),
        ])
    func readBackByMAC(_ blueprint: String, _ connection: String, _ mac: String) throws {
        let bundle = try BuiltBundle.build(blueprint)
        let path = "/etc/NetworkManager/system-connections/\(connection).nmconnection"
        let input = try bundle.resolvedText(path)
        let run = try Tool.run(
            "nmcli", ["--offline", "connection", "modify", "connection.id", connection], stdin: input)
        #expect(run.status == 0, "nmcli rejected \(path): \(run.stderr)")
        let output = KeyfileConformanceTests.properties(run.stdout)
        #expect(output["connection"]?["type"] == "ethernet")
        #expect(output["connection"]?["interface-name"] == nil, "\(run.stdout)")
        #expect(output["ethernet"]?["mac-address"]?.lowercased() == mac, "\(run.stdout)")
        // nmcli drops a MAC it cannot read without a word, so a broken one shows as a missing key here.
        let broken = input.replacingOccurrences(of: "mac-address=\(mac)", with: "mac-address=\(mac.dropLast(3))")
        let lost = try Tool.run(
            "nmcli", ["--offline", "connection", "modify", "connection.id", connection], stdin: broken)
        #expect(KeyfileConformanceTests.properties(lost.stdout)["ethernet"]?["mac-address"] == nil, "\(lost.stdout)")
    }

    @Test("after MicroShift rebuilt br-ex, the script sets the profile's thread limits over MicroShift's 1 and passes")
    func afterMicroShiftOVSInit() throws {
        let bundle = try BuiltBundle.build("manual-gateway")
        let ownBridge = try Self.build("static-ip", for: "4.18", threads: 3)
        let ovs = try OVSConformanceTests.UserspaceOVS()
        try OVSConformanceTests.wireBridges(ovs)
        // What configure-ovs.sh does when it finds br-ex keyfiles: br-ex deleted and made again, with no uplink and
        // no patch port; br-int keeps its patch port, now pointing at nothing, until OVN-Kubernetes rewires it.
        // configure-ovs-microshift.sh then sets both thread limits to 1.
        try ovs.vsctl(["del-br", "br-ex"])
        try ovs.vsctl([
            "add-br", "br-ex", "--", "set", "bridge", "br-ex", "datapath_type=netdev", "fail-mode=standalone",
        ])
        try ovs.vsctl([
            "set", "Open_vSwitch", ".", "other_config:n-handler-threads=1", "other_config:n-revalidator-threads=1",
        ])
        let old = try OVSConformanceTests.runScript(bundle, ovs)
        #expect(old.status == 1 && old.stderr.contains("patch port patch-br-int-to-br-ex on br-int"), "\(old.stderr)")
        let run = try OVSConformanceTests.runScript(ownBridge, ovs)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("NetworkManager has activated nodeprofile-uplink"), "\(run.stderr)")
        #expect(try ovs.vsctl(["list-ports", "br-ex"]).stdout.isEmpty, "the script adds no uplink to br-ex")
        for key in ["n-handler-threads", "n-revalidator-threads"] {
            #expect(try ovs.vsctl(["get", "Open_vSwitch", ".", "other_config:\(key)"]).stdout == "\"3\"\n")
        }
        let missing = try OVSConformanceTests.UserspaceOVS()
        let none = try OVSConformanceTests.runScript(ownBridge, missing)
        #expect(
            none.status == 1 && none.stderr.contains("microshift-ovs-init.service builds it"), "\(none.stderr)")
    }
}
