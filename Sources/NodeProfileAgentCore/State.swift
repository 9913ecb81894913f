import NodeProfileManifest

/// What the agent remembers under ROOT/var/lib/nodeprofile.
public struct AgentState: Codable, Sendable, Equatable {
    /// Identity of the applied set of bundles.
    public var generation: String
    /// Bundle name -> manifest digest.
    public var bundles: [String: String]
    /// Device path -> what the agent wrote there.
    public var files: [String: WrittenFile]
    /// What the last apply replaced, so `rollback` can restore it.
    public var previous: Previous?
    /// The fact values the applied files were rendered with (part of the generation; nil in state from before facts counted).
    public var facts: [String: String]?
    /// Device path -> the file someone else had there before the agent first wrote it, kept under the state directory's
    /// adopted/ and put back when no generation writes the path any more (nil in state from before adoption).
    public var adopted: [String: AdoptedFile]?

    /// One file the agent wrote, as it wrote it.
    public struct WrittenFile: Codable, Sendable, Equatable {
        /// Lowercase hex SHA-256 of the bytes written (placeholders filled).
        public var sha256: String
        /// Permission bits it was written with.
        public var mode: Int
        /// The profile name of the bundle that wanted it.
        public var bundle: String
        /// Actions the file needs when it changes or goes away.
        public var actions: [Action]
    }

    /// The generation the last apply replaced, kept so `rollback` can return to it.
    public struct Previous: Codable, Sendable, Equatable {
        /// Identity of that generation ("" when nothing was applied before).
        public var generation: String
        /// Bundle name -> manifest digest, in that generation.
        public var bundles: [String: String]
        /// Device path -> what that generation had written there.
        public var files: [String: WrittenFile]
        /// Paths the last apply touched: restored from previous/ when saved there, removed otherwise.
        public var touched: [JournalEntry]
        /// The fact values of that generation.
        public var facts: [String: String]?
        /// The originals that generation had adopted.
        public var adopted: [String: AdoptedFile]?
        /// Paths the last apply found edited on the device (drift) and replaced: `rollback` brings the edits back.
        public var drifted: [String]?
    }

    /// The state of a root the agent has never applied to.
    public static let empty = AgentState(generation: "", bundles: [:], files: [:], previous: nil, facts: nil)
}

/// One path a transaction touches, and how to undo it.
public struct JournalEntry: Codable, Sendable, Equatable {
    /// The device path.
    public var path: String
    /// True when a file was there before (its copy is in the backup directory).
    public var existed: Bool
    /// Permission bits of what was there before; nil when nothing was.
    public var mode: Int?
    /// Actions of the file written there and of the file it replaces: run again when the path is restored
    /// (reloads only) or rolled back.
    public var actions: [Action]
}

/// Written (and synced) before the first change; its presence at start means the last run did not finish.
public struct Journal: Codable, Sendable, Equatable {
    /// The generation the run was applying; the committed state's when only the cleanup was left.
    public var generation: String
    /// Every path the run writes or removes.
    public var entries: [JournalEntry]
}

/// How a run ended, as result.json and `status` say it.
public enum ApplyStatus: String, ManifestWord {
    /// The bundles' generation was applied.
    case ok
    /// Nothing had changed: the applied generation is the bundles' and the files still match.
    case noop
    /// The run failed; `step` and `error` say where and why, the previous generation is in place.
    case failed
    /// A dry run: nothing was written.
    case dryRun = "dry-run"
    /// `rollback` restored the previous generation.
    case rolledBack = "rolled-back"
}

/// The report of the last run, for people and monitoring. Holds paths, never contents.
public struct ApplyReport: Codable, Sendable, Equatable {
    /// How the run ended.
    public var status: ApplyStatus
    /// The bundles' generation; for a failure before the journal was written, the one still applied, and
    /// after `rollback`, the one restored ("" for none).
    public var generation: String
    /// Device paths written (for a dry run, to be written; after `rollback`, restored).
    public var changed: [String]
    /// Device paths removed because no bundle wants them any more (for a dry run, to be removed).
    public var removed: [String]
    /// Device paths changed on the device since the agent wrote them, as found before the run.
    public var drift: [String]
    /// The commands run, one line each (for a dry run on the running system, those an apply would run).
    public var actions: [String]
    /// True when a change takes effect only after a reboot (pod MTU); the agent never reboots by itself.
    public var rebootRequired: Bool
    /// True when the run first finished or undid a run that had stopped midway.
    public var recovered: Bool
    /// For a failure: why, in one line; nil otherwise.
    public var error: String?
    /// For a failure: the step that failed (`AgentStep`, which says what each means; `apply` when it was in none).
    public var step: AgentStep?
    /// True when journal.json was left behind (the restore failed too): the next apply or rollback finishes or undoes it.
    public var journalPending: Bool?
    /// For a dry run: what it could and could not check (facts, actions), one line each; for an apply, what it could
    /// not check (the installed MicroShift release, with no rpm command to read its database).
    public var notes: [String]?
    /// Device paths that held someone else's file before this run first wrote them: adopted, their originals kept
    /// (for a dry run, to be adopted). Nil when none.
    public var adopted: [String]?
    /// Device paths no bundle writes any more whose adopted originals were put back (for a dry run, to be). Nil when none.
    public var putBack: [String]?

