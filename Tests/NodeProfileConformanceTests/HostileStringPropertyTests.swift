import Foundation
import NodeProfileTestSupport
import Testing

/// PROFILE.md's last rule as a property: every string field, given deterministic hostile strings, either
/// refuses the value with an error at its path and position, or renders it so that the real consumer of each
/// file it reaches reads back exactly the same value. Failures print the seed (HostileStrings) and the value.
@Suite("Property: hostile strings in every string field", .serialized)
struct HostileStringPropertyTests {
    /// Random values per field, after the fixed classics.
    static let count = 60

    /// The two lines every profile starts with, and those plus a name.
    static let head = "apiVersion: nodeprofile/v1\nkind: NodeProfile\n"
    static let named = head + "metadata:\n  name: props\n"

    /// Fields whose syntax is strict (addresses, CIDRs, CPU lists, fixed words, file names): hostile values
    /// must all be refused. One that got through would need a consumer check of its own.
    static let strictFields: [StringField] = [
        StringField(path: "apiVersion", yaml: "apiVersion: ⟪V⟫\nkind: NodeProfile\nmetadata:\n  name: props\n"),
        StringField(path: "kind", yaml: "apiVersion: nodeprofile/v1\nkind: ⟪V⟫\nmetadata:\n  name: props\n"),
        StringField(path: "node.nodeIP", yaml: named + "node:\n  nodeIP: ⟪V⟫\n"),
        StringField(path: "network.clusterNetwork[0]", yaml: named + "network:\n  clusterNetwork: [⟪V⟫]\n"),
        StringField(path: "network.serviceNetwork[0]", yaml: named + "network:\n  serviceNetwork: [⟪V⟫]\n"),
        StringField(path: "network.serviceNodePortRange", yaml: named + "network:\n  serviceNodePortRange: ⟪V⟫\n"),
        StringField(path: "network.gateway.mode", yaml: named + "network:\n  gateway:\n    mode: ⟪V⟫\n"),
        StringField(
            path: "network.gateway.ipv4.method", yaml: named + "network:\n  gateway:\n    ipv4:\n      method: ⟪V⟫\n"),
        StringField(
            path: "network.gateway.ipv4.address",
            yaml: named + "network:\n  gateway:\n    ipv4:\n      method: static\n      address: ⟪V⟫\n"),
        StringField(
            path: "network.gateway.ipv4.gateway",
            yaml: named
                + "network:\n  gateway:\n    ipv4:\n      method: static\n      address: 192.168.122.14/24\n      gateway: ⟪V⟫\n"
        ),
        StringField(
            path: "network.gateway.ipv4.dns[0]",
            yaml: named
                + "network:\n  gateway:\n    ipv4:\n      method: static\n      address: 192.168.122.14/24\n      dns: [⟪V⟫]\n"
        ),
        StringField(path: "ovs.cpuAffinity", yaml: named + "ovs:\n  cpuAffinity: ⟪V⟫\n"),
        StringField(path: "crio.managementCPUSet", yaml: named + "crio:\n  managementCPUSet: ⟪V⟫\n"),
        StringField(
            path: "proxy.passwordFile",
            yaml: named + "proxy:\n  http: http://proxy.example.com:3128\n  username: u\n  passwordFile: ⟪V⟫\n"),
        StringField(
            path: "proxy.services[0]",
            yaml: named + "proxy:\n  http: http://proxy.example.com:3128\n  services: [⟪V⟫]\n"),
        StringField(
            path: "firewall.blockNodePorts[0].address",
            yaml: named + "firewall:\n  blockNodePorts:\n    - port: 30700\n      address: ⟪V⟫\n"),
        StringField(
            path: "firewall.blockNodePorts[0].protocol",
            yaml: named
                + "firewall:\n  blockNodePorts:\n    - port: 30700\n      address: 10.1.1.1\n      protocol: ⟪V⟫\n"),
        StringField(path: "loadBalancers[0].protocol", yaml: named + lb("protocol: ⟪V⟫\n    ")),
        StringField(path: "target.microshift", yaml: named + "target:\n  microshift: ⟪V⟫\n"),
    ]

    /// A LoadBalancer list with `extra` inserted into its one item.
    static func lb(_ extra: String = "", name: String = "web", selector: String = "app: web") -> String {
        "loadBalancers:\n  - name: \(name)\n    \(extra)port: 8081\n    targetPort: 80\n    selector:\n      \(selector)\n"
    }

    @Test("strict fields refuse every hostile value at its path, line and column", arguments: strictFields)
    func strict(_ field: StringField) {
        let values = HostileStrings.values(count: Self.count, salt: UInt64(field.path.utf8.count))
        for (value, _, _) in HostileCompile.sort(values, into: field) {
            Issue.record(
                failing(
                    field, value, "was accepted, but this field has no round-trip check; add one to the property tests")
            )
        }
    }

