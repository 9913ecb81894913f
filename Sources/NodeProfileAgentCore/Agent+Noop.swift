import Glibc
import NodeProfileManifest
import NodeProfileSigning

/// The no-op re-run without JSON: when manifest.json and state.json are the bytes the last full no-op
/// recorded (`NoopRecord`), their contents are taken from the record instead of being decoded, while every check that
/// can change without them changing is made again: each bundle's signature under the device's policy, each bundle file
/// against its recorded manifest digest, each written file's bytes and mode, the facts and the generation they give.
extension Agent {
    /// Where the no-op record of this store's state is, as a device path.
    var noopRecordPath: String { store.stateDirectory + "/" + NoopRecord.fileName }

    /// The report of a no-op when the bundles in `directories` (host paths, in load order) are those of the record
    /// and nothing it describes changed, after logging what the full path logs for a no-op; nil sends the run down the
    /// full path, which then decides (and reports) everything as if there were no record. Reads, never writes.
    public func quickNoop(directories: [String], policy: SignaturePolicy) -> ApplyReport? {
        guard !directories.isEmpty, !store.journalPending, let record = readNoopRecord(),
            record.root == fs.root, record.bundles.map(\.directory) == directories,
            case .success(let stateBytes) = fs.readFile(store.statePath, limit: StateStore.readLimit),
            SHA256.hex(stateBytes) == record.state,
            Self.digest(fs.readFile(store.reportPath, limit: StateStore.readLimit)) == record.result,
            InstalledMicroShift(fs: fs, runner: actions.runner).fingerprint() == record.rpmdb
        else { return nil }
        for (directory, bundle) in zip(directories, record.bundles) {
            // Each of the bundle's directories is opened once for its manifest and all its files.
            let intact = RootFS(root: directory).keepingDirectories { bundleFS in
                // The signature is checked as on the full path: a key removed from keys.d or --require-signature counts.
                guard let manifest = try? LoadedBundle.readManifest(directory, from: bundleFS, policy: policy),
                    SHA256.hex(manifest.bytes) == bundle.digest
                else { return false }
                return bundle.files.allSatisfy { file in
                    guard case .success(let bytes) = bundleFS.readFile("/root" + file.path) else { return false }
                    return LoadedBundle.digest(of: bytes, keyed: file.keyed) == file.digest
                }
            }
            guard intact else { return nil }
        }
        let state = AgentState(
            generation: record.generation, bundles: [:], files: record.files, previous: nil, facts: record.values)
        // Values equal to those the full no-op checked against these same patterns (the manifests are the same bytes)
        // need no second check; any other value goes down the full path, which checks it.
        guard drift(state).isEmpty, facts.current(record.facts, recorded: record.values) == record.values,
            Self.generation(record.bundles.map { ($0.name, $0.digest) }, facts: record.values) == record.generation
        else { return nil }
        return noop(generation: record.generation, recovered: false)
    }

    /// The no-op's report, as both paths give it (the command prints it; nothing is logged).
    func noop(generation: String, recovered: Bool) -> ApplyReport {
        ApplyReport(
            status: .noop, generation: generation, changed: [], removed: [], drift: [], actions: [],
            rebootRequired: false, recovered: recovered, error: nil)
    }

    /// After a full no-op (result.json already saved if it was to be): records what it found for the next run. Only
    /// when state.json decodes to `state` and names exactly the files the bundles want; a failure to record is
    /// ignored, since the record only saves time.
    func recordNoop(_ bundles: [LoadedBundle], state: AgentState, specs: [FactSpec], facts quick: [String: String]) {
        guard !bundles.isEmpty, quick == state.facts ?? [:],
            case .success(let stateBytes) = fs.readFile(store.statePath, limit: StateStore.readLimit),
            (try? JSONCodec.decode(AgentState.self, from: stateBytes)) == state,
            let result = Self.digest(fs.readFile(store.reportPath, limit: StateStore.readLimit)),
            Set(state.files.keys) == Set(bundles.flatMap(\.files.keys))
        else { return }
        let record = NoopRecord(
            version: NoopRecord.currentVersion, root: fs.root, state: SHA256.hex(stateBytes), result: result,
            generation: state.generation, rpmdb: InstalledMicroShift(fs: fs, runner: actions.runner).fingerprint(),
            bundles: bundles.map { bundle in
                NoopRecord.Bundle(
                    name: bundle.manifest.profile.name, digest: bundle.digest, directory: bundle.directory,
                    files: bundle.files.sorted { $0.key < $1.key }.map {
                        ($0.key, $0.value.entry.digest == .hmacSHA256, $0.value.entry.sha256)
                    })
            },
            facts: specs, values: state.facts ?? [:],
            files: state.files.mapValues { .init(sha256: $0.sha256, mode: $0.mode, bundle: "", actions: []) })
        guard let bytes = record.encoded() else { return }
        // Not synced: a record torn by a power cut fails its checksum and is not used.
        try? fs.write(noopRecordPath, bytes, mode: 0o600, durable: false)
    }

    /// The record, when it is a regular file of this user's with mode 0600 and reads whole; nil otherwise.
    func readNoopRecord() -> NoopRecord? {
        guard let status = fs.status(noopRecordPath), status.st_uid == geteuid(),
            status.st_mode & 0o7777 == 0o600, case .success(let bytes) = fs.readFile(noopRecordPath)
        else { return nil }
        return NoopRecord.parse(bytes)
    }

    /// SHA-256 of a file read, "none" when it is missing, nil when it could not be read.
    static func digest(_ read: Result<[UInt8], RegularFile.Failure>) -> String? {
        switch read {
        case .success(let bytes): SHA256.hex(bytes)
        case .failure(.missing): "none"
        case .failure: nil
        }
    }
}
