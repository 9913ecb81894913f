import NodeProfileManifest

/// The original of a file someone else had at a path before the agent first wrote there.
public struct AdoptedFile: Codable, Sendable, Equatable {
    /// Lowercase hex SHA-256 of the original's bytes, checked before it is put back.
    public var sha256: String
    /// The original's permission bits.
    public var mode: Int
}

/// Adoption: the agent never silently takes over a file it did not write. A file already at a path before the agent's
/// first write there is adopted (its original kept under the state directory's adopted/, per deployment) and put back
/// byte for byte, with its mode, once no generation writes the path; or, when the bundle says the device reads its
/// settings from that one file (`existing: refuse`), the whole run is refused before anything is written.
extension Agent {
    /// Throws, naming every refused path and why, when a wanted path holds a foreign file its entry refuses to adopt.
    func refuseForeignFiles(_ plan: ApplyPlan) throws {
        let refused = plan.refusals(fs)
        guard !refused.isEmpty else { return }
        throw AgentError.bundle(
            refused.map { "\(fs.host($0.path)) is already there and nodeprofile did not write it: \($0.reason)" }
                .joined(separator: "; ") + "; nothing was changed")
    }

    /// Copies each file to be adopted into adopted/ (not synced: the caller's barrier syncs them before any write)
    /// and returns their digests and modes for the state.
    func keepOriginals(_ plan: ApplyPlan) throws -> [String: AdoptedFile] {
        var originals: [String: AdoptedFile] = [:]
        for path in plan.adoptions {
            guard let bytes = fs.read(path) else { continue }
            try fs.write(store.adoptedDirectory + path, bytes, mode: 0o600, durable: false)
            originals[path] = AdoptedFile(sha256: SHA256.hex(bytes), mode: fs.mode(path) ?? 0o644)
        }
        return originals
    }

    /// Removes the copies of originals that neither `kept` state nor its previous generation refers to any more, out
    /// of `candidates` (what the states before referred to). A copy left by a crash is only ever overwritten.
    func pruneOriginals(_ candidates: [String], kept state: AgentState) {
        let keep = Set((state.adopted ?? [:]).keys).union((state.previous?.adopted ?? [:]).keys)
        for path in Set(candidates).subtracting(keep) {
            do { try fs.remove(store.adoptedDirectory + path) } catch {
                log("cannot remove the adopted copy of \(path): \(error)")
            }
        }
    }
}

extension StateStore {
    /// Copies the originals `state` adopted from another state directory (the deployment it is inherited from) into this
    /// one, so this deployment can put them back; a copy that is missing there is left to the apply to report.
    func inheritOriginals(_ state: AgentState, from directory: String) throws {
        for path in (state.adopted ?? [:]).keys.sorted() {
            if let bytes = fs.read(directory + "/adopted" + path) {
                try fs.write(adoptedDirectory + path, bytes, mode: 0o600)
            }
        }
    }
}
