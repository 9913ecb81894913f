/// The plan's own invariants, checked on the typed plan before anything is rendered: one writer per path, no path
/// MicroShift's packages own, secrets only in 0600 files. Rules about values (NO_PROXY, MTUs, port ranges) are
/// decided once, in validation or in the one function the planner builds them with, not again here.
public enum PlanChecker {
    /// Every broken invariant of `plan`, each reported at the profile line `locate` finds for the field behind it.
    public static func check(_ plan: Plan, _ profile: Profile, locate: (ProfilePath) -> SourceLocation) -> [Diagnostic]
    {
        var diagnostics: [Diagnostic] = []
        func report(_ message: String, _ path: ProfilePath) {
            diagnostics.append(Diagnostic(.error, message, at: locate(path), path: path.description))
        }
        var owners: [String: Int] = [:]
        let vendorOwned = Set(profile.release.vendorOwnedPaths)
        for (index, artifact) in plan.artifacts.enumerated() {
            if vendorOwned.contains(artifact.path) {
                report(
                    "\(artifact.path) belongs to MicroShift \(profile.microshift)'s packages, which rewrite it on update; settings go in a file of nodeprofile's own read after it",
                    artifact.provenance.first ?? ProfilePath())
            }
            if let first = owners[artifact.path] {
                report(
                    "two generated files would be written to \(artifact.path) (\(plan.artifacts[first].template) and \(artifact.template))",
                    artifact.provenance.first ?? ProfilePath())
            }
            owners[artifact.path] = owners[artifact.path] ?? index
            if artifact.secret && artifact.mode != 0o600 {
                report(
                    "\(artifact.path) holds a secret but would be mode \(String(artifact.mode, radix: 8)); secrets go only into 0600 files",
                    artifact.provenance.first ?? "proxy")
            }
        }
        return diagnostics
    }
}
