import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileAgentCore

/// Applying bundles into a scratch root: idempotence, reconciliation, drift, rollback, refusal of tampered bundles.
@Suite("Agent apply")
struct AgentApplyTests {
    static let v1: [String: (mode: Int, text: String, actions: [Action])] = [
        "/etc/nodeprofile/a.conf": (0o644, "a=1\n", [Action(.restart, "a.service")]),
        "/etc/nodeprofile/secret.conf": (0o600, "password=x\n", []),
        "/etc/nodeprofile/gone.conf": (0o644, "old\n", [Action(.daemonReload)]),
    ]
    static let v2: [String: (mode: Int, text: String, actions: [Action])] = [
        "/etc/nodeprofile/a.conf": (0o644, "a=2\n", [Action(.restart, "a.service")]),
        "/etc/nodeprofile/secret.conf": (0o600, "password=x\n", []),
        "/etc/nodeprofile/new.conf": (0o644, "new\n", [Action(.nftReplace, "/etc/nodeprofile/new.conf")]),
    ]

    @Test("the second apply changes nothing and says so")
    func idempotent() throws {
        let fixture = try AgentFixture()
        let bundle = try fixture.install("p", Self.v1)
        let agent = Agent.testing(fixture)
        let first = try agent.apply([bundle])
        #expect(first.status == .ok && first.changed.count == 3)
        let tree = fixture.snapshot()
        #expect(tree["/etc/nodeprofile/a.conf"] == "a=1\n")
        #expect(RootFS(root: fixture.path).mode("/etc/nodeprofile/secret.conf") == 0o600)
        let second = try agent.apply([bundle])
        #expect(second.status == .noop && second.changed.isEmpty)
        #expect(fixture.snapshot() == tree)
    }

