import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileCore

/// Fleet files in memory: the reader's own checks, the merge, and per-node compilation with diagnostics that
/// point at the file and line that wrote the value.
@Suite("Fleets")
struct FleetTests {
    static let base = """
        apiVersion: nodeprofile/v1
        kind: NodeProfile
        metadata: {name: store, version: "2.0.0"}
        node: {hostname: store-gw, nodeIP: 10.20.0.14}
        network:
          mtu: 1400
          gateway:
            interface: eth0
            mtu: 1500
            ipv4: {method: static, address: 10.20.0.14/24, gateway: 10.20.0.1, dns: [10.20.0.1]}
        firewall:
          blockNodePorts: [{port: 30700, interface: eth1}]
        target: {microshift: "4.13"}

        """

    static func fleet(_ nodes: String) -> String {
        "apiVersion: nodeprofile/v1\nkind: NodeFleet\nmetadata: {name: shops}\nbase: base.yaml\nnodes:\n" + nodes
    }

    /// Reads and compiles a fleet over `base`; returns each compiled node's bundle by name and every diagnostic.
    static func compile(_ fleetText: String, base: String = base) throws -> (
        bundles: [String: CompiledBundle], diagnostics: [Diagnostic]
    ) {
        let read = FleetReader().read(bytes: Array(fleetText.utf8), file: "fleet.yaml")
        guard let fleet = read.fleet else { return ([:], read.diagnostics) }
        guard case .success(let baseDocument) = YAMLLoader().load(SourceText(file: "base.yaml", text: base)) else {
            Issue.record("the base does not parse")
            throw CancellationError()
        }
        let compiler = FleetCompiler(compiler: testCompiler)
        let result = try compiler.compile(
            fleet, base: baseDocument, baseText: base, resources: { _ in InMemoryResources() },
            each: { output in
                (output.node.name, output.bundle)
            })
        return (
            Dictionary(uniqueKeysWithValues: result.outputs.compactMap { $0 }), read.diagnostics + result.diagnostics
        )
    }

    static func file(_ bundle: CompiledBundle?, _ suffix: String) -> String {
        guard let file = bundle?.files.first(where: { $0.path.hasSuffix(suffix) }) else { return "" }
        return String(decoding: file.bytes, as: UTF8.self)
    }

