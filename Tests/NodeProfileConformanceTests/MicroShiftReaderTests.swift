import Foundation
import NodeProfileCore
import NodeProfileTestSupport
import Testing

/// config.yaml and ovn.yaml read by MicroShift 4.13's own decoding (Go structs, sigs.k8s.io/yaml rules, go-cidr)
/// and by configure-ovs.sh's awk line, for every blueprint and for each fix of the 4.13 parity work.
@Suite("Readers: MicroShift 4.13 and configure-ovs")
struct MicroShiftReaderTests {
    static let header = "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata: {name: readers}\n"

    static func compiled(_ body: String) throws -> ReaderCase {
        switch try ReaderCase.compile(header + body) {
        case .success(let readerCase): return readerCase
        case .failure(let refusal):
            Issue.record("profile refused:\n\(refusal)\n\(body)")
            throw refusal
        }
    }

    static func refusal(_ body: String) throws -> [Diagnostic] {
        switch try ReaderCase.compile(header + body) {
        case .success(let readerCase):
            readerCase.remove()
            Issue.record("profile accepted, expected a refusal:\n\(body)")
            return []
        case .failure(let refusal): return refusal.diagnostics
        }
    }

    @Test("every blueprint's config.yaml and ovn.yaml read back as the profile's values", arguments: Blueprints.all)
    func blueprint(_ name: String) throws {
        let path = BuiltBinary.repository.appendingPathComponent("blueprints/\(name).yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let readerCase: ReaderCase
        switch try ReaderCase.compile(text, resources: FileSystemResources(profilePath: path)) {
        case .success(let compiled): readerCase = compiled
        case .failure(let refusal):
            Issue.record("\(name) refused: \(refusal)")
            return
        }
        defer { readerCase.remove() }
        try readerCase.checkMicroShiftReaders(name)
    }

    @Test("every node of the example fleet reads back as its merged profile")
    func fleetNodes() throws {
        let directory = BuiltBinary.repository.appendingPathComponent("blueprints/fleets")
        let fleetText = try String(contentsOf: directory.appendingPathComponent("stores.yaml"), encoding: .utf8)
        let baseText = try String(contentsOf: directory.appendingPathComponent("store.yaml"), encoding: .utf8)
        let fleet = try #require(FleetReader().read(bytes: Array(fleetText.utf8), file: "stores.yaml").fleet)
        guard case .success(let base) = YAMLLoader().load(SourceText(file: "store.yaml", text: baseText)) else {
            Issue.record("store.yaml does not parse")
            return
        }
        let compiler = FleetCompiler(
            compiler: ProfileCompiler(templates: HostileCompile.templates, generator: "reader test"))
        let result = try compiler.compile(
            fleet, base: base, baseText: baseText, resources: { _ in InMemoryResources() },
            each: { output in
                (output.node.name, output.profile, output.bundle)
            })
        #expect(
            result.outputs.count >= 3 && result.outputs.allSatisfy { $0 != nil }, "\(result.diagnostics.map(\.message))"
        )
        for case (let name, let profile, let bundle)? in result.outputs {
            let readerCase = try ReaderCase.lay(profile, bundle)
            defer { readerCase.remove() }
            try readerCase.checkMicroShiftReaders("fleet node \(name)")
        }
    }

    @Test(
        "Fix 1: clusterNetwork is written as 4.13's list of cidr mappings, and the list of strings is what MicroShift refuses"
    )
    func clusterNetworkShape() throws {
        let readerCase = try Self.compiled("network:\n  clusterNetwork: [10.52.0.0/16]\n")
        defer { readerCase.remove() }
        try readerCase.checkMicroShiftReaders("clusterNetwork 10.52.0.0/16")
        #expect(readerCase.files["/etc/microshift/config.yaml"]?.contains("    - cidr: \"10.52.0.0/16\"\n") == true)
        // The reader is the proof: the shape written before this fix stops MicroShift 4.13 at start.
        try PropertyConsumers.write(
            "network:\n  clusterNetwork:\n    - \"10.52.0.0/16\"\n", to: readerCase.url("/etc/microshift/config.yaml"))
        guard case .failure(let error) = try DeviceReaders.microshift(root: readerCase.root) else {
            Issue.record("MicroShift's decoder accepted a list of strings for clusterNetwork")
            return
        }
        #expect(error.description.contains("cannot unmarshal string into Go struct field"))
    }

    @Test("Fix 2: gatewayInterface reaches configure-ovs as the bare NIC name; the quoted form did not")
    func gatewayInterfacePlainWord() throws {
        let readerCase = try Self.compiled("network:\n  gateway: {mode: microshift, interface: enp1s0}\n")
        defer { readerCase.remove() }
        try readerCase.checkMicroShiftReaders("gatewayInterface enp1s0")
        #expect(readerCase.files["/etc/microshift/ovn.yaml"]?.contains("\n  gatewayInterface: enp1s0\n") == true)
        let ovn = readerCase.url("/etc/microshift/ovn.yaml")
        try PropertyConsumers.write("ovsInit:\n  disableOVSInit: false\n  gatewayInterface: \"enp1s0\"\n", to: ovn)
        #expect(try DeviceReaders.configureOVS("gatewayInterface", ovnYAML: ovn) == "\"enp1s0\"")
    }

