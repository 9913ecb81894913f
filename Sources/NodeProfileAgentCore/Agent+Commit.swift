import Glibc
import NodeProfileManifest

extension Agent {
    /// Journal, backups, writes and removals (with sync barriers), actions and live checks, then the state commit.
    /// On failure the backups are restored and result.json says the step, the reason and whether the journal is
    /// still pending (when the restore failed too).
    func commitChanges(_ plan: ApplyPlan, bundles: [LoadedBundle], report: inout ApplyReport) throws {
        let journal = plan.journal(fs, generation: report.generation)
        // Read before the writes: the keyfiles' old bytes against the new.
        let uplink = live ? uplinkChanges(plan, journal) : []
        let reactivate = UplinkChange.replacedConnections(uplink, old: fs.read, new: { plan.rendered[$0] })
        try step(.journal) {
            try? fs.removeTree(store.backupDirectory)
            try store.save(journal)
        }
        crashPoint(.journal)
        var current = AgentStep.backup
        var originals: [String: AdoptedFile] = [:]
        var checkpoint: NetworkCheckpoint?
        do {
            // Durability in barriers rather than per file: the journal is synced; then every backup, one syncfs;
            // then every write and removal, one syncfs, before anything reads them and before the state commits.
            // A power cut in between leaves the synced journal and backups to restore from.
            for entry in journal.entries where entry.existed {
                try fs.write(
                    store.backupDirectory + entry.path, fs.read(entry.path) ?? [], mode: 0o600, durable: false)
            }
            originals = try keepOriginals(plan)
            try fs.syncAll()
            crashPoint(.backup)
            current = .write
            var count = 0
            for entry in journal.entries {
                guard let file = plan.wanted[entry.path], let bytes = plan.rendered[entry.path] else { continue }
                try fs.write(entry.path, bytes, mode: file.mode, durable: false)
                count += 1
                crashPoint(.write, count: count)
            }
            for (path, bytes) in plan.putBack.sorted(by: { $0.key < $1.key }) {
                try fs.write(path, bytes, mode: plan.state.adopted?[path]?.mode ?? 0o644, durable: false)
            }
            current = .remove
            for path in plan.removals { try fs.remove(path, durable: false) }
            try fs.syncAll()
            crashPoint(.remove)
            if live {
                current = .confirm
                checkpoint = try openConfirmWindow(uplink)
                current = .actions
                report.actions = try actions.run(
                    journal.entries.flatMap(\.actions), removed: Set(plan.removals), reactivate: reactivate, log: log)
                current = .verify
                // Only what this run wrote: at boot the firewall table of an unchanged nft file is loaded later, by its unit.
                try verifyLive(plan.wanted.filter { plan.writes.contains($0.key) }, rendered: plan.rendered)
                if let taken = checkpoint {
                    current = .confirm
                    try confirmUplink(
                        taken,
                        gateway: UplinkChange.gateway(
                            plan.rendered.filter { UplinkChange.isKeyfile($0.key) }.map { ($0.key, $0.value) }),
                        targets: UplinkChange.confirmTargets(bundles.compactMap(\.manifest.health)))
                    checkpoint = nil
                }
            }
            crashPoint(.actions)
        } catch {
            log("apply failed at step \(current); restoring the previous generation")
            report.status = .failed
            report.step = current
            report.error = "\(error)"
            if let taken = checkpoint {
                // NetworkManager first, so the devices run the old connections again; then the files under them.
                do {
                    try taken.rollback(runner: actions.runner)
                    log("NetworkManager rolled back to checkpoint \(taken.path)")
                } catch let rollbackError {
                    report.error = "\(error); rolling NetworkManager back failed too: \(rollbackError)"
                }
            }
            do {
                try restore(journal)
                report.journalPending = false
            } catch let restoreError {
                report.error =
                    "\(report.error ?? "\(error)"); restoring the previous generation failed too: \(restoreError)"
                report.journalPending = store.journalPending
            }
            do { try store.save(report) } catch let saveError {
                log("cannot record the failure in result.json: \(saveError)")
            }
            var failure = AgentFailure(step: current, error, recorded: true)
            failure.reason = report.error ?? failure.reason
            throw failure
        }
        try step(.state) {
            let next = plan.nextState(
                generation: report.generation, bundles: bundles, touched: journal.entries, originals: originals)
            try store.save(next)
            crashPoint(.state)
            try finishCommit()
            pruneOriginals(Array((plan.state.previous?.adopted ?? [:]).keys), kept: next)
            try store.save(report)
        }
    }

    /// After the state is committed: the backups become the previous generation's copies; the journal goes.
    func finishCommit() throws {
        if fs.exists(store.backupDirectory) {
            try? fs.removeTree(store.previousDirectory)
            try fs.move(store.backupDirectory, to: store.previousDirectory)
        }
        try store.removeJournal()
    }

    /// Checks the running system after the actions: the firewall table is loaded, and each setting of a loaded sysctl
    /// file (as its text says, `rendered`) reads back from /proc/sys.
    func verifyLive(_ wanted: [String: WantedFile], rendered: [String: [UInt8]]) throws {
        for (path, file) in wanted {
            for action in file.entry.actions {
                switch action.kind {
                case .nftReplace:
                    let result = actions.runner.run(["nft", "list", "table"] + SharedNames.nftTable)
                    if result.status != 0 {
                        throw AgentError.verification("the nftables table from \(path) is not loaded")
                    }
                case .sysctl:
                    let text = String(decoding: rendered[path] ?? file.bytes, as: UTF8.self)
                    for setting in SysctlFile.settings(text) where !setting.optional {
                        let value = HostFiles.text(setting.procPath)?.trimmingWhitespace()
                        if value != setting.value {
                            throw AgentError.verification(
                                "\(setting.key) is \(value ?? "unreadable") after \(path) was loaded, not \(setting.value)"
                            )
                        }
                    }
                default: break
                }
            }
        }
    }
}