    @Test("a node's sections merge over the base: mappings key by key, lists replace, ~ removes")
    func mergeRules() throws {
        let (bundles, diagnostics) = try Self.compile(
            Self.fleet(
                """
                  - name: shop-1
                    node: {nodeIP: 10.20.1.14}
                    network: {gateway: {ipv4: {address: 10.20.1.14/24, gateway: 10.20.1.1}}}
                    firewall: {blockNodePorts: [{port: 30701, interface: wlan0}, {port: 30702, interface: wlan0}]}
                  - name: shop-2
                    node: {hostname: ~, nodeIP: ~}
                    network: {gateway: {ipv4: {method: dhcp, address: ~, gateway: ~, dns: ~}}}
                    firewall: ~
                """))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let first = bundles["shop-1"]
        let second = bundles["shop-2"]
        #expect(first?.manifest.profile.name == "shop-1" && first?.manifest.profile.version == "2.0.0")
        let config = Self.file(first, "/etc/microshift/config.yaml")
        #expect(
            config.contains("hostnameOverride: \"store-gw\"") || config.contains("hostnameOverride: store-gw"),
            "\(config)")
        #expect(config.contains("10.20.1.14"))
        let rules = Self.file(first, ".nft")
        #expect(
            rules.contains("30701") && rules.contains("30702") && !rules.contains("30700"),
            "the node's list replaces the base's")
        #expect(
            Self.file(first, "ovs-if-phys0.nmconnection").contains("10.20.1.14/24,10.20.1.1")
                || first!.files.contains { String(decoding: $0.bytes, as: UTF8.self).contains("10.20.1.14/24") })
        #expect(
            !(second?.files.contains { $0.path.hasSuffix(".nft") } ?? true), "firewall: ~ removes the base's blocks")
        #expect(!Self.file(second, "/etc/microshift/config.yaml").contains("hostnameOverride"))
        #expect(second!.files.contains { String(decoding: $0.bytes, as: UTF8.self).contains("method=auto") })
    }

    @Test("a fleet node compiles to the same bundle as the same profile written out by hand")
    func sameAsStandaloneProfile() throws {
        let (bundles, _) = try Self.compile(
            Self.fleet(
                "  - name: shop-9\n    node: {nodeIP: 10.20.9.14}\n    network: {gateway: {ipv4: {address: 10.20.9.14/24, gateway: 10.20.9.1}}}\n"
            ))
        let standalone = Self.base.replacingOccurrences(of: "name: store,", with: "name: shop-9,")
            .replacingOccurrences(of: "nodeIP: 10.20.0.14", with: "nodeIP: 10.20.9.14")
            .replacingOccurrences(
                of: "address: 10.20.0.14/24, gateway: 10.20.0.1", with: "address: 10.20.9.14/24, gateway: 10.20.9.1")
        let result = testCompiler.compile(
            .bytes(Array(standalone.utf8), file: "p.yaml"), resources: InMemoryResources())
        let bundle = try #require(result.bundle, "\(result.diagnostics)")
        #expect(
            try ManifestCoding.encode(try #require(bundles["shop-9"]).manifest)
                == ManifestCoding.encode(bundle.manifest))
    }

    @Test("every node's errors are reported, each at the fleet line that wrote the value")
    func errorsPerNode() throws {
        let fleet = Self.fleet(
            """
              - name: shop-1
                node: {nodeIP: 10.20.1.300}
              - name: shop-2
                network: {mtu: 1600}
              - name: shop-3
              - name: shop-4
                firewall: {blockNodePorts: [{port: 80, interface: eth1}]}
            """)
        let (bundles, diagnostics) = try Self.compile(fleet)
        let errors = diagnostics.filter { $0.severity == .error }
        let places = errors.map { "\($0.location.file):\($0.location.line):\($0.location.column)" }
        #expect(places.contains("fleet.yaml:7:20"), "nodeIP of shop-1: \(places)")
        #expect(places.contains("fleet.yaml:9:20"), "mtu of shop-2: \(places)")
        #expect(places.contains("fleet.yaml:12:40"), "port of shop-4: \(places)")
        #expect(errors.count == 3, "\(errors.map(\.message))")
        #expect(Set(bundles.keys) == ["shop-3"], "the nodes without errors still compile")
    }

    @Test("a problem in the base is reported once, naming the nodes it concerns")
    func baseProblemsOnce() throws {
        let base = Self.base.replacingOccurrences(of: "metadata:", with: "ovs: {cpuAfinity: \"0\"}\nmetadata:")
        let (_, diagnostics) = try Self.compile(
            Self.fleet("  - name: a\n  - name: b\n  - name: c\n    network: {gateway: {mtu: 1300}}\n"), base: base)
        let unknown = diagnostics.filter { $0.message.contains("cpuAfinity") }
        #expect(unknown.count == 1)
        #expect(
            unknown.first?.message.hasPrefix("every node (3): unknown key 'cpuAfinity'; did you mean 'cpuAffinity'?")
                == true, "\(unknown)")
        #expect(unknown.first?.location.file == "base.yaml" && unknown.first?.location.line == 3)
        let mtu = diagnostics.filter { $0.message.contains("exceeds the gateway MTU 1300") }
        #expect(mtu.count == 1 && mtu.first?.message.hasPrefix("node c: ") == true, "\(mtu.map(\.message))")
    }

    @Test(
        "the fleet file's own mistakes",
        arguments: [
            (
                "  - name: shop-1\n    nodee: {nodeIP: 10.0.0.1}\n", "7:5",
                "unknown key 'nodee' in a fleet node; did you mean 'node'?"
            ),
            ("  - name: shop-1\n  - name: shop-1\n", "7:11", "node name 'shop-1' is used twice (first at line 6)"),
            ("  - name: Shop_1\n", "6:11", "node name 'Shop_1' may hold only lowercase letters, digits and '-'"),
            ("  - node: {nodeIP: 10.0.0.1}\n", "6:5", "missing required field 'name'"),
            (
                "  - name: shop-1\n    metadata: {name: other}\n", "7:22",
                "a node's profile is named by the node's own 'name'"
            ),
            ("  - just-a-string\n", "6:5", "a node is a mapping with a name"),
            ("  []\n", "6:3", "'nodes' must be a non-empty list"),
        ])
    func fleetMistakes(nodes: String, place: String, message: String) throws {
        let (_, diagnostics) = try Self.compile(Self.fleet(nodes))
        let match = diagnostics.first { $0.message.hasPrefix(message) }
        #expect(match != nil, "\(diagnostics.map(\.message))")
        #expect(match.map { "\($0.location.line):\($0.location.column)" } == place)
        #expect(match?.location.file == "fleet.yaml")
    }

    @Test("fleet-level fields are checked like a profile's: kind, apiVersion, a misspelt key")
    func fleetFields() throws {
        let text =
            "apiVersion: nodeprofile/v2\nkind: NodeFleet\nmetadata: {name: shops}\nbsae: base.yaml\nnodes:\n  - name: a\n"
        let read = FleetReader().read(bytes: Array(text.utf8), file: "fleet.yaml")
        #expect(read.fleet == nil)
        let messages = read.diagnostics.map { "\($0.location.line): \($0.message)" }
        #expect(messages.contains { $0.hasPrefix("1: ") && $0.contains("nodeprofile/v1") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("4: ") && $0.contains("did you mean 'base'") }, "\(messages)")
    }

    @Test(
        "the kind is found on its own line without parsing",
        arguments: [
            ("kind: NodeFleet\n", "NodeFleet"), ("# c\nkind: \"NodeFleet\" # fleet\n", "NodeFleet"),
            ("kind: NodeProfile", "NodeProfile"),
            ("  kind: NodeFleet\n", nil), ("{kind: NodeFleet}", nil), ("", nil),
        ] as [(String, String?)])
    func declaredKind(text: String, kind: String?) {
        #expect(FleetSchema.declaredKind(in: Array(text.utf8)) == kind)
    }
}
