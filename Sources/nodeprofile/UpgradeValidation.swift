import NodeProfileCore

/// `nodeprofile validate --target VERSION`: the profile checked as if it targeted VERSION, then every file the change
/// from the profile's own release to VERSION renames, removes, reads differently or deletes, each a diagnostic at
/// `target.microshift` with its reason: an error when the old bundle, left on a device moved to VERSION, breaks it
/// (so the move needs the profile retargeted and its new bundle), a note otherwise.
enum UpgradeValidation {
    /// The known releases, for the usage error.
    static var known: String { MicroShiftRelease.versions.joined(separator: ", ") }

    /// The outcome of checking `input` for `target` (a known release): diagnostics of both, and one summary line.
    static func check(_ input: InputFile, target: String, compiler: ProfileCompiler) -> ProfileLoading.Outcome {
        let own = ProfileLoading.load(input, compiler: compiler)
        guard let document = own.document, let new = MicroShiftRelease.known[target] else { return own }
        let from = own.profile?.microshift ?? document["target"]?["microshift"]?.scalarText
        let old = from.flatMap { MicroShiftRelease.known[$0] } ?? MicroShiftRelease.defaultRelease
        let retargeted = compiler.compile(
            .document(document.targeting(target)), resources: FileSystemResources(profilePath: input.path))
        var diagnostics = retargeted.diagnostics
        var tail = ""
        if let profile = retargeted.profile ?? own.profile, old.version != new.version {
            let location = ProfileLocator(document: document).location(of: "target.microshift")
            let changes = UpgradeCheck.changes(profile, from: old, to: new, renderer: compiler.renderer)
            diagnostics += changes.map { change in
                Diagnostic(
                    change.breaks ? .error : .note, "MicroShift \(old.version) -> \(new.version): " + text(change),
                    at: location, path: "target.microshift")
            }
            let breaking = changes.filter(\.breaks).count
            tail =
                "; \(old.version) -> \(new.version): \(changes.count) file\(changes.count == 1 ? "" : "s") change"
                + (breaking > 0 ? ", \(breaking) break a device left on the \(old.version) bundle" : "")
        }
        let counts = SummaryCounts(diagnostics)
        let summary =
            "\(input.path) as MicroShift \(new.version): "
            + (counts.errors == 0 ? "ok" + counts.warningsTail : counts.errorsAndWarnings) + tail
        return ProfileLoading.Outcome(
            profile: retargeted.profile, diagnostics: diagnostics, source: own.source, document: document,
            summary: summary)
    }

    /// One change in words: the path, what happens to it, and why.
    static func text(_ change: UpgradeChange) -> String {
        let what =
            switch change.kind {
            case .renamed: "is renamed to \(change.newPath ?? "?")"
            case .deletedByRelease: "is deleted by the release's own scripts"
            case .removed: "is removed"
            case .readDifferently: "is read differently"
            case .vendorOwned: "is owned by the release's packages"
            case .added: "is added"
            }
        return "\(change.path) \(what): \(change.reason)"
    }
}
