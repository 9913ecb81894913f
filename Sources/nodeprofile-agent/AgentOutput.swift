import NodeProfileAgentCore
import NodeProfileManifest

/// What the agent prints for each command: paths and digests, never file contents.
enum AgentOutput {
    /// Prints what an apply did (or, with `dryRun`, would do).
    static func printApply(_ report: ApplyReport, dryRun: Bool) {
        if dryRun {
            print("dry run: \(report.changed.count) to write, \(report.removed.count) to remove")
            for path in report.adopted ?? [] { print("  adopt   \(path)") }
            for path in report.changed { print("  write   \(path)") }
            for path in report.putBack ?? [] { print("  put back \(path)") }
            for path in report.removed { print("  remove  \(path)") }
            for path in report.drift { print("  drift   \(path)") }
            for action in report.actions { print("  run     \(action)") }
            for note in report.notes ?? [] { print("  note    \(note)") }
        } else if report.status == .noop {
            print("up to date: generation \(report.generation.prefix(12))")
        } else {
            print(
                "applied generation \(report.generation.prefix(12)): \(report.changed.count) written, \(report.removed.count) removed"
                    + (report.rebootRequired ? "; reboot required" : ""))
            for path in report.adopted ?? [] {
                print("  adopt   \(path) (was there before nodeprofile; its original is kept and put back later)")
            }
            for path in report.putBack ?? [] { print("  put back \(path) (the original nodeprofile had adopted)") }
        }
    }

    /// Prints the applied generation, the last result, the journal, drift and adopted files (`--json`: one object).
    static func printStatus(_ agent: Agent, json: Bool) throws {
        let state = try agent.store.state()
        let report = try agent.store.report()
        let pending = agent.store.journalPending
        let drift = agent.drift(state)
        if json {
            var last: JSONValue = .null
            if let report {
                var members: [String: JSONValue] = [
                    "status": .string(report.status.rawValue), "generation": .string(report.generation),
                    "rebootRequired": .bool(report.rebootRequired),
                ]
                if let error = report.error { members["error"] = .string(error) }
                if let step = report.step { members["step"] = .string(step.rawValue) }
                if let notes = report.notes { members["notes"] = .array(notes.map { .string($0) }) }
                last = .object(members)
            }
            var members: [String: JSONValue] = [
                "generation": state.generation.isEmpty ? .null : .string(state.generation),
                "bundles": .object(state.bundles.mapValues { .string($0) }),
                "facts": .object((state.facts ?? [:]).mapValues { .string($0) }),
                "journalPending": .bool(pending), "drift": .array(drift.map { .string($0) }), "lastResult": last,
                "adopted": .array((state.adopted ?? [:]).keys.sorted().map { .string($0) }),
                "redBoots": .array(HealthOutput.redBootObjects(agent)),
            ]
            // Absent, not null, on a system that is not image-based.
            if let deployment = agent.store.deployment { members["deployment"] = .string(deployment) }
            // Absent when no fleet image picked a node for this device.
            if let record = FleetNodeRecord.read(agent.fs) {
                var node: [String: JSONValue] = ["fleet": .string(record.fleet), "node": .string(record.node)]
                if let matched = record.matched { node["matched"] = .string(matched) }
                members["fleetNode"] = .object(node)
            }
            let object: JSONValue = .object(members)
            print(String(decoding: JSONCodec.encode(object), as: UTF8.self))
            return
        }
        print("generation: \(state.generation.isEmpty ? "none applied" : String(state.generation.prefix(12)))")
        for (name, digest) in state.bundles.sorted(by: { $0.key < $1.key }) {
            print("bundle: \(name) \(digest.prefix(12))")
        }
        if let record = FleetNodeRecord.read(agent.fs) {
            print(
                "fleet node: \(record.node) of fleet \(record.fleet)"
                    + (record.matched.map { " (picked by its \($0))" } ?? ""))
        }
        for (name, value) in (state.facts ?? [:]).sorted(by: { $0.key < $1.key }) { print("fact: \(name)=\(value)") }
        if let report {
            var line = "last result: \(report.status.rawValue)"
            if let step = report.step { line += " at step \(step)" }
            if let error = report.error { line += " (\(error))" }
            print(line + (report.rebootRequired ? ", reboot required" : ""))
            for note in report.notes ?? [] { print("note: \(note)") }
        } else {
            print("last result: none recorded")
        }
        print(
            pending
                ? "journal: pending (a run stopped midway; the next apply or rollback finishes or undoes it)"
                : "journal: none")
        print(drift.isEmpty ? "drift: none" : "drift: " + drift.joined(separator: ", "))
        for path in (state.adopted ?? [:]).keys.sorted() {
            print(
                "adopted: \(path) (its original is kept in \(agent.store.adoptedDirectory) and put back when no bundle writes it)"
            )
        }
        HealthOutput.printDeployment(agent)
    }

    /// What differs between a file on disk and what the agent wrote: removed, bytes, mode, or both.
    static func change(of path: String, from written: AgentState.WrittenFile?, _ fs: RootFS) -> String {
        guard let bytes = fs.read(path) else { return "removed" }
        let mode = fs.mode(path) ?? 0
        let bytesChanged = SHA256.hex(bytes) != written?.sha256
        let modeText = "mode \(FileMode.octal(mode)) instead of \(FileMode.octal(written?.mode ?? 0))"
        switch (bytesChanged, mode != written?.mode) {
        case (true, true): return "bytes and \(modeText)"
        case (true, false): return "bytes"
        default: return modeText
        }
    }

    /// Prints every file checked and every change; returns the exit status (1 when a file changed).
    /// With `bundles` (`verify --bundle`), each must be the applied one: its manifest's digest in the state.
    static func printVerify(_ agent: Agent, bundles: [LoadedBundle] = []) throws -> Int32 {
        let state = try agent.store.state()
        var status: Int32 = 0
        for bundle in bundles {
            let name = bundle.manifest.profile.name
            switch state.bundles[name] {
            case bundle.digest?: print("applied: nodeprofile-\(name) from \(bundle.directory)")
            case let other?:
                print(
                    "not applied: nodeprofile-\(name) from \(bundle.directory); the applied one is manifest \(other.prefix(12))"
                )
                status = 1
            case nil:
                print(
                    "not applied: nodeprofile-\(name) from \(bundle.directory); the applied generation has no such bundle"
                )
                status = 1
            }
        }
        let drift = Set(agent.drift(state))
        for path in state.files.keys.sorted() where !drift.contains(path) { print("ok: \(path)") }
        for path in drift.sorted() {
            print("changed on the device: \(path) (\(change(of: path, from: state.files[path], agent.fs)))")
        }
        let generation = state.generation.isEmpty ? "none applied" : String(state.generation.prefix(12))
        print(
            "checked \(state.files.count) file\(state.files.count == 1 ? "" : "s") of generation \(generation) (bytes and mode): "
                + (drift.isEmpty ? "all match" : "\(drift.count) changed"))
        return drift.isEmpty ? status : 1
    }
}
