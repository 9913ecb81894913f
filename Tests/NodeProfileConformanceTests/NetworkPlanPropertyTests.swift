import Foundation
import NodeProfileCore
import NodeProfileTestSupport
import Testing

/// Random network plans for random releases, and hostile strings, read back by the targeted MicroShift's own decoding
/// (and 4.13's configure-ovs.sh awk): every accepted profile yields files those readers read as the profile's values;
/// every refused one names its rule.
@Suite("Readers: random network plans and hostile strings")
struct NetworkPlanPropertyTests {
    /// Plans per run; a failure prints the seed (NODEPROFILE_PROPERTY_SEED explores others).
    static let planCount = 120

    /// One plan, in the profile's words, and what an independent reading of MicroShift's rules says of it.
    struct Plan: CustomStringConvertible {
        var cluster: (UInt32, Int)
        var service: (UInt32, Int)
        var node: (UInt32, Int)?
        var mode: String
        var nodePorts: ClosedRange<Int>
        var blockedPort: Int
        /// The MicroShift release the plan targets.
        var release: String

        static func network(_ value: (UInt32, Int)) -> (first: UInt64, last: UInt64) {
            let size = UInt64(1) << UInt64(32 - value.1)
            let first = UInt64(value.0) & ~(size - 1)
            return (first, first + size - 1)
        }

        static func text(_ value: (UInt32, Int)) -> String {
            let first = UInt32(network(value).first)
            return "\(first >> 24).\((first >> 16) & 255).\((first >> 8) & 255).\(first & 255)/\(value.1)"
        }

        var description: String {
            "cluster \(Self.text(cluster)), service \(Self.text(service)), node \(node.map(Self.text) ?? "dhcp"), \(mode), "
                + "NodePorts \(nodePorts.lowerBound)-\(nodePorts.upperBound) blocking \(blockedPort), MicroShift \(release)"
        }

        /// The rules from MicroShift 4.13, ovn-kubernetes and kube-apiserver, written out plainly here.
        var expectedProblems: [String] {
            var problems: [String] = []
            let clusterRange = Self.network(cluster)
            let serviceRange = Self.network(service)
            if cluster.1 > 23 { problems.append("network.clusterNetwork[0]") }
            if service.1 > 28 || service.1 < 12 || serviceRange.last == 0xFFFF_FFFF {
                problems.append("network.serviceNetwork[0]")
            }
            var ranges = [clusterRange, serviceRange, (UInt64(0x6440_0000), UInt64(0x6440_FFFF))]
            if serviceRange.last < 0xFFFF_FFFF { ranges.append((serviceRange.last + 1, serviceRange.last + 1)) }
            if let node {
                ranges.append(Self.network(node))
                // The node's address (the subnet's first host) must be a unicast address.
                let octet = (Self.network(node).first + 1) >> 24
                if octet == 0 || octet == 127 || octet >= 224 { problems.append("network.gateway.ipv4.address") }
            }
            for i in ranges.indices {
                for j in ranges.indices where i < j && ranges[i].0 <= ranges[j].1 && ranges[j].0 <= ranges[i].1 {
                    problems.append("overlap")
                }
            }
            if !nodePorts.contains(blockedPort) { problems.append("firewall.blockNodePorts[0].port") }
            return problems
        }

        var profile: String {
            var text = "target: {microshift: \"\(release)\"}\n"
            text += "firewall:\n  blockNodePorts: [{port: \(blockedPort), address: 192.0.2.10}]\n"
            text += "network:\n  clusterNetwork: [\(Self.text(cluster))]\n  serviceNetwork: [\(Self.text(service))]\n"
            text += "  serviceNodePortRange: \(nodePorts.lowerBound)-\(nodePorts.upperBound)\n"
            text += "  gateway:\n    mode: \(mode)\n"
            if mode == "microshift" { text += "    interface: enp1s0\n" }
            if let node, mode == "declarative" {
                let host = UInt32(Self.network(node).first) + 1
                text += "    ipv4: {method: static, address: \(Self.text((host, 32)).dropLast(3))/\(node.1)}\n"
            }
            return text
        }
    }