    @Test("a new generation writes what changed, removes what only the old one owned, and orders its actions")
    func reconcile() throws {
        let fixture = try AgentFixture()
        let runner = FakeRunner()
        let agent = Agent.testing(fixture, runner: runner, live: true)
        _ = try agent.apply([try fixture.install("p", Self.v1)])
        let before = runner.ran.count
        let report = try agent.apply([try fixture.install("p", Self.v2)])
        #expect(report.changed == ["/etc/nodeprofile/a.conf", "/etc/nodeprofile/new.conf"])
        #expect(report.removed == ["/etc/nodeprofile/gone.conf"])
        #expect(
            fixture.snapshot() == [
                "/etc/nodeprofile/a.conf": "a=2\n", "/etc/nodeprofile/secret.conf": "password=x\n",
                "/etc/nodeprofile/new.conf": "new\n",
            ])
        #expect(
            Array(runner.ran[before...]) == [
                "systemctl daemon-reload", "nft -f /etc/nodeprofile/new.conf",
                "systemctl try-restart --no-block a.service",
                "nft list table inet nodeprofile",
            ])
    }

    @Test(
        "Fix 4: a path an older bundle wrote over MicroShift's own file is left in place for its package, not removed")
    func vendorOwnedPathsStay() throws {
        let fixture = try AgentFixture()
        let agent = Agent.testing(fixture)
        let vendorPath = "/etc/crio/crio.conf.d/microshift-ovn.conf"
        var old = Self.v1
        old[vendorPath] = (
            0o644, "[crio.network]\ncni_default_network = \"ovn-kubernetes\"\n", [Action(.restart, "crio.service")]
        )
        _ = try agent.apply([try fixture.install("p", old)])
        let report = try agent.apply([try fixture.install("p", Self.v2, vendorOwned: [vendorPath])])
        #expect(report.removed == ["/etc/nodeprofile/gone.conf"])
        #expect(fixture.snapshot()[vendorPath] == old[vendorPath]?.text)
        let state = try StateStore(fs: RootFS(root: fixture.path)).state()
        #expect(state.files[vendorPath] == nil, "no longer managed")
        #expect(try agent.apply([try fixture.install("p", Self.v2, vendorOwned: [vendorPath])]).status == .noop)
    }

    @Test("a failing action restores every file byte for byte and keeps the old generation")
    func failureRestores() throws {
        let fixture = try AgentFixture()
        _ = try Agent.testing(fixture, live: true).apply([try fixture.install("p", Self.v1)])
        let before = fixture.snapshot()
        let state = try StateStore(fs: RootFS(root: fixture.path)).state()
        let runner = FakeRunner(failing: "nft -f")
        let agent = Agent.testing(fixture, runner: runner, live: true)
        #expect(throws: AgentError.self) { try agent.apply([try fixture.install("p", Self.v2)]) }
        #expect(fixture.snapshot() == before)
        #expect(try StateStore(fs: RootFS(root: fixture.path)).state() == state)
        #expect(try StateStore(fs: RootFS(root: fixture.path)).report()?.status == .failed)
        #expect(runner.ran.contains("systemctl daemon-reload"), "reloads run again after restoring")
        #expect(
            !FileManager.default.fileExists(
                atPath: fixture.root.appendingPathComponent("var/lib/nodeprofile/journal.json").path))
    }

    @Test("a file edited on the device is reported as drift, backed up, and restored by rollback")
    func driftAndRollback() throws {
        let fixture = try AgentFixture()
        let agent = Agent.testing(fixture)
        _ = try agent.apply([try fixture.install("p", Self.v1)])
        try Data("a=edited by hand\n".utf8).write(to: fixture.root.appendingPathComponent("etc/nodeprofile/a.conf"))
        #expect(agent.drift(try agent.store.state()) == ["/etc/nodeprofile/a.conf"])
        let report = try agent.apply([try fixture.install("p", Self.v2)])
        #expect(report.drift == ["/etc/nodeprofile/a.conf"])
        let saved = fixture.root.appendingPathComponent("var/lib/nodeprofile/previous/etc/nodeprofile/a.conf")
        #expect(try String(contentsOf: saved, encoding: .utf8) == "a=edited by hand\n")
        _ = try agent.rollback()
        #expect(
            fixture.snapshot() == [
                "/etc/nodeprofile/a.conf": "a=edited by hand\n", "/etc/nodeprofile/secret.conf": "password=x\n",
                "/etc/nodeprofile/gone.conf": "old\n",
            ])
    }

    @Test("a tampered bundle is refused before anything is written")
    func tampered() throws {
        let fixture = try AgentFixture()
        try fixture.install("p", Self.v1)
        try Data("a=evil\n".utf8).write(
            to: fixture.root.appendingPathComponent("usr/lib/nodeprofile/p/root/etc/nodeprofile/a.conf"))
        #expect(throws: AgentError.self) {
            try LoadedBundle.installed(in: RootFS(root: fixture.path), policy: AgentFixture.noKeys)
        }
        #expect(fixture.snapshot().isEmpty)
    }

    @Test("facts fill placeholders, in order, and a value that fails its pattern is never written")
    func facts() throws {
        let fixture = try AgentFixture()
        let facts = [
            FactSpec(
                name: "gateway.nic", source: .defaultRouteInterface, retries: 2, intervalSeconds: 1,
                pattern: "^[a-z0-9]+$"),
            FactSpec(
                name: "gateway.nic.mac", source: .interfaceMAC, interface: "@@fact:gateway.nic@@", retries: 0,
                intervalSeconds: 1,
                pattern: "^[0-9a-f:]{17}$"),
        ]
        let bundle = try fixture.install(
            "p", ["/etc/nodeprofile/nic.conf": (0o600, "nic=@@fact:gateway.nic@@ mac=@@fact:gateway.nic.mac@@\n", [])],
            facts: facts)
        struct Source: FactProvider {
            func lookup(_ source: FactSource, interface: String?) -> String? {
                source == .defaultRouteInterface ? "eth7" : (interface == "eth7" ? "52:54:00:00:00:07" : nil)
            }
        }
        var agent = Agent.testing(fixture)
        agent.facts = FactResolver(source: Source(), sleep: { _ in })
        _ = try agent.apply([bundle])
        #expect(fixture.snapshot()["/etc/nodeprofile/nic.conf"] == "nic=eth7 mac=52:54:00:00:00:07\n")
        let hostile = try AgentFixture()
        var bad = Agent.testing(hostile)
        bad.facts = FactResolver(overrides: ["gateway.nic": "eth0\nExecStart=/bin/sh"], sleep: { _ in })
        #expect(throws: AgentError.self) {
            try bad.apply([
                try hostile.install(
                    "p", ["/etc/nodeprofile/nic.conf": (0o600, "nic=@@fact:gateway.nic@@\n", [])], facts: facts)
            ])
        }
        #expect(hostile.snapshot().isEmpty)
    }
}

