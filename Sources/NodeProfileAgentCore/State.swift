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

    public struct WrittenFile: Codable, Sendable, Equatable {
        public var sha256: String
        public var mode: Int
        public var bundle: String
        /// Actions the file needs when it changes or goes away.
        public var actions: [Action]
    }

    public struct Previous: Codable, Sendable, Equatable {
        public var generation: String
        public var bundles: [String: String]
        public var files: [String: WrittenFile]
        /// Paths the last apply touched: restored from previous/ when saved there, removed otherwise.
        public var touched: [JournalEntry]
        /// The fact values of that generation.
        public var facts: [String: String]?
    }

    public static let empty = AgentState(generation: "", bundles: [:], files: [:], previous: nil, facts: nil)
}

/// One path a transaction touches, and how to undo it.
public struct JournalEntry: Codable, Sendable, Equatable {
    public var path: String
    /// True when a file was there before (its copy is in the backup directory).
    public var existed: Bool
    public var mode: Int?
    public var actions: [Action]
}

/// Written (and synced) before the first change; its presence at start means the last run did not finish.
public struct Journal: Codable, Sendable, Equatable {
    public var generation: String
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
    public var generation: String
    public var changed: [String]
    public var removed: [String]
    public var drift: [String]
    public var actions: [String]
    public var rebootRequired: Bool
    public var recovered: Bool
    public var error: String?
    /// For a failure: the step that failed (load, lock, recover, facts, journal, backup, write, actions, verify, state, rollback).
    public var step: String?
    /// True when journal.json was left behind (the restore failed too): the next apply or rollback finishes or undoes it.
    public var journalPending: Bool?
    /// For a dry run: what it could and could not check (facts, actions), one line each.
    public var notes: [String]?

    public init(status: ApplyStatus, generation: String, changed: [String], removed: [String], drift: [String], actions: [String],
                rebootRequired: Bool, recovered: Bool, error: String?, step: String? = nil, journalPending: Bool? = nil) {
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
    public let fs: RootFS
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

    public init(fs: RootFS, deployment: String? = nil) {
        self.fs = fs
        self.deployment = deployment
        stateDirectory = deployment.map { Self.deploymentsDirectory + "/" + $0 } ?? Self.directory
    }

    /// This deployment's state; for a deployment with none yet, the state its /etc was merged with (`inheritedState`).
    public func state() throws -> AgentState { try load(statePath) ?? inheritedState().state }
    public func journal() throws -> Journal? { try load(journalPath) }
    public func report() throws -> ApplyReport? { try load(reportPath) }

    public func save(_ state: AgentState) throws {
        try store(state, statePath)
        try noteSaved()
    }
    public func save(_ journal: Journal) throws { try store(journal, journalPath) }
    public func save(_ report: ApplyReport) throws { try store(report, reportPath) }
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