    static func randomPlan(_ random: inout SplitMix64) -> Plan {
        // Mostly private ranges near each other, so overlaps and the API address's neighbourhood come up often.
        func network(_ prefixes: ClosedRange<Int>) -> (UInt32, Int) {
            let bases: [UInt32] = [0x0A00_0000, 0x0A2A_0000, 0x6400_0000, 0xAC10_0000, 0xC0A8_0000, 0xFFFF_0000]
            let base = bases[Int(random.next() % UInt64(bases.count))]
            let offset = UInt32(random.next() % min(0x0080_0000, 0x1_0000_0000 - UInt64(base))) & 0xFFFF_FF00
            return (base + offset, prefixes.lowerBound + Int(random.next() % UInt64(prefixes.count)))
        }
        let releases = MicroShiftRelease.versions
        let release = releases[Int(random.next() % UInt64(releases.count))]
        // The microshift and manual gateway modes are 4.13's (4.14 on, MicroShift owns br-ex).
        let modes = release == "4.13" ? ["declarative", "microshift", "manual"] : ["declarative"]
        let mode = modes[Int(random.next() % UInt64(modes.count))]
        let node = mode == "declarative" && random.next() % 2 == 0 ? network(16...28) : nil
        let lower = 1024 + Int(random.next() % 40000)
        let nodePorts = lower...min(65535, lower + Int(random.next() % 8000))
        let blocked = nodePorts.lowerBound - 100 + Int(random.next() % UInt64(nodePorts.count + 200))
        return Plan(
            cluster: network(10...25), service: network(10...30), node: node, mode: mode, nodePorts: nodePorts,
            blockedPort: blocked, release: release)
    }

