import Foundation
import NodeProfileTestSupport
import Testing

/// greenboot on a real systemd: the nspawn root with greenboot's units and a stand-in for its runner written to
/// greenboot 0.15's invocation contract (Tests/greenboot/greenboot; Debian ships no greenboot), the agent RPM's check and
/// red.d hook, br-ex built by hand on Open vSwitch, and an ostree layout the agent resolves from `ostree=`. Three boots:
/// deployment A (healthy; then each way the check must catch, broken and put back in the running guest), deployment B
/// (its node IP absent: the boot is red and the red.d hook records why), and A again (greenboot's fallback).
@Suite("greenboot at boot (systemd-nspawn)", .serialized)
struct NspawnGreenbootTests {
    static let deploymentA = String(repeating: "a", count: 64) + ".0",
        deploymentB = String(repeating: "b", count: 64) + ".0"
    static let bootlink = "ostree=/ostree/boot.1/edge/\(String(repeating: "0", count: 64))/"

    /// What the three boots left: each boot's report, and the files of A's bundle in /etc after boots 1 and 3.
    struct Boots: Sendable {
        var reports: [String]
        var filesAfterA: [String: String]
        var filesAfterRollback: [String: String]
    }

    struct BootFailure: Error, CustomStringConvertible { var description: String }

    /// The three boots, run once for the whole suite (about a minute once the root is cached).
    static let boots: Result<Boots, BootFailure> = {
        do { return .success(try runBoots()) } catch { return .failure(BootFailure(description: "\(error)")) }
    }()

    static func runBoots() throws -> Boots {
        let agent = try MadeAgent.staticBinary()
        let a = try NspawnBootTests.bundle("greenboot-a")
        let b = try NspawnBootTests.bundle("greenboot-b")
        let base = try NspawnBootTests.harness(["base", NspawnBootTests.cache])
        guard base.status == 0 else { throw BootFailure(description: "mmdebstrap: \(base.stdout)\(base.stderr)") }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("np-greenboot-\(UUID().uuidString)")
            .path
        defer { _ = try? NspawnBootTests.harness(["down", work]) }
        func step(_ arguments: [String]) throws {
            let run = try NspawnBootTests.harness(arguments)
            guard run.status == 0 else {
                throw BootFailure(description: "harness \(arguments[0]): \(run.stdout)\(run.stderr)")
            }
        }
        try step([
            "up", work, NspawnBootTests.cache, agent,
            a.appendingPathComponent("root/usr/lib/systemd/system/nodeprofile-agent.service").path,
        ])
        try step(["greenboot", work, deploymentA, deploymentB])
        let merged = URL(fileURLWithPath: work).appendingPathComponent("merged")
        let spare = merged.appendingPathComponent("var/lib/np-test/bundle-b")
        try FileManager.default.createDirectory(at: spare, withIntermediateDirectories: true)
        for item in ["manifest.json", "root"] {
            try FileManager.default.copyItem(at: b.appendingPathComponent(item), to: spare.appendingPathComponent(item))
        }
        let managed = Set(try NspawnBootTests.manifestPaths(a))
        func files() throws -> [String: String] {
            var files: [String: String] = [:]
            for path in managed {
                let url = merged.appendingPathComponent(String(path.dropFirst()))
                let mode =
                    (try? FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int).map {
                        String($0, radix: 8)
                    } ?? "absent"
                files[path] = mode + " " + String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
            }
            return files
        }

        try step(["bundle", work, a.path, "edge"])
        let first = try NspawnBootTests.harness(["boot", work, bootlink + "0", "np.cases"]).stdout
        let filesAfterA = try files()
        try step(["bundle", work, b.path, "edge"])
        let second = try NspawnBootTests.harness(["boot", work, bootlink + "1"]).stdout
        try step(["bundle", work, a.path, "edge"])
        let third = try NspawnBootTests.harness(["boot", work, bootlink + "0"]).stdout
        return Boots(reports: [first, second, third], filesAfterA: filesAfterA, filesAfterRollback: try files())
    }

    static func report(_ boot: Int) throws -> String {
        switch boots {
        case .success(let boots): return boots.reports[boot]
        case .failure(let failure):
            Issue.record("the greenboot boots did not run: \(failure)")
            throw CancellationError()
        }
    }

    /// A case's section of boot 1's report: `exit N`, then what the check logged.
    static func unhealthyCase(_ name: String) throws -> (status: String, log: String) {
        let section = NspawnBootTests.section(try report(0), "case \(name)")
        let lines = section.split(separator: "\n", maxSplits: 1).map(String.init)
        return (lines.first ?? "", lines.count > 1 ? lines[1] : "")
    }