    @Test(
        "Fix 2: NIC names YAML or awk would read as something else are refused for ovn.yaml, saying why",
        arguments: [
            "yes", "on", "Off", "null", "y", "TRUE", "1e3", "0x10", "10", "-eth0", ".inf", "eth#0", "eth@0", "eth[0]",
            "{eth0}", "eth,0",
        ])
    func gatewayInterfaceRefused(_ name: String) throws {
        let quoted = "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
        let diagnostics = try Self.refusal("network:\n  gateway: {mode: microshift, interface: \(quoted)}\n")
        let hit = diagnostics.first { $0.path == "network.gateway.interface" }
        #expect(hit != nil, "no diagnostic at network.gateway.interface for '\(name)': \(diagnostics.map(\.message))")
        #expect(hit?.message.contains("configure-ovs.sh") == true)
    }

    @Test("Fix 2: the same names stay allowed where no YAML reads them (declarative keyfiles)")
    func declarativeKeepsNames() throws {
        let readerCase = try Self.compiled("network:\n  gateway: {mode: declarative, interface: 'on'}\n")
        readerCase.remove()
    }

    @Test("Fix 3: the API address follows serviceNetwork: 10.32.0.0/12 with 10.96.0.0/12 is accepted and read back")
    func computedAPIAddress() throws {
        let readerCase = try Self.compiled(
            "network:\n  clusterNetwork: [10.32.0.0/12]\n  serviceNetwork: [10.96.0.0/12]\n")
        defer { readerCase.remove() }
        try readerCase.checkMicroShiftReaders("10.32.0.0/12 + 10.96.0.0/12")
        #expect(readerCase.expectedMicroShiftView["apiServiceAddress"] == "10.112.0.0")
    }

    @Test(
        "Fix 3: broken network plans are refused, each by its rule",
        arguments: [
            (
                "  clusterNetwork: [10.51.0.0/16]\n  serviceNetwork: [10.50.0.0/16]\n", "network.serviceNetwork[0]",
                "API service address 10.51.0.0"
            ),
            ("  serviceNetwork: [100.63.0.0/16]\n", "network.serviceNetwork[0]", "OVN join subnet"),
            ("  serviceNetwork: [255.255.255.0/24]\n", "network.serviceNetwork[0]", "ends at 255.255.255.255"),
            ("  serviceNetwork: [10.96.0.0/11]\n", "network.serviceNetwork[0]", "wider than /12"),
            ("  clusterNetwork: [10.52.0.0/24]\n", "network.clusterNetwork[0]", "each node a /24"),
        ])
    func brokenPlans(_ network: String, _ path: String, _ message: String) throws {
        let diagnostics = try Self.refusal("network:\n" + network)
        #expect(
            diagnostics.contains { $0.path == path && $0.message.contains(message) },
            "expected '\(message)' at \(path); got \(diagnostics.map { "\($0.path ?? "-"): \($0.message)" })")
    }

    @Test("explain shows the API address and cluster DNS that MicroShift itself computes from the built files")
    func explainDerived() throws {
        let directory = try PropertyConsumers.scratch("np-explain")
        defer { try? FileManager.default.removeItem(at: directory) }
        let profile = directory.appendingPathComponent("p.yaml")
        try PropertyConsumers.write(
            Self.header + "network:\n  clusterNetwork: [10.32.0.0/12]\n  serviceNetwork: [10.96.0.0/12]\n", to: profile)
        let explain = try BuiltBinary.run(["explain", profile.path])
        #expect(explain.status == 0, "\(explain.stderr)")
        let build = try BuiltBinary.run(["build", profile.path, "-o", directory.appendingPathComponent("out").path])
        #expect(build.status == 0, "\(build.stderr)")
        let view = try DeviceReaders.microshift(root: directory.appendingPathComponent("out/root")).get()
        let api = try #require(view["apiServiceAddress"] as? String)
        let dns = try #require(view["clusterDNS"] as? String)
        #expect(api == "10.112.0.0" && dns == "10.96.0.10")
        #expect(
            explain.stdout.contains("API service address        \(api) ")
                && explain.stdout.contains("cluster DNS                \(dns) "),
            "\(explain.stdout)")
    }

    @Test("the loadbalancer blueprint's manifests decode into the Kubernetes API's types with the profile's values")
    func loadBalancerManifests() throws {
        let bundle = try BuiltBundle.build("loadbalancer")
        let files = ["kustomization.yaml", "nodeprofile-loadbalancers.yaml"].map {
            bundle.url("/etc/microshift/manifests/\($0)")
        }
        let objects = try DeviceReaders.manifests(files).get()
        #expect(objects.map { $0["kind"] as? String } == ["Kustomization", "Namespace", "Service"])
        #expect(objects.first?["resources"] as? [String] == ["nodeprofile-loadbalancers.yaml"])
        let spec = try #require(objects.last?["spec"] as? [String: Any])
        let port = try #require((spec["ports"] as? [[String: Any]])?.first)
        #expect(spec["type"] as? String == "LoadBalancer" && spec["selector"] as? [String: String] == ["app": "nginx"])
        #expect(
            port["port"] as? Int == 81 && (port["targetPort"] as? [String: Any])?["int"] as? Int == 8080
                && port["protocol"] as? String == "TCP")
    }
}