    /// Fields that reach the RPM spec, with what `rpmspec -q` must report for an accepted value.
    nonisolated(unsafe) static let rpmFields: [(StringField, (String, [String]) -> Bool)] = [
        (
            StringField(path: "metadata.name", yaml: head + "metadata:\n  name: ⟪V⟫\n"),
            { value, rpm in rpm[0] == "nodeprofile-" + value }
        ),
        (StringField(path: "metadata.version", yaml: named + "  version: ⟪V⟫\n"), { value, rpm in rpm[1] == value }),
        (StringField(path: "metadata.release", yaml: named + "  release: ⟪V⟫\n"), { value, rpm in rpm[2] == value }),
        (
            StringField(path: "metadata.description", yaml: named + "  description: ⟪V⟫\n"),
            { value, rpm in rpm[3] == baseDescription + "\n\n" + value }
        ),
    ]

    /// The DESCRIPTION of a profile without one.
    nonisolated(unsafe) static var baseDescription = ""

    @Test("name, version, release and description: refused, or read back exactly by rpmspec -q")
    func rpm() throws {
        let directory = try PropertyConsumers.scratch("np-rpm")
        defer { try? FileManager.default.removeItem(at: directory) }
        guard case .accepted(_, let spec) = HostileCompile.run(Self.named) else {
            Issue.record("the base profile does not compile")
            return
        }
        Self.baseDescription = try #require(try PropertyConsumers.rpmFields(spec, in: directory))[3]
        var descriptions = 0
        for (index, (field, expected)) in Self.rpmFields.enumerated() {
            for (value, files, spec) in HostileCompile.sort(
                HostileStrings.values(count: Self.count, salt: 100 + UInt64(index)), into: field)
            {
                guard let fields = try PropertyConsumers.rpmFields(spec, in: directory) else { continue }
                #expect(
                    fields.count == 4 && expected(value, fields),
                    failing(field, value, "rpmspec -q read back \(fields.map(HostileStrings.shown))"))
                if field.path == "metadata.description" { descriptions += 1 }
                // The name is the only profile text in the scripts (their header comment): bash must still read them.
                if field.path == "metadata.name", let script = files["/etc/nodeprofile/ovs-init.sh"] {
                    let bash = try Tool.run("bash", ["-n"], stdin: script)
                    #expect(
                        bash.status == 0 && script.contains("\n# Generated by nodeprofile from profile \(value): edit"),
                        failing(field, value, "bash -n: \(bash.stderr)"))
                }
            }
        }
        #expect(
            descriptions > 20, "only \(descriptions) hostile descriptions were accepted: the RPM round trip says little"
        )
    }

    /// Fields that reach MicroShift's YAML, with the file and where in its documents the value must appear.
    nonisolated(unsafe) static let yamlFields: [(StringField, String, ([Any]) -> Any?)] = [
        (
            StringField(path: "node.hostname", yaml: named + "node:\n  hostname: ⟪V⟫\n"), "/etc/microshift/config.yaml",
            { (($0.first as? [String: Any])?["node"] as? [String: Any])?["hostnameOverride"] }
        ),
        (
            StringField(
                path: "network.gateway.interface",
                yaml: named + "network:\n  gateway:\n    mode: microshift\n    interface: ⟪V⟫\n"),
            "/etc/microshift/ovn.yaml",
            { (($0.first as? [String: Any])?["ovsInit"] as? [String: Any])?["gatewayInterface"] }
        ),
        (StringField(path: "loadBalancers[0].name", yaml: named + lb(name: "⟪V⟫")), manifest, { service($0)?["name"] }),
        (
            StringField(path: "loadBalancers[0].namespace", yaml: named + lb("namespace: ⟪V⟫\n    ")), manifest,
            { service($0)?["namespace"] }
        ),
        (
            StringField(path: "loadBalancers[0].selector", yaml: named + lb(selector: "app: ⟪V⟫")), manifest,
            {
                (($0.last as? [String: Any])?["spec"] as? [String: Any])?["selector"].flatMap {
                    ($0 as? [String: Any])?["app"]
                }
            }
        ),
        (
            StringField(path: "loadBalancers[0].selector", yaml: named + lb(selector: "⟪V⟫: web"), isKey: true),
            manifest,
            {
                (($0.last as? [String: Any])?["spec"] as? [String: Any])?["selector"].flatMap {
                    ($0 as? [String: Any])?.keys.first
                }
            }
        ),
    ]
    /// The LoadBalancer manifest, and its Service's metadata.
    static let manifest = "/etc/microshift/manifests/nodeprofile-loadbalancers.yaml"
    static func service(_ documents: [Any]) -> [String: Any]? {
        (documents.last as? [String: Any])?["metadata"] as? [String: Any]
    }

    @Test("hostname, gateway interface and LoadBalancer names and labels: refused, or read back exactly by PyYAML")
    func yaml() throws {
        let directory = try PropertyConsumers.scratch("np-yaml")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (index, (field, file, extract)) in Self.yamlFields.enumerated() {
            let accepted = HostileCompile.sort(
                HostileStrings.values(count: Self.count, salt: 200 + UInt64(index)), into: field)
            let texts = accepted.map { $0.files[file] ?? "" }
            let parsed = try PropertyConsumers.yamlDocuments(texts, in: directory)
            #expect(
                parsed.count == accepted.count,
                "PyYAML read \(parsed.count) of \(accepted.count) files for \(field.path)")
            for (entry, documents) in zip(accepted, parsed) {
                let read = extract(documents as? [Any] ?? [])
                #expect(
                    read as? String == entry.value,
                    failing(field, entry.value, "PyYAML read \(String(describing: read)) from \(file)"))
            }
        }
    }
}
