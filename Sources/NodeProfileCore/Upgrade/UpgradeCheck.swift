import NodeProfileManifest

/// One file that a change of MicroShift release moves, drops or makes read differently, and why.
public struct UpgradeChange: Sendable, Equatable {
    /// What happens to the file.
    public enum Kind: String, Sendable {
        /// The new release's own scripts delete it (configure-ovs.sh, at every boot).
        case deletedByRelease = "deleted by the release"
        /// The new bundle writes the same settings under another path.
        case renamed
        /// The new bundle no longer writes it.
        case removed
        /// Both bundles write it, with other contents: the release reads it differently.
        case readDifferently = "read differently"
        /// The new release's packages own the path: its next update overwrites the file.
        case vendorOwned = "owned by the release"
        /// Only the new bundle writes it.
        case added
    }

    /// What happens.
    public var kind: Kind
    /// The device path, as the old bundle writes it (the new one for `added`).
    public var path: String
    /// For `renamed`: the path the new bundle writes instead.
    public var newPath: String?
    /// Why, in words for the user.
    public var reason: String
    /// True when the old bundle, left on a device that moved to the new release, breaks it.
    public var breaks: Bool
    /// The profile field the file comes from, for locating the message.
    public var provenance: ProfilePath?
}

/// `nodeprofile validate --target`: what a change of MicroShift release does to the files a profile's bundle writes.
/// The profile is planned and rendered for both releases (`Planner.plan(_:release:)`); every path only the old bundle
/// writes is deleted by the new release's scripts, renamed (an artifact of the same kind at another path) or removed;
/// every path both write with other bytes is read differently; a path the new release's packages own is overwritten
/// by its updates. Reasons come from the two releases' tables (`UpgradeReasons`).
public enum UpgradeCheck {
    /// Every change, in path order, for `profile` moving from `old` to `new`.
    public static func changes(
        _ profile: Profile, from old: MicroShiftRelease, to new: MicroShiftRelease, renderer: BundleRenderer
    ) -> [UpgradeChange] {
        let reasons = UpgradeReasons(profile: profile, old: old, new: new)
        let before = rendered(profile, old, renderer)
        let after = rendered(profile, new, renderer)
        var changes: [UpgradeChange] = []
        var unpaired = after.filter { before[$0.key] == nil }
        for (path, file) in before.sorted(by: { $0.key < $1.key }) {
            if new.vendorOwnedPaths.contains(path) {
                changes.append(reasons.change(.vendorOwned, path, file.artifact))
            }
            if let other = after[path] {
                if other.bytes != file.bytes { changes.append(reasons.change(.readDifferently, path, file.artifact)) }
                continue
            }
            if reasons.deletedByConfigureOVS(path) {
                changes.append(reasons.change(.deletedByRelease, path, file.artifact))
            } else if let match = partner(of: file.artifact, in: unpaired) {
                unpaired[match] = nil
                var change = reasons.change(.renamed, path, file.artifact)
                change.newPath = match
                changes.append(change)
            } else {
                changes.append(reasons.change(.removed, path, file.artifact))
            }
        }
        for (path, file) in unpaired.sorted(by: { $0.key < $1.key }) {
            changes.append(reasons.change(.added, path, file.artifact))
        }
        return changes
    }

    /// Each file of `profile`'s plan for `release` with its bytes (a file that fails to render has none).
    static func rendered(_ profile: Profile, _ release: MicroShiftRelease, _ renderer: BundleRenderer) -> [String: (
        artifact: any Artifact, bytes: [UInt8]
    )] {
        let plan = Planner.plan(profile, release: release)
        let (files, _) = renderer.render(plan, profile: profile.metadata.name) { _ in .wholeFile("") }
        var out: [String: (artifact: any Artifact, bytes: [UInt8])] = [:]
        for artifact in plan.artifacts { out[artifact.path] = (artifact, []) }
        for file in files { out[file.artifact.path] = (file.artifact, file.bytes) }
        return out
    }

    /// The path of an artifact of the same kind among `candidates` (in the same directory first), if any.
    static func partner(of artifact: any Artifact, in candidates: [String: (artifact: any Artifact, bytes: [UInt8])])
        -> String?
    {
        let kind = "\(type(of: artifact))"
        let same = candidates.filter { "\(type(of: $0.value.artifact))" == kind }.keys.sorted()
        let directory = artifact.path.split(separator: "/").dropLast().joined(separator: "/")
        return same.first { $0.split(separator: "/").dropLast().joined(separator: "/") == directory } ?? same.first
    }
}
