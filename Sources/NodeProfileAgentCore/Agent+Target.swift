import NodeProfileManifest

/// The first step of every apply: a bundle is built for one MicroShift minor release (`profile.microshift` in its
/// manifest), and a bundle for another release breaks the device (from 4.14 MicroShift deletes the br-ex keyfiles
/// a 4.13 bundle writes, and reads config.yaml in another shape). So before anything is written, the release the root
/// has installed is read from its rpm database (`InstalledMicroShift`) and a bundle for another release is refused.
extension Agent {
    /// Refuses `bundles` when one targets another minor release than the installed `microshift` package; returns the
    /// notes the report keeps when the release could not be checked. No rpm database, or no `microshift` package in
    /// it, is allowed: the bundle may be applied before MicroShift is installed (an image build). A database with no
    /// rpm command to read it (a build host without rpm, given `--root`) is allowed with a note, since the device's
    /// own agent checks again at boot.
    func checkTarget(_ bundles: [LoadedBundle]) throws -> [String] {
        guard !bundles.isEmpty else { return [] }
        switch try InstalledMicroShift(fs: fs, runner: actions.runner).read() {
        case .noDatabase, .notInstalled:
            return []
        case .noRPM(let database):
            let note =
                "the installed MicroShift release was not checked: there is an rpm database at \(fs.host(database)) "
                + "but no rpm command to read it"
            log(note)
            return [note]
        case .installed(let versions, let database):
            for bundle in bundles.sorted(by: { $0.manifest.profile.name < $1.manifest.profile.name }) {
                let target = bundle.manifest.profile.microshift
                for version in versions {
                    let installed = InstalledMicroShift.minor(version)
                    if let installed, installed == InstalledMicroShift.minor(target) { continue }
                    let release = installed ?? version
                    throw AgentError.bundle(
                        "bundle nodeprofile-\(bundle.manifest.profile.name) targets MicroShift \(target), but "
                            + "MicroShift \(version) is installed (rpm database \(fs.host(database))); nothing was "
                            + "changed. Build the profile with target.microshift: \"\(release)\" and install that "
                            + "bundle (`nodeprofile validate --target \(release) PROFILE` lists what changes)")
                }
            }
            return []
        }
    }
}
