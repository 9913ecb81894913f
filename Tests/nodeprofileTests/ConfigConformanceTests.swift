import Foundation
import Testing

/// The CRI-O file parsed as TOML, MicroShift's YAML files parsed as YAML and holding only keys 4.13 reads.
@Suite("Conformance: TOML and YAML")
struct ConfigConformanceTests {
    /// Parses files with Python's tomllib / PyYAML and prints them as JSON (one document per line).
    static let parser = """
        import json, sys, tomllib, yaml
        kind, path = sys.argv[1], sys.argv[2]
        if kind == "toml":
            print(json.dumps(tomllib.load(open(path, "rb"))))
        else:
            for document in yaml.safe_load_all(open(path)):
                print(json.dumps(document))
        """

    static func parse(_ kind: String, _ url: URL) throws -> [[String: Any]] {
        let run = try Tool.run("python3", ["-c", parser, kind, url.path])
        #expect(run.status == 0, "\(kind) parser rejected \(url.lastPathComponent): \(run.stderr)")
        return try run.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// Keys MicroShift 4.13 reads, per file, as dotted paths.
    static let knownKeys: [String: Set<String>] = [
        "/etc/microshift/ovn.yaml": ["ovsInit", "ovsInit.disableOVSInit", "ovsInit.gatewayInterface", "mtu"],
        "/etc/microshift/config.yaml": ["network", "network.clusterNetwork", "network.serviceNetwork", "network.serviceNodePortRange",
                                        "node", "node.hostnameOverride", "node.nodeIP"],
    ]

    static func keyPaths(_ object: [String: Any], prefix: String = "") -> Set<String> {
        var paths: Set<String> = []
        for (key, value) in object {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            paths.insert(path)
            if let nested = value as? [String: Any] { paths.formUnion(keyPaths(nested, prefix: path)) }
        }
        return paths
    }

    @Test("MicroShift's YAML files parse and hold only keys MicroShift 4.13 reads", arguments: Blueprints.all)
    func microshiftYAML(_ blueprint: String) throws {
        let bundle = try BuiltBundle.build(blueprint)
        for (path, known) in Self.knownKeys where bundle.manifest.files.contains(where: { $0.path == path }) {
            let documents = try Self.parse("yaml", bundle.url(path))
            #expect(documents.count == 1)
            let unknown = Self.keyPaths(documents.first ?? [:]).subtracting(known)
            #expect(unknown.isEmpty, "\(path) holds keys MicroShift 4.13 does not read: \(unknown.sorted())")
        }
        let ovn = try #require(try Self.parse("yaml", bundle.url("/etc/microshift/ovn.yaml")).first)
        let disabled = (ovn["ovsInit"] as? [String: Any])?["disableOVSInit"] as? Bool
        #expect(disabled == (bundle.manifest.profile.gatewayMode != "microshift"))
    }

    @Test("static-ip's values reach config.yaml and ovn.yaml typed as MicroShift expects")
    func staticValues() throws {
        let bundle = try BuiltBundle.build("static-ip")
        let config = try #require(try Self.parse("yaml", bundle.url("/etc/microshift/config.yaml")).first)
        let node = config["node"] as? [String: Any]
        #expect(node?["hostnameOverride"] as? String == "store-0421-gw" && node?["nodeIP"] as? String == "192.168.122.14")
        let ovn = try #require(try Self.parse("yaml", bundle.url("/etc/microshift/ovn.yaml")).first)
        #expect(ovn["mtu"] as? Int == 1400)
    }

    @Test("the CRI-O drop-in parses as TOML with the management workload partition", arguments: Blueprints.all)
    func crio(_ blueprint: String) throws {
        let bundle = try BuiltBundle.build(blueprint)
        let crio = try #require(try Self.parse("toml", bundle.url("/etc/crio/crio.conf.d/microshift-ovn.conf")).first)
        let network = (crio["crio"] as? [String: Any])?["network"] as? [String: Any]
        #expect(network?["cni_default_network"] as? String == "ovn-kubernetes")
        let management = (((crio["crio"] as? [String: Any])?["runtime"] as? [String: Any])?["workloads"] as? [String: Any])?["management"] as? [String: Any]
        #expect(management?["activation_annotation"] as? String == "target.workload.openshift.io/management")
        let resources = management?["resources"] as? [String: Any]
        #expect(resources?["cpushares"] as? Int == 0)
        #expect(resources?["cpuset"] as? String == (blueprint == "static-ip" ? "0-1" : "0"))
    }

    @Test("LoadBalancer manifests parse as Kubernetes objects with the profile's ports")
    func manifests() throws {
        let bundle = try BuiltBundle.build("loadbalancer")
        let kustomization = try #require(try Self.parse("yaml", bundle.url("/etc/microshift/manifests/kustomization.yaml")).first)
        #expect(kustomization["resources"] as? [String] == ["nodeprofile-loadbalancers.yaml"])
        let documents = try Self.parse("yaml", bundle.url("/etc/microshift/manifests/nodeprofile-loadbalancers.yaml"))
        #expect(documents.compactMap { $0["kind"] as? String } == ["Namespace", "Service"])
        let spec = try #require(documents.last?["spec"] as? [String: Any])
        #expect(spec["type"] as? String == "LoadBalancer")
        #expect(spec["selector"] as? [String: String] == ["app": "nginx"])
        let port = try #require((spec["ports"] as? [[String: Any]])?.first)
        #expect(port["port"] as? Int == 81 && port["targetPort"] as? Int == 8080 && port["protocol"] as? String == "TCP")
    }
}
