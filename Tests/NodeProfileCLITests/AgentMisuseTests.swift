import Foundation
import NodeProfileTestSupport
import Testing

/// Through the built agent: each sets up a misuse seen in a tryout and
/// shows the fixed behaviour.
@Suite("nodeprofile-agent in careless hands (built binary)")
struct AgentMisuseTests {
    static func agent(_ arguments: [String], environment: [String: String] = [:]) throws -> BuiltBinary.Run {
        try BuiltBinary.execute(
            try BuiltBinary.path("nodeprofile-agent"), arguments, environment: environment, timeoutSeconds: 60)
    }

    /// A new, empty root directory.
    static func freshRoot() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("np-misuse-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("two applies started together take turns; the root holds one whole generation")
    func concurrentApplies() throws {
        let first = try BuiltBundle.build("default")
        let second = try BuiltBundle.build("nodeport-block")
        let root = Self.freshRoot()
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        // A barrier: both threads are ready before either agent starts; each holds the lock 2 s once it has it.
        let hold = ["NODEPROFILE_AGENT_HOLD_LOCK_MS": "2000"]
        let lock = NSLock()
        nonisolated(unsafe) var runs: [Int: BuiltBinary.Run] = [:]
        let ready = DispatchSemaphore(value: 0)
        let go = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for (index, bundle) in [first, second].enumerated() {
            group.enter()
            DispatchQueue.global().async {
                ready.signal()
                go.wait()
                let run = try? Self.agent(
                    ["apply", "--root", root.path, "--bundle", bundle.directory.path] + AgentCrashTests.facts,
                    environment: hold)
                lock.withLock { runs[index] = run }
                group.leave()
            }
        }
        ready.wait()
        ready.wait()
        go.signal()
        go.signal()
        group.wait()
        let results = [0, 1].compactMap { runs[$0] }
        #expect(results.count == 2 && results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
        #expect(
            results.contains { $0.stderr.contains("is running; waiting up to 90 s for it to finish") },
            "one run waited for the other")
        let verify = try Self.agent(["verify", "--root", root.path])
        #expect(verify.status == 0 && verify.stdout.contains(": all match"), "\(verify.stdout)")
        // The root holds exactly the generation of whichever run went second.
        let reference = Self.freshRoot()
        guard results.count == 2 else { return }
        let last = results[0].stderr.contains("waiting") ? first : second
        #expect(
            try Self.agent(
                ["apply", "--root", reference.path, "--bundle", last.directory.path] + AgentCrashTests.facts
            ).status == 0)
        #expect(try AgentCrashTests.tree(root) == AgentCrashTests.tree(reference))
    }

    @Test("a second apply gives up after --lock-timeout with exit 75 and changes nothing")
    func lockTimeout() throws {
        let bundle = try BuiltBundle.build("default")
        let root = Self.freshRoot()
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        nonisolated(unsafe) var holder: BuiltBinary.Run?
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            holder = try? Self.agent(
                ["apply", "--root", root.path, "--bundle", bundle.directory.path] + AgentCrashTests.facts,
                environment: ["NODEPROFILE_AGENT_HOLD_LOCK_MS": "3000"])
            group.leave()
        }
        // Wait until the first run holds the lock (it writes its pid into the lock file).
        let lock = root.appendingPathComponent("var/lib/nodeprofile/lock")
        for _ in 0..<100 where ((try? String(contentsOf: lock, encoding: .utf8)) ?? "").isEmpty { usleep(50_000) }
        let second = try Self.agent(
            ["apply", "--root", root.path, "--bundle", bundle.directory.path, "--lock-timeout", "0.5"]
                + AgentCrashTests.facts)
        #expect(second.status == 75, "\(second.stderr)")
        #expect(
            second.stderr.contains("another nodeprofile-agent (pid ") && second.stderr.contains("nothing was changed"),
            "\(second.stderr)")
        group.wait()
        #expect(holder?.status == 0)
    }

    @Test("no bundle found is an error that removes nothing; --remove-all removes on purpose")
    func noBundle() throws {
        let bundle = try BuiltBundle.build("default")
        let root = Self.freshRoot()
        try AgentCrashTests.install(bundle, into: root)
        #expect(try AgentCrashTests.apply(root).status == 0)
        let applied = try AgentCrashTests.tree(root)
        try FileManager.default.removeItem(at: root.appendingPathComponent("usr/lib/nodeprofile/default"))
        let run = try Self.agent(["apply", "--root", root.path] + AgentCrashTests.facts)
        #expect(run.status == 1)
        #expect(run.stderr.contains("no bundle found under \(root.path)/usr/lib/nodeprofile"), "\(run.stderr)")
        #expect(try AgentCrashTests.tree(root) == applied, "nothing was removed")
        let status = try Self.agent(["status", "--root", root.path])
        #expect(status.stdout.contains("last result: failed at step load (no bundle found"), "\(status.stdout)")
        let removeAll = try Self.agent(["apply", "--root", root.path, "--remove-all"])
        #expect(
            removeAll.status == 0 && removeAll.stdout.contains("0 written, \(applied.count) removed"),
            "\(removeAll.stdout)\(removeAll.stderr)")
        #expect(try AgentCrashTests.tree(root).isEmpty)
    }

    @Test("a changed --fact renders and applies again; an uppercase MAC is normalised")
    func changedFact() throws {
        let bundle = try BuiltBundle.build("default")
        let root = Self.freshRoot()
        try AgentCrashTests.install(bundle, into: root)
        #expect(try AgentCrashTests.apply(root).status == 0)
        let facts = [
            "--fact", "gateway.nic=eth0", "--fact", "gateway.nic.mac=52:54:00:AB:CD:EF", "--fact",
            "gateway.nic.mtu=1500",
        ]
        let changed = try Self.agent(["apply", "--root", root.path] + facts)
        #expect(
            changed.status == 0 && changed.stdout.hasPrefix("applied generation"), "\(changed.stdout)\(changed.stderr)")
        let keyfile = try String(
            contentsOf: root.appendingPathComponent("etc/NetworkManager/system-connections/ovs-if-br-ex.nmconnection"),
            encoding: .utf8)
        #expect(keyfile.contains("52:54:00:ab:cd:ef") && !keyfile.contains("52:54:00:12:34:56"), "\(keyfile)")
        #expect(try Self.agent(["apply", "--root", root.path] + facts).stdout.hasPrefix("up to date"))
        let status = try Self.agent(["status", "--root", root.path])
        #expect(status.stdout.contains("fact: gateway.nic.mac=52:54:00:ab:cd:ef"), "\(status.stdout)")
    }

    @Test("with --root, a missing fact is an error listing the --fact flags, never this machine's NIC")
    func rootFacts() throws {
        let bundle = try BuiltBundle.build("default")
        let root = Self.freshRoot()
        try AgentCrashTests.install(bundle, into: root)
        let run = try Self.agent(["apply", "--root", root.path, "--fact", "gateway.nic=eth0"])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "with --root, facts come only from --fact (or --facts-from-host to read this machine's); missing: --fact gateway.nic.mac=VALUE"
            ),
            "\(run.stderr)")
        #expect(run.stderr.contains("--fact gateway.nic.mtu=VALUE"), "\(run.stderr)")
        #expect(try AgentCrashTests.tree(root).isEmpty)
        let status = try Self.agent(["status", "--root", root.path])
        #expect(status.stdout.contains("last result: failed at step facts"), "\(status.stdout)")
    }

    @Test("--dry-run says which facts it could not resolve and that no action runs under --root; it writes nothing")
    func honestDryRun() throws {
        let bundle = try BuiltBundle.build("default")
        let root = Self.freshRoot()
        try AgentCrashTests.install(bundle, into: root)
        let run = try Self.agent([
            "apply", "--dry-run", "--root", root.path, "--fact", "gateway.nic=eth0", "--fact",
            "gateway.nic.mac=52:54:00:AB:CD:EF",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("  note    fact gateway.nic = eth0 (from --fact)"), "\(run.stdout)")
        #expect(
            run.stdout.contains("  note    fact gateway.nic.mac = 52:54:00:ab:cd:ef (from --fact)"), "\(run.stdout)")
        #expect(
            run.stdout.contains(
                "  note    fact gateway.nic.mtu: not resolved (pass --fact gateway.nic.mtu=VALUE); files using it are listed as to write, unchecked"
            ),
            "\(run.stdout)")
        #expect(run.stdout.contains("  note    no actions: --root is not the running system"), "\(run.stdout)")
        #expect(!run.stdout.contains("  run     "), "no restart is promised that would never run: \(run.stdout)")
        #expect(try AgentCrashTests.tree(root).isEmpty)
        #expect(
            !FileManager.default.fileExists(atPath: root.appendingPathComponent("var/lib/nodeprofile/result.json").path)
        )
    }
}
