import Testing

@testable import NodeProfileCore

/// The rows of the upgrade check that no blueprint move reaches, on hand-made profiles and releases.
@Suite("Upgrade check")
struct UpgradeCheckTests {
    static let renderer = testCompiler.renderer

    static func profile(_ body: String = "") throws -> Profile {
        let result = frontEnd(MarkedProfile.header + "target:\n  microshift: \"4.13\"\n" + body)
        #expect(!result.hasErrors, "\(listing(result.diagnostics))")
        return try #require(result.profile)
    }

    @Test("a path of ours that the new release's packages own is an error: its next update overwrites it")
    func vendorOwned() throws {
        let own = MicroShiftRelease.v4_18.changing {
            $0.vendorOwnedPaths.append("/etc/crio/crio.conf.d/nodeprofile-workloads.conf")
        }
        let changes = UpgradeCheck.changes(try Self.profile(), from: .v4_18, to: own, renderer: Self.renderer)
        #expect(changes.count == 1)
        #expect(changes.first?.kind == .vendorOwned && changes.first?.breaks == true)
        #expect(changes.first?.path == "/etc/crio/crio.conf.d/nodeprofile-workloads.conf")
    }

    @Test("no change of release lists nothing; LoadBalancers move to manifests.d without breaking anything")
    func sameAndManifests() throws {
        let body =
            "loadBalancers:\n  - {name: web, namespace: shop, port: 8081, targetPort: 80, protocol: TCP, selector: {app: web}}\n"
        let profile = try Self.profile(body)
        #expect(UpgradeCheck.changes(profile, from: .v4_16, to: .v4_16, renderer: Self.renderer).isEmpty)
        let changes = UpgradeCheck.changes(profile, from: .v4_13, to: .v4_14, renderer: Self.renderer)
        let manifests = changes.filter { $0.path.hasPrefix("/etc/microshift/manifests/") }
        #expect(manifests.count == 2 && manifests.allSatisfy { $0.kind == .renamed && !$0.breaks })
        #expect(
            manifests.map(\.newPath).allSatisfy { $0?.hasPrefix("/etc/microshift/manifests.d/nodeprofile/") == true })
    }

    @Test("a clusterNetwork in the 4.13 shape breaks 4.18 too, where config.yaml is renamed to the drop-in")
    func shapeOnRename() throws {
        let profile = try Self.profile("network:\n  clusterNetwork: [10.52.0.0/16]\n")
        let changes = UpgradeCheck.changes(profile, from: .v4_13, to: .v4_18, renderer: Self.renderer)
        let config = try #require(changes.first { $0.path == "/etc/microshift/config.yaml" })
        #expect(config.kind == .renamed && config.breaks)
        #expect(config.reason.contains("reads network.clusterNetwork as a list of strings"))
    }

    @Test("validate --target's document: the target replaced where it stands, or added when the profile has none")
    func targeting() throws {
        for text in [
            MarkedProfile.header, MarkedProfile.header + "target:\n  microshift: \"4.13\"\n",
            MarkedProfile.header + "target:\n",
        ] {
            let document = try #require(frontEnd(text).document)
            let result = testCompiler.compile(.document(document.targeting("4.18")), resources: InMemoryResources([:]))
            #expect(result.profile?.microshift == "4.18", "\(text): \(listing(result.diagnostics))")
            #expect(result.diagnostics.isEmpty, "\(listing(result.diagnostics))")
        }
    }
}
