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
    /// Paths the applied generation wrote that no bundle wants any more, sorted.
    let removals: [String]
    /// Paths the applied generation wrote that no bundle wants any more but the targeted MicroShift release's packages
    /// own (an older nodeprofile wrote over them): left in place for their package, no longer managed.
    let released: [String]
    let rebootRequired: Bool

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
        released = state.files.keys.sorted().filter { wanted[$0] == nil && vendorOwned.contains($0) }
        removals = state.files.keys.sorted().filter { wanted[$0] == nil && !vendorOwned.contains($0) }
        // A reboot is needed only when a setting MicroShift already ran with changes (not on the first apply).
        rebootRequired = (writes + removals).contains { path in
            state.files[path] != nil
                && ((wanted[path]?.entry.actions ?? []) + (state.files[path]?.actions ?? [])).contains {
                    $0.kind == .rebootRequired
                }
        }
    }

    /// Actions of what changes: the written files' and the removed files'.
    var actions: [Action] {
        writes.flatMap { wanted[$0]?.entry.actions ?? [] } + removals.flatMap { state.files[$0]?.actions ?? [] }
    }

    /// The journal for this change: every path, whether a file was there, its mode, and the actions to undo it.
    func journal(_ fs: RootFS, generation: String) -> Journal {
        Journal(
            generation: generation,
            entries: (writes + removals).map { path in
                JournalEntry(
                    path: path, existed: fs.read(path) != nil, mode: fs.mode(path),
                    actions: (wanted[path]?.entry.actions ?? []) + (state.files[path]?.actions ?? []))
            })
    }

    /// The state to commit once every file is written.
    func nextState(generation: String, bundles: [LoadedBundle], touched: [JournalEntry]) -> AgentState {
        var files: [String: AgentState.WrittenFile] = [:]
        for (path, file) in wanted {
            files[path] = .init(
                sha256: SHA256.hex(rendered[path] ?? []), mode: file.mode, bundle: file.bundle,
                actions: file.entry.actions)
        }
        return AgentState(
            generation: generation,
            bundles: Dictionary(
                bundles.map { ($0.manifest.profile.name, $0.digest) }, uniquingKeysWith: { first, _ in first }),
            files: files,
            previous: .init(
                generation: state.generation, bundles: state.bundles, files: state.files, touched: touched,
                facts: state.facts),
            facts: facts)
    }
}