extension AgentApplyFactBytesTests {
    /// A bundle whose one file holds `bytes` and uses the fact `nic`.
    static func install(_ bytes: [UInt8], in fixture: AgentFixture) throws -> LoadedBundle {
        let directory = fixture.root.appendingPathComponent("usr/lib/nodeprofile/p")
        let file = directory.appendingPathComponent("root/etc/nodeprofile/raw.conf")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        let facts = [
            FactSpec(
                name: "nic", source: .defaultRouteInterface, retries: 0, intervalSeconds: 0, pattern: "^[a-z0-9]+$")
        ]
        let entry = FileEntry(
            path: "/etc/nodeprofile/raw.conf", mode: FileMode(0o644), sha256: SHA256.hex(bytes), size: bytes.count,
            secret: false, provenance: [], facts: ["nic"], actions: [], appliedBy: .agent)
        let manifest = BundleManifest(
            profile: ProfileIdentity(name: "p", version: "1", release: "1", microshift: "4.13", gatewayMode: "manual"),
            generator: "test", files: [entry], facts: facts, actions: [])
        try Data(ManifestCoding.encode(manifest)).write(to: directory.appendingPathComponent("manifest.json"))
        return try LoadedBundle.load(directory.path, policy: AgentFixture.noKeys)
    }
}

/// Placeholders are replaced in bytes: a file that is not UTF-8 keeps every other byte (found in the Foundation port:
/// the agent decoded each file as UTF-8, so invalid bytes became U+FFFD and the file read as changed on every run).
@Suite("Agent: fact placeholders in bytes")
struct AgentApplyFactBytesTests {
    @Test("a file with invalid UTF-8 and a combining mark after a placeholder is written byte for byte, once")
    func rawBytes() throws {
        let fixture = try AgentFixture()
        let before: [UInt8] = [0xFF, 0xFE, 0x0A] + Array("nic=@@fact:nic@@".utf8) + [0xCC, 0x81, 0x0A, 0xC3]
        let bundle = try Self.install(before, in: fixture)
        var agent = Agent.testing(fixture)
        agent.facts = FactResolver(overrides: ["nic": "eth0"], sleep: { _ in })
        #expect(try agent.apply([bundle]).status == .ok)
        let written = try [UInt8](Data(contentsOf: fixture.root.appendingPathComponent("etc/nodeprofile/raw.conf")))
        #expect(written == [0xFF, 0xFE, 0x0A] + Array("nic=eth0".utf8) + [0xCC, 0x81, 0x0A, 0xC3])
        #expect(try agent.apply([bundle]).status == .noop)
    }

    @Test("replacement is left to right without overlaps, and leaves text without the pattern alone")
    func replacing() {
        let at = Array("@@".utf8)
        #expect(ApplyPlan.replacing(at, with: Array("x".utf8), in: Array("@@@a@@".utf8)) == Array("x@ax".utf8))
        #expect(ApplyPlan.replacing(at, with: [], in: Array("@".utf8)) == Array("@".utf8))
        #expect(ApplyPlan.replacing(at, with: [0xFF], in: []) == [])
    }
}

/// "Reboot required" is recorded when a setting MicroShift already ran with changes, never on the first apply.
@Suite("Agent reboot-required")
struct AgentRebootTests {
    @Test("a changed pod MTU requires a reboot; the first apply does not")
    func podMTU() throws {
        let fixture = try AgentFixture()
        let agent = Agent.testing(fixture)
        let actions = [Action(.restart, "microshift.service"), Action(.rebootRequired, "pod MTU changed")]
        let first = try agent.apply([
            try fixture.install("p", ["/etc/microshift/ovn.yaml": (0o644, "mtu: 1400\n", actions)])
        ])
        #expect(first.rebootRequired == false)
        let second = try agent.apply([
            try fixture.install("p", ["/etc/microshift/ovn.yaml": (0o644, "mtu: 1300\n", actions)])
        ])
        #expect(second.rebootRequired == true)
        #expect(try agent.store.report()?.rebootRequired == true)
    }
}

