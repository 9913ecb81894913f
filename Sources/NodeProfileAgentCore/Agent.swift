import Foundation
import NodeProfileManifest

/// Applies bundles to a root transactionally: journal, backups, atomic writes, actions, verification, commit.
/// Any failure restores the backups; a crash at any point is recovered from the journal on the next start.
public struct Agent: Sendable {
    public var fs: RootFS
    public var store: StateStore
    public var actions: ActionRunner
    public var facts: FactResolver
    /// True when the root is the running system ("/"): only then are actions run and live state checked.
    public var live: Bool
    public var log: @Sendable (String) -> Void
    /// Test-only: stop dead (no cleanup) after the named step, to prove crash recovery.
    public var crashAfter: String?

    public init(root: String, runner: any CommandRunner = SystemCommandRunner(), facts: FactResolver = FactResolver(),
                log: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data("nodeprofile-agent: \($0)\n".utf8)) },
                crashAfter: String? = nil) {
        fs = RootFS(root: root)
        store = StateStore(fs: fs)
        actions = ActionRunner(runner: runner, fs: fs)
        self.facts = facts
        live = fs.root.isEmpty
        self.log = log
        self.crashAfter = crashAfter
    }

    func crashPoint(_ step: String) {
        guard crashAfter == step else { return }
        log("test crash after \(step)")
        _exit(70)
    }

    /// The files every bundle wants, by path, refusing two bundles on one path.
    static func merge(_ bundles: [LoadedBundle]) throws -> [String: (bundle: String, entry: FileEntry, bytes: [UInt8])] {
        var files: [String: (bundle: String, entry: FileEntry, bytes: [UInt8])] = [:]
        for bundle in bundles {
            for entry in bundle.manifest.files where entry.appliedBy == "agent" {
                if let other = files[entry.path] {
                    throw AgentError.bundle("bundles \(other.bundle) and \(bundle.manifest.profile.name) both write \(entry.path)")
                }
                files[entry.path] = (bundle.manifest.profile.name, entry, bundle.files[entry.path]!)
            }
        }
        return files
    }

    /// The identity of a set of bundles.
    static func generation(_ bundles: [LoadedBundle]) -> String {
        SHA256.hex(bundles.map { "\($0.manifest.profile.name):\($0.digest)\n" }.sorted().joined().utf8)
    }

    /// Paths whose bytes or mode on disk differ from what the state says the agent wrote.
    public func drift(_ state: AgentState) -> [String] {
        state.files.keys.sorted().filter { path in
            let recorded = state.files[path]!
            guard let bytes = fs.read(path) else { return true }
            return SHA256.hex(bytes) != recorded.sha256 || fs.mode(path) != recorded.mode
        }
    }

    public func apply(_ bundles: [LoadedBundle], dryRun: Bool = false) throws -> ApplyReport {
        let recovered = dryRun ? false : try recover()
        let wanted = try Self.merge(bundles)
        let generation = Self.generation(bundles)
        let state = try store.state()
        let drifted = drift(state)
        if state.generation == generation && drifted.isEmpty && Set(state.files.keys) == Set(wanted.keys) {
            log("generation \(generation.prefix(12)) is applied and every file matches: nothing to do")
            let report = ApplyReport(status: "noop", generation: generation, changed: [], removed: [], drift: [], actions: [],
                                     rebootRequired: false, recovered: recovered, error: nil)
            if !dryRun && recovered { try store.save(report) }
            return report
        }
        var factSpecs: [FactSpec] = []
        for bundle in bundles { for fact in bundle.manifest.facts where !factSpecs.contains(where: { $0.name == fact.name }) { factSpecs.append(fact) } }
        let values: [String: String]
        do { values = try facts.resolve(factSpecs) } catch {  // nothing is written yet: record why, for `status`
            if !dryRun { try store.save(ApplyReport(status: "failed", generation: generation, changed: [], removed: [], drift: drifted,
                                                    actions: [], rebootRequired: false, recovered: recovered, error: "\(error)")) }
            throw error
        }
        var rendered: [String: [UInt8]] = [:]
        for (path, file) in wanted {
            var text = String(decoding: file.bytes, as: UTF8.self)
            for name in file.entry.facts { text = text.replacingOccurrences(of: FactSpec.placeholder(name), with: values[name] ?? "") }
            rendered[path] = Array(text.utf8)
        }
        let writes = wanted.keys.sorted().filter { path in
            fs.read(path).map(SHA256.hex) != SHA256.hex(rendered[path]!) || fs.mode(path) != Int(wanted[path]!.entry.mode, radix: 8)
        }
        let removals = state.files.keys.sorted().filter { wanted[$0] == nil }
        for path in drifted where wanted[path] != nil || removals.contains(path) {
            log("drift: \(path) was changed on the device; it is backed up before it is replaced")
        }
        var report = ApplyReport(status: dryRun ? "dry-run" : "ok", generation: generation, changed: writes, removed: removals,
                                 drift: drifted, actions: [], rebootRequired: false, recovered: recovered, error: nil)
        let pendingActions = writes.flatMap { wanted[$0]!.entry.actions } + removals.flatMap { state.files[$0]!.actions }
        // A reboot is needed only when a setting MicroShift already ran with changes (not on the first apply).
        report.rebootRequired = (writes + removals).contains { path in
            state.files[path] != nil && ((wanted[path]?.entry.actions ?? []) + (state.files[path]?.actions ?? [])).contains { $0.kind == .rebootRequired }
        }
        if dryRun {
            report.actions = ActionRunner.ordered(pendingActions).flatMap { actions.commands(for: $0, removed: Set(removals)) }.map { $0.joined(separator: " ") }
            for path in writes { log("would write \(path)") }
            for path in removals { log("would remove \(path)") }
            return report
        }
        let journal = Journal(generation: generation, entries: (writes + removals).map { path in
            JournalEntry(path: path, existed: fs.read(path) != nil, mode: fs.mode(path),
                         actions: (wanted[path]?.entry.actions ?? []) + (state.files[path]?.actions ?? []))
        })
        try commitChanges(journal, rendered: rendered, wanted: wanted, state: state, generation: generation,
                          bundles: bundles, report: &report, removals: removals)
        return report
    }

    private func commitChanges(_ journal: Journal, rendered: [String: [UInt8]], wanted: [String: (bundle: String, entry: FileEntry, bytes: [UInt8])],
                               state: AgentState, generation: String, bundles: [LoadedBundle], report: inout ApplyReport,
                               removals: [String]) throws {
        try? FileManager.default.removeItem(atPath: fs.host(store.backupDirectory))
        try store.save(journal)
        crashPoint("journal")
        do {
            // Durability in barriers rather than per file: the journal is synced; then every backup, one syncfs;
            // then every write and removal, one syncfs, before anything reads them and before the state commits.
            // A power cut in between leaves the synced journal and backups to restore from.
            for entry in journal.entries where entry.existed {
                try fs.write(store.backupDirectory + entry.path, fs.read(entry.path) ?? [], mode: 0o600, durable: false)
            }
            try fs.syncAll()
            crashPoint("backup")
            var count = 0
            for entry in journal.entries where wanted[entry.path] != nil {
                try fs.write(entry.path, rendered[entry.path]!, mode: Int(wanted[entry.path]!.entry.mode, radix: 8)!, durable: false)
                count += 1
                crashPoint("write:\(count)")
            }
            for path in removals { try fs.remove(path, durable: false) }
            try fs.syncAll()
            crashPoint("remove")
            if live {
                report.actions = try actions.run(journal.entries.flatMap(\.actions), removed: Set(removals), log: log)
                try verifyLive(wanted)
            }
            crashPoint("actions")
        } catch {
            log("apply failed: \(error); restoring the previous generation")
            try restore(journal)
            report.status = "failed"
            report.error = "\(error)"
            try store.save(report)
            throw error
        }
        var files: [String: AgentState.WrittenFile] = [:]
        for (path, file) in wanted {
            files[path] = .init(sha256: SHA256.hex(rendered[path]!), mode: Int(file.entry.mode, radix: 8)!, bundle: file.bundle,
                                actions: file.entry.actions)
        }
        let next = AgentState(generation: generation,
                              bundles: Dictionary(uniqueKeysWithValues: bundles.map { ($0.manifest.profile.name, $0.digest) }),
                              files: files,
                              previous: .init(generation: state.generation, bundles: state.bundles, files: state.files, touched: journal.entries))
        try store.save(next)
        crashPoint("state")
        try finishCommit()
        try store.save(report)
        log("applied generation \(generation.prefix(12)): \(report.changed.count) written, \(report.removed.count) removed"
            + (report.rebootRequired ? "; a reboot is required (pod MTU changed)" : ""))
    }

    /// After the state is committed: the backups become the previous generation's copies; the journal goes.
    func finishCommit() throws {
        let backup = fs.host(store.backupDirectory), previous = fs.host(store.previousDirectory)
        if FileManager.default.fileExists(atPath: backup) {
            try? FileManager.default.removeItem(atPath: previous)
            try FileManager.default.moveItem(atPath: backup, toPath: previous)
        }
        try store.removeJournal()
    }

    /// Checks the running system after the actions: the firewall table is loaded and forwarding is on.
    func verifyLive(_ wanted: [String: (bundle: String, entry: FileEntry, bytes: [UInt8])]) throws {
        for (path, file) in wanted {
            for action in file.entry.actions {
                switch action.kind {
                case .nftReplace:
                    let result = actions.runner.run(["nft", "list", "table", "inet", "nodeprofile"])
                    if result.status != 0 { throw AgentError.verification("the nftables table from \(path) is not loaded") }
                case .sysctl where path.contains("ip-forward"):
                    let value = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_forward", encoding: .utf8))?
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                    if value != "1" { throw AgentError.verification("net.ipv4.ip_forward is \(value ?? "unreadable") after \(path) was loaded") }
                default: break
                }
            }
        }
    }
}
