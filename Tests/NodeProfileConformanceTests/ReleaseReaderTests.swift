import Foundation
import NodeProfileCore
import NodeProfileTestSupport
import Testing

/// Every blueprint built for every MicroShift release it is allowed on, read back by that release's decoding
/// (Tests/readers releases.go: sigs.k8s.io/yaml into []string through 4.17; from 4.18 config.yaml and config.d
/// merged as RFC 7386 merge patches with evanphx/json-patch, then encoding/json).
@Suite("Readers: MicroShift 4.14 to 5.0")
struct ReleaseReaderTests {
    static let releases = MicroShiftRelease.versions

    /// The blueprint's text with its target replaced by `version`.
    static func retarget(_ name: String, to version: String) throws -> (text: String, path: String) {
        let path = BuiltBinary.repository.appendingPathComponent("blueprints/\(name).yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("  microshift: ") ? "  microshift: \"\(version)\"" : String(line)
        }
        #expect(lines.contains("  microshift: \"\(version)\""), "\(name) names no target.microshift")
        return (lines.joined(separator: "\n"), path)
    }

    @Test("every blueprint, for every release it is allowed on, reads back as the profile means", arguments: releases)
    func blueprints(version: String) throws {
        for name in Blueprints.all {
            let (text, path) = try Self.retarget(name, to: version)
            switch try ReaderCase.compile(text, resources: FileSystemResources(profilePath: path)) {
            case .success(let readerCase):
                defer { readerCase.remove() }
                #expect(readerCase.profile.microshift == version)
                try readerCase.checkMicroShiftReaders("\(name) for \(version)")
            case .failure(let refusal):
                // Only a gateway mode a release has no longer, or (from 4.14, where the node IP must be the NIC's
                // static address) a node IP with DHCP, may keep a blueprint from a release.
                #expect(
                    version != "4.13"
                        && refusal.diagnostics.allSatisfy { ["network.gateway.mode", "node.nodeIP"].contains($0.path) },
                    "\(name) refused for \(version): \(refusal)")
            }
        }
    }

    @Test(
        "from 4.18 the user's config.yaml stays theirs: its keys hold where our drop-in sets none",
        arguments: [
            "4.18", "4.19", "4.20", "4.21", "4.22", "5.0",
        ])
    func userConfigKept(version: String) throws {
        let text =
            MicroShiftReaderTests.header + "target: {microshift: \"\(version)\"}\n"
            + "node: {hostname: edge-1, nodeIP: 192.168.7.5}\nnetwork:\n  clusterNetwork: [10.52.0.0/16]\n"
            + "  gateway: {ipv4: {method: static, address: 192.168.7.5/24, gateway: 192.168.7.1}}\n"
        let readerCase = try ReaderCase.compile(text).get()
        defer { readerCase.remove() }
        try readerCase.checkMicroShiftReaders("drop-in alone, \(version)")
        let user = """
            dns:
              baseDomain: shop.example
            network:
              clusterNetwork: [10.99.0.0/16]
              serviceNetwork: [10.66.0.0/16]
            node:
              hostnameOverride: users-name

            """
        try PropertyConsumers.write(user, to: readerCase.url("/etc/microshift/config.yaml"))
        let view = try DeviceReaders.microshift(release: version, root: readerCase.root).get()
        #expect(view["hostnameOverride"] as? String == "edge-1" && view["nodeIP"] as? String == "192.168.7.5")
        #expect(view["clusterCIDR"] as? String == "10.52.0.0/16", "ours wins where both set it")
        #expect(view["serviceCIDR"] as? String == "10.66.0.0/16" && view["baseDomain"] as? String == "shop.example")
        #expect(view["apiServiceAddress"] as? String == "10.67.0.0" && view["clusterDNS"] as? String == "10.66.0.10")
        #expect(
            view["configFiles"] as? [String] == [
                "/etc/microshift/config.yaml", "/etc/microshift/config.d/90-nodeprofile.yaml",
            ])
    }

    @Test(
        "a 4.13 bundle's config.yaml stops every later MicroShift; the release's own shape is read",
        arguments: [
            "4.14", "4.17", "4.18", "5.0",
        ])
    func oldShapeRefused(version: String) throws {
        let body = "network:\n  clusterNetwork: [10.52.0.0/16]\n"
        let old = try ReaderCase.compile(MicroShiftReaderTests.header + "target: {microshift: \"4.13\"}\n" + body).get()
        defer { old.remove() }
        guard case .failure(let error) = try DeviceReaders.microshift(release: version, root: old.root) else {
            Issue.record("MicroShift \(version)'s decoding accepted 4.13's cidr mappings")
            return
        }
        #expect(error.description.contains("cannot unmarshal object into Go struct field"), "\(error)")
        let new = try ReaderCase.compile(MicroShiftReaderTests.header + "target: {microshift: \"\(version)\"}\n" + body)
            .get()
        defer { new.remove() }
        try new.checkMicroShiftReaders("clusterNetwork for \(version)")
    }

    @Test("from 4.14 the LoadBalancer manifests in manifests.d/nodeprofile decode into the API's types")
    func manifestsDirectory() throws {
        let (text, path) = try Self.retarget("loadbalancer", to: "4.16")
        let readerCase = try ReaderCase.compile(text, resources: FileSystemResources(profilePath: path)).get()
        defer { readerCase.remove() }
        let directory = "/etc/microshift/manifests.d/nodeprofile/"
        let objects = try DeviceReaders.manifests(
            ["kustomization.yaml", "nodeprofile-loadbalancers.yaml"].map { readerCase.url(directory + $0) }
        ).get()
        #expect(objects.map { $0["kind"] as? String } == ["Kustomization", "Namespace", "Service"])
        #expect(readerCase.files.keys.allSatisfy { !$0.hasPrefix("/etc/microshift/manifests/") })
    }
}
