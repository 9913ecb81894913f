import Foundation
import NodeProfileTestSupport
import Testing

/// Every NetworkManager keyfile read back by `nmcli --offline` with no property lost.
@Suite("Conformance: NetworkManager keyfiles")
struct KeyfileConformanceTests {
    /// section -> key -> value of a GLib key file, comments and blank lines ignored.
    static func properties(_ text: String) -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        var section = ""
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
                result[section, default: [:]] = [:]
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            result[section, default: [:]][String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return result
    }

    /// True when nmcli's `output` for `key` says what we wrote: NetworkManager writes MAC addresses in uppercase and
    /// reads either case, and we write them in lowercase, as the kernel reports them.
    static func same(_ key: String, _ output: String?, _ written: String) -> Bool {
        key.hasSuffix("mac-address") ? output?.lowercased() == written.lowercased() : output == written
    }

    @Test("nmcli --offline reads every keyfile back unchanged", arguments: Blueprints.all)
    func readBack(_ blueprint: String) throws {
        let bundle = try BuiltBundle.build(blueprint)
        let keyfiles = bundle.files { $0.path.hasSuffix(".nmconnection") }
        let declarative = bundle.manifest.profile.gatewayMode == "declarative"
        // From 4.14 MicroShift owns br-ex, and declarative mode writes the NIC's own connection only.
        let own = bundle.manifest.profile.microshift == "4.13" ? 5 : 1
        #expect(
            keyfiles.count == (declarative ? own : 0),
            "declarative mode owns br-ex's five connections (4.13) or the NIC's one (4.14 on); other modes none")
        for keyfile in keyfiles {
            #expect(keyfile.mode == .secret, "NetworkManager ignores keyfiles readable by others")
            let input = try bundle.resolvedText(keyfile.path)
            let id = try #require(Self.properties(input)["connection"]?["id"])
            let run = try Tool.run("nmcli", ["--offline", "connection", "modify", "connection.id", id], stdin: input)
            #expect(run.status == 0, "nmcli rejected \(keyfile.path): \(run.stderr)")
            let output = Self.properties(run.stdout)
            for (section, values) in Self.properties(input) {
                for (key, value) in values {
                    #expect(
                        Self.same(key, output[section]?[key], value),
                        "\(keyfile.path): [\(section)] \(key)=\(value) was lost or changed: \(output[section]?[key] ?? "missing")"
                    )
                }
            }
        }
    }

    @Test("nmcli --offline rejects a keyfile we break, so the read-back test can fail")
    func harnessCatchesErrors() throws {
        let bundle = try BuiltBundle.build("static-ip")
        let broken = try bundle.resolvedText("/etc/NetworkManager/system-connections/ovs-if-br-ex.nmconnection")
            .replacingOccurrences(of: "address1=192.168.122.14/24", with: "address1=192.168.122.300/24")
        let run = try Tool.run(
            "nmcli", ["--offline", "connection", "modify", "connection.id", "ovs-if-br-ex"], stdin: broken)
        #expect(run.status != 0)
    }
}
