import NodeProfileManifest
import Testing

@testable import NodeProfileCore

/// The plan checker's invariants, fed plans that break them on purpose (the planner never does).
@Suite("Plan checks")
struct PlanCheckerTests {
    static func profile() throws -> (Profile, ProfileLocator) {
        let result = frontEnd(MarkedProfile.header + "proxy:\n  http: http://proxy.example:3128\n")
        return (try #require(result.profile), ProfileLocator(document: try #require(result.document)))
    }

    @Test("two artifacts on one path, and a secret outside a 0600 file, are errors at the profile line")
    func pathsAndSecrets() throws {
        let (profile, locator) = try Self.profile()
        var plan = Planner.plan(profile)
        plan.artifacts.append(
            CPUAffinityDropIn(
                service: "ovs-vswitchd.service", cpus: profile.ovs.cpuAffinity,
                fileName: "nodeprofile-cpuaffinity.conf"))
        plan.artifacts.append(LeakyArtifact())
        let diagnostics = PlanChecker.check(plan, profile, locate: locator.location(of:))
        #expect(
            diagnostics.contains {
                $0.message.contains(
                    "two generated files would be written to /etc/systemd/system/ovs-vswitchd.service.d/nodeprofile-cpuaffinity.conf"
                )
            })
        let secret = try #require(diagnostics.first { $0.message.contains("holds a secret but would be mode 644") })
        #expect(
            secret.location.line == 6 && secret.path == "proxy.http", "points at the proxy line: \(secret.location)")
    }

    @Test("Fix 4: a file on a path MicroShift's packages own is an error, whatever wrote it into the plan")
    func vendorOwnedPath() throws {
        let (profile, locator) = try Self.profile()
        #expect(PlanChecker.check(Planner.plan(profile), profile, locate: locator.location(of:)).isEmpty)
        var plan = Planner.plan(profile)
        plan.artifacts.append(
            CPUAffinityDropIn(
                service: "ovs-vswitchd.service", cpus: profile.ovs.cpuAffinity,
                fileName: "microshift-cpuaffinity.conf"))
        let diagnostics = PlanChecker.check(plan, profile, locate: locator.location(of:))
        #expect(
            diagnostics.contains {
                $0.message.contains(
                    "ovs-vswitchd.service.d/microshift-cpuaffinity.conf belongs to MicroShift 4.13's packages")
            },
            "\(listing(diagnostics))")
    }

    @Test("every proxy environment file carries NoProxy's list: the required entries first, then the profile's, once")
    func noProxyList() throws {
        let result = frontEnd(
            MarkedProfile.header
                + "node:\n  nodeIP: 192.168.50.10\nproxy:\n  http: http://proxy.example:3128\n  noProxy: [.corp.example, localhost]\n"
        )
        let profile = try #require(result.profile, "\(listing(result.diagnostics))")
        let files = Planner.plan(profile).artifacts.compactMap { $0 as? ProxyEnvironmentFile }
        #expect(files.count == 2)
        for file in files {
            #expect(
                file.noProxy == [
                    "localhost", "127.0.0.1", ".svc", ".cluster.local", "10.42.0.0/16", "10.43.0.0/16",
                    "192.168.50.10", ".corp.example",
                ])
        }
    }

    @Test(
        "the gateway MTU stays a number or a fact: a known one is a number in the keyfiles, auto is the NIC's MTU fact")
    func gatewayMTU() throws {
        let result = frontEnd(MarkedProfile.header + "network:\n  mtu: 1400\n  gateway:\n    mtu: 1500\n")
        let profile = try #require(result.profile)
        #expect(
            Planner.plan(profile).artifacts.compactMap { ($0 as? GatewayKeyfile)?.mtu } == [.known(1500), .known(1500)])
        let auto = try #require(frontEnd(MarkedProfile.header + "network:\n  mtu: 1400\n").profile)
        #expect(
            Planner.plan(auto).artifacts.compactMap { ($0 as? GatewayKeyfile)?.mtu } == [
                .fact(Fact.gatewayMTU), .fact(Fact.gatewayMTU),
            ])
    }

    @Test(
        "the pod-MTU rule is one: validation refuses a stated pair exactly when the agent would refuse the NIC's MTU",
        arguments: [(1400, 1500), (1500, 1500), (1501, 1500), (9000, 576)])
    func podMTUDecidedOnce(pod: Int, nic: Int) throws {
        let stated = frontEnd(MarkedProfile.header + "network:\n  mtu: \(pod)\n  gateway:\n    mtu: \(nic)\n")
        let refusedAtBuild = stated.diagnostics.contains { $0.message.contains("exceeds the gateway MTU") }
        let auto = try #require(frontEnd(MarkedProfile.header + "network:\n  mtu: \(pod)\n").profile)
        let constraints = Planner.plan(auto).constraints
        let refusedOnDevice = FactConstraint.problem(constraints, [Fact.gatewayMTU: "\(nic)"]) != nil
        #expect(refusedAtBuild == refusedOnDevice && refusedAtBuild == !PodMTU.fits(pod, nic: nic))
    }

    @Test("the password never reaches a file that is not a 0600 secret")
    func secretScan() throws {
        let clean = frontEnd(
            MarkedProfile.header
                + "  description: ok\nproxy:\n  http: http://p.example:3128\n  username: u\n  passwordFile: p\n",
            files: ["p": "s3cretpass\n"])
        let profile = try #require(clean.profile, "\(listing(clean.diagnostics))")
        var leaked = profile
        leaked.metadata.description = "s3cretpass"
        leaked.node.hostname = "s3cretpass"
        var bag = DiagnosticBag()
        guard testCompiler.backEnd(leaked, locator: try #require(clean.locator), into: &bag) == nil else {
            Issue.record("a build that leaks the password must fail")
            return
        }
        let diagnostics = bag.sorted
        #expect(diagnostics.contains { $0.message.contains("would appear in /etc/microshift/config.yaml") })
        #expect(
            !diagnostics.contains { $0.message.contains("s3cretpass") },
            "the diagnostic itself must not print the password")
    }
}

