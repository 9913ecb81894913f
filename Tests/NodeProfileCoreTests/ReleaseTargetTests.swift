import Testing

@testable import NodeProfileCore

/// Every MicroShift release from 4.13 to 5.0 is a target, and each gets its files where that release reads them.
@Suite("Release targets")
struct ReleaseTargetTests {
    static let releases = ["4.13", "4.14", "4.15", "4.16", "4.17", "4.18", "4.19", "4.20", "4.21", "4.22", "5.0"]

    /// The profile `body` targeting `version`, through the front end.
    static func compile(_ version: String, _ body: String = "") -> ProfileCompilation {
        frontEnd(MarkedProfile.header + "target:\n  microshift: \"\(version)\"\n" + body)
    }

    /// The rendered text of the planned file at `path`, or nil when the plan has none there.
    static func rendered(_ profile: Profile, _ path: String) throws -> String? {
        guard let artifact = Planner.plan(profile).artifacts.first(where: { $0.path == path }) else { return nil }
        return try TemplateSet.builtIn().render(artifact.template, artifact.context(CommonContext(profile: "t")))
    }

    @Test("every release from 4.13 to 5.0 is accepted as target.microshift, with no diagnostic", arguments: releases)
    func everyReleaseIsATarget(version: String) throws {
        let result = Self.compile(version)
        #expect(result.diagnostics.isEmpty, "\(listing(result.diagnostics))")
        #expect(try #require(result.profile).microshift == version)
    }

    @Test("an unknown release is refused, naming the known ones oldest first")
    func unknownRelease() {
        let result = Self.compile("4.12")
        let error = result.diagnostics.first { $0.severity == .error }
        #expect(
            error?.message
                == "MicroShift 4.12 is not known to this build; allowed: \(Self.releases.joined(separator: ", "))")
    }

    @Test("a profile that leaves target out gets 4.13 and a warning naming the releases")
    func missingTargetWarns() throws {
        let result = frontEnd(MarkedProfile.header)
        #expect(try #require(result.profile).microshift == "4.13")
        let warnings = result.diagnostics.filter { $0.severity == .warning }
        #expect(warnings.count == 1, "\(listing(result.diagnostics))")
        let message = try #require(warnings.first).message
        #expect(message.contains("target.microshift is not set; building for MicroShift 4.13"), "\(message)")
        #expect(message.contains(Self.releases.joined(separator: ", ")), "\(message)")
    }

    @Test("4.14 to 4.17 write config.yaml with clusterNetwork as strings", arguments: ["4.14", "4.16", "4.17"])
    func stringClusterNetwork(version: String) throws {
        let profile = try #require(Self.compile(version, "network:\n  clusterNetwork: [10.52.0.0/16]\n").profile)
        let text = try #require(try Self.rendered(profile, "/etc/microshift/config.yaml"))
        #expect(text.contains("  clusterNetwork:\n    - \"10.52.0.0/16\"\n"), "\(text)")
        #expect(!text.contains("cidr:"))
    }

    @Test("from 4.18 the settings go in our config.d drop-in, never config.yaml", arguments: ["4.18", "4.20", "5.0"])
    func configDropIn(version: String) throws {
        let profile = try #require(Self.compile(version, "node:\n  hostname: edge-1\n").profile)
        #expect(try Self.rendered(profile, "/etc/microshift/config.yaml") == nil)
        let text = try #require(try Self.rendered(profile, "/etc/microshift/config.d/90-nodeprofile.yaml"))
        #expect(text.contains("node:\n  hostnameOverride: \"edge-1\"\n"), "\(text)")
    }

    @Test("LoadBalancer manifests: 4.13's fixed folder, then a folder of ours under manifests.d")
    func manifestFolders() throws {
        let body = """
            loadBalancers:
              - name: web
                port: 81
                targetPort: 8080
                selector: {app: web}

            """
        func paths(_ version: String) throws -> [String] {
            let result = Self.compile(version, body)
            let profile = try #require(result.profile, "\(listing(result.diagnostics))")
            return Planner.plan(profile).artifacts.map(\.path).filter { $0.contains("/manifests") }
        }
        #expect(
            try paths("4.13") == [
                "/etc/microshift/manifests/kustomization.yaml",
                "/etc/microshift/manifests/nodeprofile-loadbalancers.yaml",
            ])
        for version in ["4.14", "4.18", "5.0"] {
            #expect(
                try paths(version) == [
                    "/etc/microshift/manifests.d/nodeprofile/kustomization.yaml",
                    "/etc/microshift/manifests.d/nodeprofile/nodeprofile-loadbalancers.yaml",
                ])
        }
    }

    @Test("nodeprofile-nm.conf is written beside 4.13's microshift-nm.conf only", arguments: releases)
    func keyfilePluginConf(version: String) throws {
        let profile = try #require(Self.compile(version).profile)
        let written = Planner.plan(profile).artifacts.contains {
            $0.path == "/etc/NetworkManager/conf.d/nodeprofile-nm.conf"
        }
        #expect(written == (version == "4.13"))
    }

    @Test("from 4.14 ovn.yaml holds only mtu, and is not written without one", arguments: ["4.14", "4.18", "5.0"])
    func ovnKeys(version: String) throws {
        let plain = try #require(Self.compile(version).profile)
        #expect(try Self.rendered(plain, "/etc/microshift/ovn.yaml") == nil)
        let withMTU = try #require(Self.compile(version, "network:\n  mtu: 1400\n").profile)
        let text = try #require(try Self.rendered(withMTU, "/etc/microshift/ovn.yaml"))
        #expect(!text.contains("ovsInit") && text.hasSuffix("\nmtu: 1400\n"), "\(text)")
        let old = try #require(Self.compile("4.13").profile)
        #expect(try Self.rendered(old, "/etc/microshift/ovn.yaml")?.contains("  disableOVSInit: true\n") == true)
    }

    @Test("each release's profile RPM requires that release's openvswitch")
    func networkingPackages() {
        let openvswitch = Self.releases.map { MicroShiftRelease.named($0).networkingPackages.first ?? "" }
        #expect(
            openvswitch == ["openvswitch3.1"] + Array(repeating: "(openvswitch3.3 or openvswitch >= 3.3)", count: 3)
                + Array(repeating: "(openvswitch3.5 or openvswitch >= 3.5)", count: 7))
    }
}
