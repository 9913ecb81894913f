import NodeProfileManifest

/// What an apply changes: every wanted file rendered with the fact values, the paths to write and remove, the
/// actions they need, and whether a reboot will be required.
struct ApplyPlan {
    let wanted: [String: WantedFile]
    let state: AgentState
    let facts: [String: String]
    /// Device path -> bytes with every placeholder filled.
    let rendered: [String: [UInt8]]
    /// Paths whose bytes or mode differ from what they should be, sorted.
    let writes: [String]
    /// Paths the applied generation wrote that no bundle wants any more and no adopted original comes back to, sorted.
    let removals: [String]
    /// Paths the applied generation wrote that no bundle wants any more, where the file someone else had there before
    /// comes back from its adopted copy (bytes checked against the recorded digest), sorted.
    let putBack: [String: [UInt8]]
    /// Wanted paths that hold someone else's file, never written by the agent: their originals are kept (adopted)
    /// before anything is written, sorted.
    let adoptions: [String]
    /// Paths the applied generation wrote that no bundle wants any more but the targeted MicroShift release's packages
    /// own (an older nodeprofile wrote over them): left in place for their package, no longer managed.
    let released: [String]
    /// Paths no bundle wants any more whose adopted original is missing or damaged: left as the agent wrote them.
    let orphaned: [String]
    let rebootRequired: Bool
    /// Paths found edited on the device that this apply writes over or releases, sorted.
    let drifted: [String]

    /// `bytes` with every occurrence of `pattern` replaced by `replacement`, left to right, without overlaps.
    static func replacing(_ pattern: [UInt8], with replacement: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == pattern[0], index + pattern.count <= bytes.count,
                bytes[index..<index + pattern.count].elementsEqual(pattern)
            {
                out += replacement
                index += pattern.count
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    init(
        agent: Agent, wanted: [String: WantedFile], state: AgentState, facts: [String: String], drifted: [String],
        vendorOwned: Set<String>
    ) {
        self.wanted = wanted
        self.state = state
        self.facts = facts
        var rendered: [String: [UInt8]] = [:]
        for (path, file) in wanted {
            // Bytes, not text: a file that is not UTF-8 (or whose placeholder sits before a combining mark) is written
            // exactly as the bundle holds it, with only the placeholders' bytes replaced.
            var bytes = file.bytes
            for name in file.entry.facts {
                bytes = Self.replacing(
                    Array(FactSpec.placeholder(name).utf8), with: Array((facts[name] ?? "").utf8), in: bytes)
            }
            rendered[path] = bytes
        }
        self.rendered = rendered
        writes = wanted.keys.sorted().filter { path in
            agent.fs.read(path).map(SHA256.hex) != rendered[path].map(SHA256.hex)
                || agent.fs.mode(path) != wanted[path]?.mode
        }
        let adopted = state.adopted ?? [:]
        adoptions = wanted.keys.sorted().filter { state.files[$0] == nil && adopted[$0] == nil && agent.fs.exists($0) }
        var putBack: [String: [UInt8]] = [:]
        var released: [String] = []
        var orphaned: [String] = []
        var removals: [String] = []
        for path in state.files.keys.sorted() where wanted[path] == nil {
            if vendorOwned.contains(path) {
                released.append(path)
            } else if let original = adopted[path] {
                // A missing or damaged copy is never a reason to remove the file: it stays as the agent wrote it.
                let copy = agent.fs.read(agent.store.adoptedDirectory + path)
                if let copy, SHA256.hex(copy) == original.sha256 { putBack[path] = copy } else { orphaned.append(path) }
            } else {
                removals.append(path)
            }
        }
        self.putBack = putBack
        self.drifted = drifted.filter { wanted[$0] != nil || state.files[$0] != nil }.sorted()
        self.released = released
        self.orphaned = orphaned
        self.removals = removals
        // A reboot is needed only when a setting MicroShift already ran with changes (not on the first apply).
        rebootRequired = (writes + removals + putBack.keys).contains { path in
            state.files[path] != nil
                && ((wanted[path]?.entry.actions ?? []) + (state.files[path]?.actions ?? [])).contains {
                    $0.kind == .rebootRequired
                }
        }
    }

    /// Paths whose file goes away or comes back from its adopted copy, sorted.
    var departures: [String] { (removals + putBack.keys).sorted() }

    /// Wanted paths whose foreign file the bundle refuses to adopt (its entry says `existing: refuse`) and whose
    /// bytes differ from what the agent would write, with the reason, sorted by path.
    func refusals(_ fs: RootFS) -> [(path: String, reason: String)] {
        adoptions.compactMap { path in
            // Only a regular file's bytes can be kept and put back: anything else would be lost when released.
            if fs.read(path) == nil, let kind = fs.notRegular(path) {
                return (
                    path,
                    "it is \(kind), not a regular file, so nodeprofile could not keep it and put it back; replace it "
                        + "with the file itself, or remove it"
                )
            }
            guard let entry = wanted[path]?.entry, entry.existing == .refuse, fs.read(path) != rendered[path] else {
                return nil
            }
            return (path, entry.existingReason ?? "")
        }
    }

    /// The journal for this change: every path, whether a file was there, its mode, and the actions to undo it.
    func journal(_ fs: RootFS, generation: String) -> Journal {
        Journal(
            generation: generation,
            entries: (writes + departures).map { path in
                JournalEntry(
                    path: path, existed: fs.read(path) != nil, mode: fs.mode(path),
                    actions: (wanted[path]?.entry.actions ?? []) + (state.files[path]?.actions ?? []))
            })
    }

    /// The state to commit once every file is written; `originals` are the adopted files' digests and modes.
    func nextState(
        generation: String, bundles: [LoadedBundle], touched: [JournalEntry], originals: [String: AdoptedFile]
    ) -> AgentState {
        var files: [String: AgentState.WrittenFile] = [:]
        for (path, file) in wanted {
            files[path] = .init(
                sha256: SHA256.hex(rendered[path] ?? []), mode: file.mode, bundle: file.bundle,
                actions: file.entry.actions)
        }
        // Kept while a wanted path holds it; a released path's original is back (or, its copy lost, never will be).
        let adopted = (state.adopted ?? [:]).filter { wanted[$0.key] != nil }.merging(originals) { old, _ in old }
        return AgentState(
            generation: generation,
            bundles: Dictionary(
                bundles.map { ($0.manifest.profile.name, $0.digest) }, uniquingKeysWith: { first, _ in first }),
            files: files,
            previous: .init(
                generation: state.generation, bundles: state.bundles, files: state.files, touched: touched,
                facts: state.facts, adopted: state.adopted, drifted: drifted.isEmpty ? nil : drifted),
            facts: facts, adopted: adopted.isEmpty ? nil : adopted)
    }
}