    @Test("boot 1, deployment A: the agent applies A and greenboot's required check passes on the real journal")
    func healthyBoot() throws {
        let report = try Self.report(0)
        #expect(NspawnBootTests.section(report, "agent") == "Result=success", "\(report)")
        #expect(NspawnBootTests.section(report, "healthcheck") == "Result=success\nActiveState=active", "\(report)")
        let log = NspawnBootTests.section(report, "check-log")
        for line in [
            "ok: br-ex is up", "ok: 192.168.50.10 is present",
            "ok: NodePort block firewall.blockNodePorts[0] (port 30700) is loaded",
            "healthy (deployment \(Self.deploymentA)): 6 checks passed",
        ] {
            #expect(log.contains(line), "\(line) in:\n\(log)")
        }
        #expect(
            NspawnBootTests.section(report, "greenboot-log").contains(
                "greenboot stand-in: 30_nodeprofile_network_check.sh passed"))
        #expect(NspawnBootTests.section(report, "redboot") == "Result=success\nActiveState=inactive", "no red boot")
        #expect(
            NspawnBootTests.section(report, "status").hasSuffix("deployment: \(Self.deploymentA)"),
            "the agent told the deployment from ostree=")
        for name in ["healthy", "healthy-again"] { #expect(try Self.unhealthyCase(name).status == "exit 0", "\(name)") }
    }

    @Test("br-ex set down fails the check, after waiting for it")
    func bridgeDown() throws {
        let (status, log) = try Self.unhealthyCase("bridge-down")
        #expect(
            status == "exit 1" && log.contains("nodeprofile-agent: unhealthy: br-ex is down (state DOWN, flags "),
            "\(log)")
        #expect(log.contains("waiting up to 3 s for the network: br-ex is down"), "\(log)")
    }

    @Test("br-ex missing fails the check")
    func bridgeMissing() throws {
        let (status, log) = try Self.unhealthyCase("bridge-missing")
        #expect(status == "exit 1" && log.contains("nodeprofile-agent: unhealthy: br-ex does not exist"), "\(log)")
    }

    @Test("the node IP absent fails the check")
    func nodeIPAbsent() throws {
        let (status, log) = try Self.unhealthyCase("node-ip")
        #expect(
            status == "exit 1"
                && log.contains("nodeprofile-agent: unhealthy: node IP 192.168.50.10 is on no interface"), "\(log)")
    }

    @Test("the NodePort block not loaded fails the check")
    func nodePortNotLoaded() throws {
        let (status, log) = try Self.unhealthyCase("nodeport-table")
        #expect(
            status == "exit 1"
                && log.contains(
                    "nodeprofile-agent: unhealthy: NodePort blocks are not loaded: table inet nodeprofile is missing"),
            "\(log)")
    }

    @Test("a file changed on the device fails the check")
    func drift() throws {
        let (status, log) = try Self.unhealthyCase("drift")
        #expect(
            status == "exit 1"
                && log.contains("nodeprofile-agent: unhealthy: changed on the device: /etc/microshift/ovn.yaml"),
            "\(log)")
    }

    @Test("the last apply failed fails the check")
    func applyFailed() throws {
        let (status, log) = try Self.unhealthyCase("apply-failed")
        #expect(
            status == "exit 1"
                && log.contains(
                    "nodeprofile-agent: unhealthy: the last apply failed at step load: /nonexistent: no manifest.json"),
            "\(log)")
    }

    @Test("an installed bundle the agent did not apply fails the check")
    func notApplied() throws {
        let (status, log) = try Self.unhealthyCase("not-applied")
        #expect(
            status == "exit 1" && log.contains("nodeprofile-agent: unhealthy: bundle nodeprofile-edge (manifest "),
            "\(log)")
        #expect(log.contains(") is installed but not applied (applied: manifest "), "\(log)")
    }

    @Test("boot 2, deployment B: the check fails with its reason, the boot is red, the red.d hook records why")
    func redBoot() throws {
        let report = try Self.report(1)
        #expect(
            NspawnBootTests.section(report, "agent-log").contains(
                "deployment \(Self.deploymentB) has no state yet: starting from deployment \(Self.deploymentA)"),
            "\(report)")
        #expect(NspawnBootTests.section(report, "healthcheck") == "Result=exit-code\nActiveState=failed", "\(report)")
        #expect(
            NspawnBootTests.section(report, "check-log").contains(
                "nodeprofile-agent: unhealthy: node IP 192.168.50.20 is on no interface"), "\(report)")
        #expect(
            NspawnBootTests.section(report, "greenboot-log").contains(
                "required 30_nodeprofile_network_check.sh failed (exit 1)"), "\(report)")
        #expect(
            NspawnBootTests.section(report, "redboot") == "Result=success\nActiveState=active",
            "redboot.target ran the red scripts:\n\(report)")
        #expect(
            NspawnBootTests.section(report, "red-log").contains(
                "recorded for the boot after the rollback (status shows it): red boot of deployment \(Self.deploymentB)"
            ),
            "\(report)")
    }

    @Test("boot 3, back on A: A's files without drift, the check passes, and status says what went wrong on B")
    func rollback() throws {
        let report = try Self.report(2)
        let agentLog = NspawnBootTests.section(report, "agent-log")
        #expect(
            agentLog.contains(
                "/etc holds what deployment \(Self.deploymentB) applied, not what deployment \(Self.deploymentA) applied last: starting from that"
            ),
            "\(agentLog)")
        #expect(!agentLog.contains("drift"), "\(agentLog)")
        if case .success(let boots) = Self.boots {
            #expect(
                !boots.filesAfterA.isEmpty && boots.filesAfterRollback == boots.filesAfterA, "A's files, byte for byte")
        }
        #expect(NspawnBootTests.section(report, "healthcheck") == "Result=success\nActiveState=active", "\(report)")
        let status = NspawnBootTests.section(report, "status")
        #expect(
            status.contains("red boot of deployment \(Self.deploymentB) at ") && status.contains("(journalctl -b "),
            "\(status)")
        #expect(status.contains("unhealthy: node IP 192.168.50.20 is on no interface"), "\(status)")
    }
}
