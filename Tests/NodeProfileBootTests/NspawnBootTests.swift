import Foundation
import NodeProfileCore
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// One first boot on a real systemd: a minimal Debian root (Open vSwitch, nftables, NetworkManager) booted with
/// systemd-nspawn, with the static agent, its unit, MicroShift's CPU affinity drop-ins and a proxy bundle installed.
/// The device lab (Tests/lab) covers boots, generations and failures on a real NetworkManager with OVS; this boot
/// stays for what it shows in a minute: systemd's merge with the vendor's drop-ins, the proxy environment each
/// service really gets, and what a local user can read.
@Suite("nodeprofile-agent at boot (systemd-nspawn)", .serialized)
struct NspawnBootTests {
    static let harness = BuiltBinary.repository.appendingPathComponent("Tests/nspawn/harness.sh").path
    static let cache = BuiltBinary.repository.appendingPathComponent(".build/nspawn-cache").path

    static func harness(_ arguments: [String], timeout: Int = 600) throws -> BuiltBinary.Run {
        try BuiltBinary.execute(try Tool.path("bash"), [harness] + arguments, timeoutSeconds: timeout)
    }

    /// The report's section `name`: the lines after "== name" up to the next section.
    static func section(_ report: String, _ name: String) -> String {
        guard let start = report.range(of: "== \(name)\n") else { return "" }
        let rest = report[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n== ")?.lowerBound ?? rest.endIndex)])
    }

    static func bundle(_ profile: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "np-nspawn-\(profile)-\(UUID().uuidString)")
        let run = try BuiltBinary.run(["build", "Tests/nspawn/profiles/\(profile).yaml", "-o", directory.path])
        #expect(run.status == 0, "\(run.stderr)")
        return directory
    }

    /// The device paths a built bundle's manifest lists.
    static func manifestPaths(_ bundle: URL) throws -> [String] {
        try ManifestCoding.decode([UInt8](try Data(contentsOf: bundle.appendingPathComponent("manifest.json")))).files
            .map(\.path)
    }

    @Test(
        "first boot: OVS on the profile's CPUs despite MicroShift's drop-in; the proxy reaches each service; nobody reads the password"
    )
    func boots() throws {
        let agent = try MadeAgent.staticBinary()
        let first = try Self.bundle("firstboot")
        let base = try Self.harness(["base", Self.cache])
        try #require(base.status == 0, "mmdebstrap: \(base.stdout)\(base.stderr)")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("np-nspawn-\(UUID().uuidString)").path
        defer { _ = try? Self.harness(["down", work]) }
        let up = try Self.harness([
            "up", work, Self.cache, agent,
            first.appendingPathComponent("root/usr/lib/systemd/system/nodeprofile-agent.service").path,
        ])
        try #require(up.status == 0, "\(up.stderr)")
        try #require(try Self.harness(["bundle", work, first.path, "firstboot"]).status == 0)

        // Boot 1: the agent applies the bundle before NetworkManager and MicroShift start.
        let boot1 = try Self.harness(["boot", work]).stdout
        #expect(Self.section(boot1, "agent").contains("Result=success"), "\(boot1)")
        let log1 = Self.section(boot1, "agent-log")
        #expect(
            log1.components(separatedBy: "applied generation").count == 2, "the agent ran once and applied:\n\(log1)")
        // With MicroShift's drop-in (a stand-in naming CPU 1) read first, systemd's merged value is the profile's alone.
        let affinity = Self.section(boot1, "cpuaffinity").split(separator: "\n").filter { $0.hasPrefix("CPUAffinity=") }
        #expect(
            affinity == ["CPUAffinity=0", "CPUAffinity=0"], "ovs-vswitchd and ovsdb-server on CPU 0 only: \(affinity)")
        let environment = Self.section(boot1, "environment")
        let password = try String(
            contentsOf: BuiltBinary.repository.appendingPathComponent("Tests/nspawn/profiles/firstboot.pass"),
            encoding: .utf8
        )
        .trimmingCharacters(in: .newlines)
        let hashed = "HTTPS_PROXY=http://edge:sha256(\(SHA256.hex(Array(password.utf8))))@proxy.example:3128/"
        #expect(
            environment.components(separatedBy: hashed).count == 3,
            "crio and rpm-ostreed got the password intact:\n\(environment)")
        #expect(
            environment.contains("EnvironmentFiles=/etc/nodeprofile/proxy/crio.env (ignore_errors=no)"),
            "\(environment)")
        // A local user reads every property of the units, the unit files, the manifest and the
        // journal; the password, in any spelling, is in none of it, and the environment file itself is closed to them.
        let unprivileged = Self.section(boot1, "unprivileged")
        #expect(
            unprivileged.contains("EnvironmentFiles=/etc/nodeprofile/proxy/crio.env"),
            "systemctl show ran as nobody:\n\(unprivileged)")
        #expect(unprivileged.contains("/etc/nodeprofile/proxy/crio.env: Permission denied"), "\(unprivileged)")
        for spelling in [password, Escape.urlUserInfo(password)] {
            #expect(!unprivileged.contains(spelling), "a local user can read the password")
        }
        #expect(
            environment.contains(
                "NO_PROXY=localhost,127.0.0.1,.svc,.cluster.local,10.42.0.0/16,10.43.0.0/16,192.168.50.10"))
        let nft1 = Self.section(boot1, "nft")
        #expect(
            nft1.contains("ip daddr 192.168.50.10 tcp dport 30700")
                && nft1.contains("iifname \"host0\" tcp dport 30701"), "\(nft1)")
        #expect(Self.section(boot1, "ip_forward") == "1")
        #expect(Self.section(boot1, "ovs") == "{n-handler-threads=\"1\", n-revalidator-threads=\"1\"}")
        let profiles = Self.section(boot1, "networkmanager").split(separator: "\n").map(String.init)
        for name in ["br-ex", "ovs-port-br-ex", "ovs-if-br-ex", "ovs-port-phys0", "ovs-if-phys0"] {
            #expect(profiles.contains(name), "NetworkManager lists \(name): \(profiles)")
        }
    }
}
