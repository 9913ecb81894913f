import Glibc
import NodeProfileManifest

/// Applies bundles to a root transactionally: journal, backups, atomic writes, actions, verification, commit.
/// Any failure restores the backups; a crash at any point is recovered from the journal on the next start.
public struct Agent: Sendable {
    /// The root the agent reads and writes; device paths are resolved under it.
    public var fs: RootFS
    /// The state directory under the root: state.json, journal.json, result.json and the backups.
    public var store: StateStore
    /// Turns the manifests' actions into commands and runs them (only when `live`).
    public var actions: ActionRunner
    /// Resolves the facts the bundles declare.
    public var facts: FactResolver
    /// True when the root is the running system ("/"): only then are actions run and live state checked.
    public var live: Bool
    /// Hears each progress line, without prefix or newline; by default it goes to stderr as
    /// `nodeprofile-agent: LINE`.
    public var log: @Sendable (String) -> Void
    /// How a live change of the uplink's connection is confirmed (`--confirm-timeout`).
    public var confirm = ConfirmSettings()
    #if NODEPROFILE_TEST_HOOKS
        /// Test-only (debug builds): stop dead (no cleanup) after the named step, to prove crash recovery.
        public var crashAfter: String?
        /// Test-only (debug builds): hold the lock this many milliseconds before working, so a test can start a
        /// second agent against it.
        public var holdLockMilliseconds: UInt32?
    #endif

    /// An agent for the tree at `root` ("/" is the running system, the only root where actions run). `runner`
    /// runs the actions' commands; `deployment` is the booted ostree deployment the state is kept under (nil: the
    /// state is not keyed by deployment).
    public init(
        root: String, runner: any CommandRunner = SystemCommandRunner(), facts: FactResolver = FactResolver(),
        log: @escaping @Sendable (String) -> Void = { StandardError.write("nodeprofile-agent: \($0)\n") },
        deployment: String? = nil
    ) {
        fs = RootFS(root: root)
        store = StateStore(fs: fs, deployment: deployment)
        actions = ActionRunner(runner: runner, fs: fs)
        self.facts = facts
        live = fs.root.isEmpty
        self.log = log
    }

    /// The files every bundle wants, by path. Two bundles writing one path are refused, naming both bundles and
    /// the paths they share: only one nodeprofile bundle is meant to be installed (the packages conflict).
    static func merge(_ bundles: [LoadedBundle]) throws -> [String: WantedFile] {
        var seen: [String: String] = [:]
        for bundle in bundles {
            let name = bundle.manifest.profile.name
            if let first = seen[name] {
                throw AgentError.bundle(
                    first == bundle.directory
                        ? "the bundle \(first) is given twice; give each --bundle once"
                        : "nodeprofile-\(name) is given twice, as \(first) and \(bundle.directory); apply one of them")
            }
            seen[name] = bundle.directory
        }
        var files: [String: WantedFile] = [:]
        var collisions: [String: [String]] = [:]
        for bundle in bundles {
            for (path, file) in bundle.files.sorted(by: { $0.key < $1.key }) {
                if let other = files[path] {
                    collisions[
                        "nodeprofile-\(other.bundle) and nodeprofile-\(bundle.manifest.profile.name)", default: []
                    ].append(path)
                    continue
                }
                files[path] = WantedFile(
                    bundle: bundle.manifest.profile.name, entry: file.entry, bytes: file.bytes, mode: file.mode)
            }
        }
        if let (pair, paths) = collisions.sorted(by: { $0.key < $1.key }).first {
            throw AgentError.bundle(
                "bundles \(pair) are both installed and both write \(paths[0])"
                    + (paths.count > 1 ? " (and \(paths.count - 1) more)" : "")
                    + "; only one nodeprofile bundle may be installed: remove one of the packages")
        }
        return files
    }

    /// The identity of a set of bundles rendered with a set of fact values.
    static func generation(_ bundles: [LoadedBundle], facts: [String: String]) -> String {
        generation(bundles.map { ($0.manifest.profile.name, $0.digest) }, facts: facts)
    }

    /// The identity of bundles, by profile name and manifest digest, rendered with a set of fact values.
    static func generation(_ bundles: [(name: String, digest: String)], facts: [String: String]) -> String {
        let lines = bundles.map { "\($0.name):\($0.digest)\n" } + facts.map { "fact:\($0.key)=\($0.value)\n" }
        return SHA256.hex(lines.sorted().joined().utf8)
    }

    /// Paths whose bytes or mode on disk differ from what the state says the agent wrote.
    public func drift(_ state: AgentState) -> [String] {
        state.files.sorted(by: { $0.key < $1.key }).filter { path, recorded in
            guard let bytes = fs.read(path) else { return true }
            return SHA256.hex(bytes) != recorded.sha256 || fs.mode(path) != recorded.mode
        }.map(\.key)
    }

    /// Paths the bundles' MicroShift release packages own: left in place, never removed, when no bundle wants them.
    static func vendorOwned(_ bundles: [LoadedBundle]) -> Set<String> {
        Set(bundles.flatMap { $0.manifest.vendorOwned ?? [] })
    }

    /// Applies the bundles (after finishing or undoing an interrupted run). Any failure is recorded in result.json
    /// with its step before it is thrown, so `status` tells the truth.
    public func apply(_ bundles: [LoadedBundle], dryRun: Bool = false) throws -> ApplyReport {
        try keepingDirectories { agent in
            do {
                return try dryRun ? AgentDryRun(agent: agent).plan(bundles) : agent.applyRecorded(bundles)
            } catch {
                if !dryRun { agent.recordFailure(error, step: .apply) }
                throw (error as? AgentFailure)?.underlying ?? error
            }
        }
    }