/// A hostile root: symlinks planted where the agent writes never lead it outside the root.
@Suite("Agent symlink safety")
struct AgentSymlinkTests {
    @Test("a symlinked directory on the way is refused and nothing outside the root changes")
    func plantedDirectory() throws {
        let fixture = try AgentFixture()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("np-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: fixture.root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: fixture.root.appendingPathComponent("etc/nodeprofile"), withDestinationURL: outside)
        let agent = Agent.testing(fixture)
        #expect {
            try agent.apply([try fixture.install("p", AgentApplyTests.v1)])
        } throws: { error in
            "\(error)".contains("cannot write /etc/nodeprofile/")
                && "\(error)".contains("/etc/nodeprofile is a symlink or a file")
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty,
            "nothing may be written through the link")
        #expect(try StateStore(fs: RootFS(root: fixture.path)).state() == .empty)
    }

    @Test("a symlink planted at a file's own path is never followed: refused before anything is written, kept")
    func plantedFile() throws {
        let fixture = try AgentFixture()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("np-outside-\(UUID().uuidString)")
        try Data("precious\n".utf8).write(to: outside)
        try FileManager.default.createDirectory(
            at: fixture.root.appendingPathComponent("etc/nodeprofile"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: fixture.root.appendingPathComponent("etc/nodeprofile/a.conf"), withDestinationURL: outside)
        let link = fixture.root.appendingPathComponent("etc/nodeprofile/a.conf")
        #expect {
            try Agent.testing(fixture).apply([try fixture.install("p", AgentApplyTests.v1)])
        } throws: {
            "\($0)".contains(
                "a.conf is already there and nodeprofile did not write it: it is a symlink to \(outside.path)")
        }
        #expect(try String(contentsOf: outside, encoding: .utf8) == "precious\n")
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == outside.path, "the link is kept")
        // Once the link is replaced by the file itself, that file is adopted and the bundle applies.
        try FileManager.default.removeItem(at: link)
        try Data("mine\n".utf8).write(to: link)
        _ = try Agent.testing(fixture).apply([try fixture.install("p", AgentApplyTests.v1)])
        #expect(fixture.snapshot()["/etc/nodeprofile/a.conf"] == "a=1\n")
    }
}

/// Manifests that point outside the agent's prefix, or climb out with "..", are refused before anything is read.
@Suite("Agent path checks")
struct AgentPathTests {
    @Test(
        "manifest paths outside /etc or with .. are refused",
        arguments: [
            "/etc/../root/.ssh/authorized_keys", "/usr/bin/ovs-vsctl",
            "/etc/./nodeprofile/x", "etc/relative",
        ])
    func escapes(_ path: String) throws {
        let fixture = try AgentFixture()
        let directory = fixture.root.appendingPathComponent("usr/lib/nodeprofile/p")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let entry = FileEntry(
            path: path, mode: FileMode(0o0644), sha256: SHA256.hex(Array("x".utf8)), size: 1, secret: false,
            provenance: [],
            facts: [], actions: [], appliedBy: .agent)
        let manifest = BundleManifest(
            profile: ProfileIdentity(name: "p", version: "1", release: "1", microshift: "4.13", gatewayMode: "manual"),
            generator: "test", files: [entry], facts: [], actions: [])
        try Data(ManifestCoding.encode(manifest)).write(to: directory.appendingPathComponent("manifest.json"))
        #expect {
            _ = try LoadedBundle.load(directory.path, policy: AgentFixture.noKeys)
        } throws: { error in
            "\(error)".contains("is outside /etc")
                || "\(error)".contains("files[0].path: \"etc/relative\" is not an absolute path")
        }
    }
}