/// An artifact that claims a secret but is world-readable.
private struct LeakyArtifact: Artifact {
    var path: String { "/etc/nodeprofile/leak" }
    var template: String { "sysctl/ip-forward.conf" }
    var provenance: [ProfilePath] { ["proxy.http"] }
    var actions: [Action] { [] }
    var secret: Bool { true }
    func context(_ common: CommonContext) -> TemplateContext { common.with([:]) }
}

/// MicroShift facts are data: another release is a new `MicroShiftRelease` value, and the planner follows it.
@Suite("MicroShift release data")
struct MicroShiftReleaseTests {
    @Test("Fix 6: a release value decides config.yaml's clusterNetwork shape, defaults and our file names")
    func releaseDrivesThePlan() throws {
        let result = frontEnd(MarkedProfile.header + "network:\n  clusterNetwork: [10.52.0.0/16]\n")
        let profile = try #require(result.profile)
        var later = MicroShiftRelease.v4_13
        later.version = "4.14"
        later.clusterNetworkShape = .strings
        later.ownPaths.crioDropIn = "zz-nodeprofile.conf"
        later.clusterNetwork = IPv4Network(address: IPv4Address(0x0A34_0000), prefix: 16)
        let templates = try TemplateSet.builtIn()
        func config(_ release: MicroShiftRelease) throws -> String? {
            let plan = Planner.plan(profile, release: release)
            guard let artifact = plan.artifacts.first(where: { $0.path == "/etc/microshift/config.yaml" }) else {
                return nil
            }
            return try templates.render(artifact.template, artifact.context(CommonContext(profile: "p")))
        }
        #expect(try config(.v4_13)?.contains("  clusterNetwork:\n    - cidr: \"10.52.0.0/16\"\n") == true)
        // 10.52.0.0/16 is this release's default, so config.yaml leaves it out.
        #expect(try config(later) == nil)
        later.clusterNetwork = MicroShiftRelease.v4_13.clusterNetwork
        #expect(try config(later)?.contains("  clusterNetwork:\n    - \"10.52.0.0/16\"\n") == true)
        #expect(
            Planner.plan(profile, release: later).artifacts.contains {
                $0.path == "/etc/crio/crio.conf.d/zz-nodeprofile.conf"
            })
    }

    @Test("4.13's derived addresses: the API address after serviceNetwork, none after 255.255.255.255; DNS is host 10")
    func derivedAddresses() {
        let release = MicroShiftRelease.v4_13
        func network(_ text: String) -> IPv4Network { try! CIDRText.network(text).get() }
        #expect(release.apiServiceAddress(network("10.43.0.0/16"))?.description == "10.44.0.0")
        #expect(release.apiServiceAddress(network("10.96.0.0/12"))?.description == "10.112.0.0")
        #expect(release.apiServiceAddress(network("255.255.255.0/24")) == nil)
        #expect(release.clusterDNS(network("10.43.0.0/16"))?.description == "10.43.0.10")
        #expect(release.clusterDNS(network("10.43.0.0/29")) == nil)
    }
}
