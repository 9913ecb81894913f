import Glibc
import NodeProfileManifest

extension Agent {
    /// Finishes or undoes a run that stopped midway. Returns true when there was something to recover.
    public func recover() throws -> Bool {
        guard let journal = try store.journal() else { return false }
        let state = try store.state()
        if state.generation == journal.generation {
            log(
                "the last run committed generation \(journal.generation.prefix(12)) but stopped before cleaning up; finishing"
            )
            try finishCommit()
        } else {
            log(
                "the last run stopped while applying generation \(journal.generation.prefix(12)); restoring the files it touched"
            )
            try restore(journal)
        }
        return true
    }

    /// Puts every journaled path back as it was, re-runs the reloads (live), and drops the journal and backups.
    func restore(_ journal: Journal) throws {
        try putBack(journal.entries, from: store.backupDirectory)
        if live {
            let reloads = journal.entries.flatMap(\.actions).filter {
                [.daemonReload, .sysctl, .nftReplace, .networkManagerReload].contains($0.kind)
            }
            let removed = Set(journal.entries.filter { !$0.existed }.map(\.path))
            do { _ = try actions.run(reloads, removed: removed, log: log) } catch { log("while restoring: \(error)") }
        }
        try? fs.removeTree(store.backupDirectory)
        try store.removeJournal()
    }

    /// Writes each saved copy back with its old mode, and removes what did not exist before.
    func putBack(_ entries: [JournalEntry], from directory: String) throws {
        for entry in entries {
            if entry.existed, let bytes = fs.read(directory + entry.path) {
                try fs.write(entry.path, bytes, mode: entry.mode ?? 0o600)
            } else if !entry.existed {
                try fs.remove(entry.path)
            }
        }
    }

    /// Restores what the last apply replaced and returns to the previous generation.
    /// A failure is recorded in result.json (step `rollback`) before it is thrown.
    public func rollback() throws -> ApplyReport {
        try keepingDirectories { agent in
            do {
                return try agent.rollbackRecorded()
            } catch {
                agent.recordFailure(error, step: .rollback)
                throw (error as? AgentFailure)?.underlying ?? error
            }
        }
    }

    private func rollbackRecorded() throws -> ApplyReport {
        _ = try step(.recover) { try recover() }
        var state = try store.state()
        guard let previous = state.previous else {
            throw AgentError.bundle("there is no previous generation to roll back to")
        }
        try putBack(previous.touched, from: store.previousDirectory)
        var ran: [String] = []
        if live {
            ran = try actions.run(
                previous.touched.flatMap(\.actions), removed: Set(previous.touched.filter { !$0.existed }.map(\.path)),
                log: log)
        }
        let adopted = Array((state.adopted ?? [:]).keys)
        state = AgentState(
            generation: previous.generation, bundles: previous.bundles, files: previous.files, previous: nil,
            facts: previous.facts, adopted: previous.adopted)
        try store.save(state)
        pruneOriginals(adopted, kept: state)
        try? fs.removeTree(store.previousDirectory)
        // What the last apply replaced comes back as it was, hand edits it had repaired included: those are drift again.
        let report = ApplyReport(
            status: .rolledBack, generation: previous.generation, changed: previous.touched.map(\.path), removed: [],
            drift: previous.drifted ?? [], actions: ran, rebootRequired: false, recovered: false, error: nil)
        try store.save(report)
        return report
    }
}
