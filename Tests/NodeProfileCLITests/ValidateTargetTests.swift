import Foundation
import NodeProfileTestSupport
import Testing

/// `nodeprofile validate --target`: every 4.13 blueprint moved to 4.18, each file the move changes listed with its
/// reason, and what breaks a device left on the 4.13 bundle an error; the later blueprints' moves break nothing.
@Suite("nodeprofile validate --target (built binary)")
struct ValidateTargetTests {
    /// The blueprints that target 4.13.
    static let oldBlueprints = Blueprints.all.filter { name in
        let url = Repository.root.appendingPathComponent("blueprints/\(name).yaml")
        return (try? String(contentsOf: url, encoding: .utf8))?.contains("microshift: \"4.13\"") == true
    }

    static let keyfiles = ["br-ex", "ovs-if-br-ex", "ovs-if-phys0", "ovs-port-br-ex", "ovs-port-phys0"].map {
        "/etc/NetworkManager/system-connections/\($0).nmconnection"
    }

    /// `(severity, path, what)` of each listed change, from the JSON diagnostics.
    static func changes(_ stdout: String) throws -> [(severity: String, path: String, what: String)] {
        let array = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [[String: Any]])
        return array.compactMap { item in
            guard let message = item["message"] as? String, let severity = item["severity"] as? String,
                message.hasPrefix("MicroShift 4.13 -> 4.18: ")
            else { return nil }
            let words = message.dropFirst("MicroShift 4.13 -> 4.18: ".count).split(separator: " ", maxSplits: 1)
            let what = words[1].prefix { $0 != ":" }
            return (severity, String(words[0]), String(what))
        }
    }

    @Test(
        "every 4.13 blueprint moved to 4.18: each changed file with its reason; what breaks the device is an error",
        arguments: oldBlueprints)
    func everyBlueprint(_ blueprint: String) throws {
        let run = try BuiltBinary.run([
            "validate", "--target", "4.18", "--format", "json", "blueprints/\(blueprint).yaml",
        ])
        #expect(run.status == 1, "a 4.13 bundle on 4.18 breaks every blueprint's device: \(run.stderr)")
        let changes = try Self.changes(run.stdout)
        let listed = Dictionary(changes.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(listed["/etc/NetworkManager/conf.d/nodeprofile-nm.conf"]?.what == "is removed")
        let script = try #require(listed["/etc/nodeprofile/ovs-init.sh"])
        #expect(script.what == "is read differently")
        switch blueprint {
        case "manual-gateway", "microshift-gateway":
            #expect(
                run.stdout.contains("gateway mode '\(blueprint.prefix { $0 != "-" })' was removed in MicroShift 4.14"))
            #expect(script.severity == "note")
            #expect(!changes.contains { $0.path.hasSuffix(".nmconnection") })
        default:
            for keyfile in Self.keyfiles {
                #expect(
                    listed[keyfile]?.severity == "error"
                        && listed[keyfile]?.what == "is deleted by the release's own scripts", "\(keyfile)")
            }
            #expect(script.severity == "error")
            let uplink = listed["/etc/NetworkManager/system-connections/nodeprofile-uplink.nmconnection"]
            #expect(uplink?.what == "is added" && uplink?.severity == "note")
        }
        if let config = listed["/etc/microshift/config.yaml"] {
            #expect(config.what == "is renamed to /etc/microshift/config.d/90-nodeprofile.yaml")
        }
        if blueprint == "loadbalancer" {
            #expect(
                listed["/etc/microshift/manifests/kustomization.yaml"]?.what
                    == "is renamed to /etc/microshift/manifests.d/nodeprofile/kustomization.yaml")
        }
    }

    @Test("a clusterNetwork in the 4.13 shape is an error for 4.16, where config.yaml keeps its path")
    func clusterNetworkShape() throws {
        let text =
            try String(contentsOf: Repository.root.appendingPathComponent("blueprints/default.yaml"), encoding: .utf8)
            + "network:\n  clusterNetwork: [10.52.0.0/16]\n"
        #expect(
            text.components(separatedBy: "\nnetwork:\n").count == 2, "the blueprint has no network section of its own")
        let path = try BuiltBinary.temporaryFile("cluster.yaml", text)
        let run = try BuiltBinary.run(["validate", "--target", "4.16", path])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "error: MicroShift 4.13 -> 4.16: /etc/microshift/config.yaml is read differently: MicroShift 4.16 reads "
                    + "network.clusterNetwork as a list of strings"), "\(run.stderr)")
    }

    @Test("the profile's own release lists nothing; an unknown release and a fleet are refused")
    func sameUnknownFleet() throws {
        let same = try BuiltBinary.run(["validate", "--target", "4.13", "blueprints/static-ip.yaml"])
        #expect(same.status == 0 && !same.stderr.contains("->"), "\(same.stderr)")
        #expect(same.stdout == "blueprints/static-ip.yaml as MicroShift 4.13: ok\n", "\(same.stdout)")
        let unknown = try BuiltBinary.run(["validate", "--target", "4.12", "blueprints/static-ip.yaml"])
        #expect(unknown.status == 64 && unknown.stderr.contains("allowed: 4.13, 4.14"), "\(unknown.stderr)")
        let fleet = try BuiltBinary.run(["validate", "--target", "4.18", "blueprints/fleets/stores.yaml"])
        #expect(fleet.status == 1 && fleet.stderr.contains("--target checks NodeProfile files"), "\(fleet.stderr)")
    }

    @Test("the 4.16 blueprint moved to 4.18: its settings move to the config.d drop-in, nothing breaks")
    func laterBlueprints() throws {
        #expect(Self.oldBlueprints.count >= 7 && Self.oldBlueprints.count < Blueprints.all.count)
        let run = try BuiltBinary.run(["validate", "--target", "4.18", "blueprints/release-4-16.yaml"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stderr.contains(
                "note: MicroShift 4.16 -> 4.18: /etc/microshift/config.yaml is renamed to "
                    + "/etc/microshift/config.d/90-nodeprofile.yaml"), "\(run.stderr)")
        #expect(!run.stderr.contains("error:"), "\(run.stderr)")
        let same = try BuiltBinary.run(["validate", "--target", "4.18", "blueprints/release-4-18.yaml"])
        #expect(same.status == 0 && same.stderr.isEmpty, "\(same.stderr)")
    }
}