    /// A report; `notes` starts nil (a dry run sets it).
    public init(
        status: ApplyStatus, generation: String, changed: [String], removed: [String], drift: [String],
        actions: [String],
        rebootRequired: Bool, recovered: Bool, error: String?, step: AgentStep? = nil, journalPending: Bool? = nil
    ) {
        self.status = status
        self.generation = generation
        self.changed = changed
        self.removed = removed
        self.drift = drift
        self.actions = actions
        self.rebootRequired = rebootRequired
        self.recovered = recovered
        self.error = error
        self.step = step
        self.journalPending = journalPending
    }
}

/// Reading and writing the state directory.
public struct StateStore: Sendable {
    /// The root the state directory is under.
    public let fs: RootFS
    /// The state directory (a device path) when the state is not keyed by deployment; each deployment's is under it.
    public static let directory = "/var/lib/nodeprofile"
    /// The booted ostree deployment the state belongs to, or nil on a system that is not image-based.
    public let deployment: String?
    /// Where this store keeps its files: `directory`, or `directory/deployments/ID` for an ostree deployment.
    public let stateDirectory: String
    var statePath: String { stateDirectory + "/state.json" }
    var journalPath: String { stateDirectory + "/journal.json" }
    var reportPath: String { stateDirectory + "/result.json" }
    /// Copies of what the running transaction replaces.
    public var backupDirectory: String { stateDirectory + "/backup" }
    /// Copies of what the last committed apply replaced.
    public var previousDirectory: String { stateDirectory + "/previous" }
    /// The originals of adopted files, at their device paths below it, kept while a generation (or the previous one,
    /// for `rollback`) owns the path.
    public var adoptedDirectory: String { stateDirectory + "/adopted" }

    /// The store of `deployment`'s state under `fs` (nil: `directory` itself).
    public init(fs: RootFS, deployment: String? = nil) {
        self.fs = fs
        self.deployment = deployment
        stateDirectory = deployment.map { Self.deploymentsDirectory + "/" + $0 } ?? Self.directory
    }

    /// This deployment's state; for a deployment with none yet, the state its /etc was merged with (`inheritedState`).
    public func state() throws -> AgentState { try load(statePath) ?? inheritedState().state }
    /// The journal of a run that stopped midway, or nil when none is pending.
    public func journal() throws -> Journal? { try load(journalPath) }
    /// The report of the last run (result.json), or nil before the first.
    public func report() throws -> ApplyReport? { try load(reportPath) }

    /// Commits the state (state.json) and notes this deployment as the one saved last.
    public func save(_ state: AgentState) throws {
        try store(state, statePath)
        try noteSaved()
    }
    /// Writes journal.json: the run is pending until `removeJournal()`.
    public func save(_ journal: Journal) throws { try store(journal, journalPath) }
    /// Writes result.json, which `status` and the greenboot check read.
    public func save(_ report: ApplyReport) throws { try store(report, reportPath) }
    /// Removes journal.json once the run is finished or undone.
    public func removeJournal() throws { try fs.remove(journalPath) }

    /// The largest state file read (state.json holds one entry per file the agent wrote).
    public static let readLimit = 64 << 20

    /// True when journal.json is there: a run stopped midway and the next apply or rollback will finish or undo it.
    public var journalPending: Bool { fs.exists(journalPath) }

    func load<T: Decodable>(_ path: String) throws -> T? {
        let bytes: [UInt8]
        switch fs.readFile(path, limit: Self.readLimit) {
        case .success(let read): bytes = read
        case .failure(.missing): return nil
        case .failure(let failure): throw AgentError.state("\(fs.host(path)) \(failure); move it aside to start over")
        }
        do {
            return try JSONCodec.decode(T.self, from: bytes)
        } catch {
            throw AgentError.state("\(fs.host(path)) is unreadable (\(error)); move it aside to start over")
        }
    }

    func store<T: Encodable>(_ value: T, _ path: String) throws {
        try fs.write(path, try JSONCodec.encode(value) + [0x0A], mode: 0o600)
    }
}