    /// Runs `body` (one run of the agent) with a copy of this agent whose every file operation under the root shares
    /// one cache of directory descriptors (`RootFS.keepingDirectories`), closed when `body` returns: each directory is
    /// opened once per run. Within such a copy, `body` shares its cache.
    public func keepingDirectories<T>(_ body: (Agent) throws -> T) rethrows -> T {
        try fs.keepingDirectories { fs in
            var agent = self
            agent.fs = fs
            agent.store = StateStore(fs: fs, deployment: store.deployment)
            agent.actions.fs = fs
            return try body(agent)
        }
    }

    private func applyRecorded(_ bundles: [LoadedBundle]) throws -> ApplyReport {
        // First, before an interrupted run is finished or undone: a bundle for another release changes nothing.
        let notes = try step(.target) { try checkTarget(bundles) }
        let recovered = try step(.recover) { try recover() }
        let wanted = try step(.load) { try Self.merge(bundles) }
        let (state, drifted) = try step(.state) { try store.baseState(drift: drift, log: log) }
        let specs = Self.factSpecs(bundles)
        let constraints = Self.factConstraints(bundles)
        if let quick = facts.quick(specs, recorded: state.facts ?? [:], constraints: constraints) {
            let generation = Self.generation(bundles, facts: quick)
            if state.generation == generation && drifted.isEmpty && Set(state.files.keys) == Set(wanted.keys) {
                let report = noop(generation: generation, recovered: recovered)
                // A no-op after a failed run is the result that counts now: status and the greenboot check read it.
                if recovered || (try? store.report())??.status == .failed { try store.save(report) }
                recordNoop(bundles, state: state, specs: specs, facts: quick)
                return report
            }
        }
        let values = try step(.facts) { try facts.resolve(specs, constraints: constraints) }
        let plan = ApplyPlan(
            agent: self, wanted: wanted, state: state, facts: values, drifted: drifted,
            vendorOwned: Self.vendorOwned(bundles))
        try step(.adopt) { try refuseForeignFiles(plan) }
        for path in plan.released { log("\(path) belongs to MicroShift's package: left in place, no longer managed") }
        for path in plan.orphaned {
            log(
                "\(path): the original nodeprofile adopted is missing or damaged; left as nodeprofile wrote it, no longer managed"
            )
        }
        for path in drifted where wanted[path] != nil || plan.departures.contains(path) {
            log("drift: \(path) was changed on the device; it is backed up before it is replaced")
        }
        var report = ApplyReport(
            status: .ok, generation: Self.generation(bundles, facts: values), changed: plan.writes,
            removed: plan.removals, drift: drifted, actions: [], rebootRequired: plan.rebootRequired,
            recovered: recovered, error: nil)
        report.adopted = plan.adoptions.isEmpty ? nil : plan.adoptions
        report.putBack = plan.putBack.isEmpty ? nil : plan.putBack.keys.sorted()
        report.notes = notes.isEmpty ? nil : notes
        try commitChanges(plan, bundles: bundles, report: &report)
        return report
    }

    /// Runs one step; an error from it becomes an `AgentFailure` naming the step.
    func step<T>(_ name: AgentStep, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let failure as AgentFailure { throw failure } catch {
            throw AgentFailure(step: name, error, recorded: false)
        }
    }

    /// Writes result.json for a failure that happened before any file changed (or after a restore), keeping the
    /// applied generation's name; a failure to write it is logged, never hidden behind another error.
    public func recordFailure(_ error: any Error, step: AgentStep) {
        let failure = error as? AgentFailure
        if failure?.recorded == true { return }
        let generation = (try? store.state())?.generation ?? ""
        let report = ApplyReport(
            status: .failed, generation: generation, changed: [], removed: [], drift: [], actions: [],
            rebootRequired: false, recovered: false, error: failure?.reason ?? "\(error)",
            step: failure?.step ?? step, journalPending: store.journalPending)
        do { try store.save(report) } catch { log("cannot record the failure in result.json: \(error)") }
    }
}

/// A file the applied bundles want at a path.
public struct WantedFile: Sendable {
    /// The profile name of the bundle that wants it.
    public var bundle: String
    /// Its entry in that bundle's manifest.
    public var entry: FileEntry
    /// The bytes in the bundle, with fact placeholders not yet filled.
    public var bytes: [UInt8]
    /// Permission bits (0000 to 0777).
    public var mode: Int
}

/// A failed step of a run: what `status` shows as the last result.
public struct AgentFailure: Error, CustomStringConvertible, Sendable {
    /// The step that failed, as `ApplyReport.step` records it.
    public var step: AgentStep
    /// What went wrong, one line for result.json and `status` (with the restore's failure, if it failed too).
    public var reason: String
    /// True once result.json holds it.
    public var recorded: Bool
    /// The error of the step, rethrown to callers once the failure is recorded.
    public var underlying: any Error

    /// A failure of `step` with `error`; an `AgentFailure` passed as `error` keeps its reason and underlying
    /// error. `recorded` is true when result.json already holds it.
    public init(step: AgentStep, _ error: any Error, recorded: Bool) {
        self.step = step
        reason = (error as? AgentFailure)?.reason ?? "\(error)"
        self.recorded = recorded
        underlying = (error as? AgentFailure)?.underlying ?? error
    }

    /// The reason, as the user sees it.
    public var description: String { reason }
}
