import Foundation
import NodeProfileTestSupport
import Testing

/// The CRI-O drop-in parsed as TOML and the LoadBalancer manifests as YAML.
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

    // config.yaml and ovn.yaml are read back by MicroShift 4.13's own decoding in MicroShiftReaderTests: PyYAML
    // accepted shapes MicroShift's Go structs refuse.

    @Test("the CRI-O drop-in parses as TOML with the whole management workload table", arguments: Blueprints.all)
    func crio(_ blueprint: String) throws {
        let bundle = try BuiltBundle.build(blueprint)
        let crio = try #require(
            try Self.parse("toml", bundle.url("/etc/crio/crio.conf.d/nodeprofile-workloads.conf")).first)
        #expect(
            (crio["crio"] as? [String: Any])?.keys.sorted() == ["runtime"],
            "only the workload table: the rest is MicroShift's")
        let management =
            (((crio["crio"] as? [String: Any])?["runtime"] as? [String: Any])?["workloads"] as? [String: Any])?[
                "management"] as? [String: Any]
        #expect(management?["activation_annotation"] as? String == "target.workload.openshift.io/management")
        let resources = management?["resources"] as? [String: Any]
        #expect(resources?["cpushares"] as? Int == 0)
        #expect(resources?["cpuset"] as? String == (blueprint == "static-ip" ? "0-1" : "0"))
    }

    @Test("LoadBalancer manifests parse as Kubernetes objects with the profile's ports")
    func manifests() throws {
        let bundle = try BuiltBundle.build("loadbalancer")
        let kustomization = try #require(
            try Self.parse("yaml", bundle.url("/etc/microshift/manifests/kustomization.yaml")).first)
        #expect(kustomization["resources"] as? [String] == ["nodeprofile-loadbalancers.yaml"])
        let documents = try Self.parse("yaml", bundle.url("/etc/microshift/manifests/nodeprofile-loadbalancers.yaml"))
        #expect(documents.compactMap { $0["kind"] as? String } == ["Namespace", "Service"])
        let spec = try #require(documents.last?["spec"] as? [String: Any])
        #expect(spec["type"] as? String == "LoadBalancer")
        #expect(spec["selector"] as? [String: String] == ["app": "nginx"])
        let port = try #require((spec["ports"] as? [[String: Any]])?.first)
        #expect(
            port["port"] as? Int == 81 && port["targetPort"] as? Int == 8080 && port["protocol"] as? String == "TCP")
    }
}