    @Test("accepted plans are read back by MicroShift as the profile's; refused ones name their rule")
    func networkPlans() throws {
        var random = SplitMix64(seed: HostileStrings.seed &+ 11)
        var accepted = 0
        var refused = 0
        var releases: Set<String> = []
        for _ in 0..<Self.planCount {
            let plan = Self.randomPlan(&random)
            releases.insert(plan.release)
            let expected = plan.expectedProblems
            switch try ReaderCase.compile(MicroShiftReaderTests.header + plan.profile) {
            case .success(let readerCase):
                accepted += 1
                #expect(expected.isEmpty, "seed \(HostileStrings.seed): accepted \(plan), which breaks \(expected)")
                try readerCase.checkMicroShiftReaders("seed \(HostileStrings.seed): \(plan)")
                readerCase.remove()
            case .failure(let refusal):
                refused += 1
                #expect(
                    !expected.isEmpty,
                    "seed \(HostileStrings.seed): refused \(plan), valid by MicroShift's rules:\n\(refusal)")
                #expect(
                    refusal.diagnostics.allSatisfy {
                        ($0.path ?? "").hasPrefix("network.") || $0.path == "firewall.blockNodePorts[0].port"
                    },
                    "seed \(HostileStrings.seed): \(plan) refused outside network.*: \(refusal)")
            }
        }
        #expect(
            accepted > 20 && refused > 20,
            "the generator must give both kinds: \(accepted) accepted, \(refused) refused")
        #expect(releases.count == MicroShiftRelease.versions.count, "plans targeted only \(releases.sorted())")
    }

    @Test("LoadBalancer names, namespaces and selectors: refused, or decoded exactly into the Kubernetes API's types")
    func hostileManifests() throws {
        let named = HostileStringPropertyTests.named
        let lb = HostileStringPropertyTests.lb
        let service = { (objects: [[String: Any]]) in objects.last { $0["kind"] as? String == "Service" } }
        let fields: [(StringField, ([String: Any]?) -> String?)] = [
            (
                StringField(path: "loadBalancers[0].name", yaml: named + lb("", "⟪V⟫", "app: web")),
                { ($0?["metadata"] as? [String: Any])?["name"] as? String }
            ),
            (
                StringField(
                    path: "loadBalancers[0].namespace", yaml: named + lb("namespace: ⟪V⟫\n    ", "web", "app: web")),
                { ($0?["metadata"] as? [String: Any])?["namespace"] as? String }
            ),
            (
                StringField(path: "loadBalancers[0].selector", yaml: named + lb("", "web", "app: ⟪V⟫")),
                { (($0?["spec"] as? [String: Any])?["selector"] as? [String: String])?["app"] }
            ),
            (
                StringField(path: "loadBalancers[0].selector", yaml: named + lb("", "web", "⟪V⟫: web"), isKey: true),
                { (($0?["spec"] as? [String: Any])?["selector"] as? [String: String])?.keys.first }
            ),
        ]
        for (index, (field, extract)) in fields.enumerated() {
            let values =
                HostileStrings.values(count: HostileStringPropertyTests.count, salt: 400 + UInt64(index))
                + ["yes", "on", "null", "~", "1e3", "0x10", "y", "true", "web"]
            for entry in HostileCompile.sort(values, into: field) {
                let root = try PropertyConsumers.scratch("np-hostile-k8s")
                defer { try? FileManager.default.removeItem(at: root) }
                let file = root.appendingPathComponent("lb.yaml")
                try PropertyConsumers.write(entry.files[HostileStringPropertyTests.manifest] ?? "", to: file)
                switch try DeviceReaders.manifests([file]) {
                case .failure(let error):
                    Issue.record(failing(field, entry.value, "the Kubernetes types refused the manifest: \(error)"))
                case .success(let objects):
                    let read = extract(service(objects))
                    #expect(read == entry.value, failing(field, entry.value, "decoded as \(read ?? "nothing")"))
                }
            }
        }
    }

    @Test("hostname and gateway interface: refused, or read back exactly by MicroShift's decoder and configure-ovs")
    func hostileStrings() throws {
        let named = HostileStringPropertyTests.named
        let fields: [(StringField, String)] = [
            (StringField(path: "node.hostname", yaml: named + "node:\n  hostname: ⟪V⟫\n"), "hostnameOverride"),
            (
                StringField(
                    path: "network.gateway.interface",
                    yaml: named + "network:\n  gateway:\n    mode: microshift\n    interface: ⟪V⟫\n"),
                "gatewayInterface"
            ),
        ]
        for (index, (field, key)) in fields.enumerated() {
            let values =
                HostileStrings.values(count: HostileStringPropertyTests.count, salt: 300 + UInt64(index))
                + ["yes", "on", "null", "~", "1e3", "0x10", "y", "enp1s0", "eth0.100", "br0-uplink"]
            for entry in HostileCompile.sort(values, into: field) {
                let root = try PropertyConsumers.scratch("np-hostile-ms")
                defer { try? FileManager.default.removeItem(at: root) }
                for (path, text) in entry.files {
                    try PropertyConsumers.write(text, to: root.appendingPathComponent(String(path.dropFirst())))
                }
                switch try DeviceReaders.microshift(root: root) {
                case .failure(let error):
                    Issue.record(failing(field, entry.value, "MicroShift's decoder refused the file: \(error)"))
                case .success(let view):
                    #expect(
                        view[key] as? String == entry.value,
                        failing(field, entry.value, "MicroShift read \(view[key] ?? "nothing")"))
                }
                if key == "gatewayInterface" {
                    let read = try DeviceReaders.configureOVS(
                        key, ovnYAML: root.appendingPathComponent("etc/microshift/ovn.yaml"))
                    #expect(read == entry.value, failing(field, entry.value, "configure-ovs.sh read '\(read)'"))
                }
            }
        }
    }
}
