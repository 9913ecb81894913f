import NodeProfileManifest

/// What `build` writes beside root/: the reproducible tarball and the RPM spec, both pure functions of the bundle.
public struct PackageSources: Sendable {
    /// The spec's values.
    public var spec: RPMSpec
    /// The rendered spec file.
    public var specText: String
    /// The reproducible tar.gz: the bundle under one top directory (the spec's Source0).
    public var tarball: [UInt8]
    /// manifest.json's bytes, encoded once for the signature, the tarball and the bundle directory.
    public var manifestJSON: [UInt8]
    /// manifest.json.sig's bytes when the bundle is signed.
    public var signature: [UInt8]?
    /// True when the bundle holds the proxy password (`CompiledBundle.holdsSecret`): the tarball and RPM are 0600.
    public var holdsSecret: Bool

    /// Makes the tarball (the bundle under one top directory) and renders the spec. `sign` turns manifest.json's
    /// bytes into manifest.json.sig, which then travels beside manifest.json in the tarball and the RPM.
    public init(
        bundle: CompiledBundle, description: String?, profileDigest: String, epoch: Int, templates: TemplateSet,
        sign: (([UInt8]) throws -> [UInt8])? = nil
    ) throws {
        holdsSecret = bundle.holdsSecret
        manifestJSON = try ManifestCoding.encode(bundle.manifest)
        signature = try sign?(manifestJSON)
        spec = RPMSpec(
            manifest: bundle.manifest, description: description, profileDigest: profileDigest, epoch: epoch,
            signed: signature != nil)
        specText = try spec.render(templates)
        let top = spec.topDirectory
        var entries = [Tarball.Entry(path: "\(top)/manifest.json", mode: 0o644, bytes: manifestJSON)]
        if let signature {
            entries.append(Tarball.Entry(path: "\(top)/\(RPMSpec.signatureFileName)", mode: 0o644, bytes: signature))
        }
        for file in bundle.files {
            entries.append(Tarball.Entry(path: "\(top)/root\(file.path)", mode: file.mode, bytes: file.bytes))
        }
        tarball = try Tarball.gzip(entries, mtime: epoch)
    }
}

/// Compares a built RPM, as librpm reads it, with the manifest it was made from.
public enum PackageVerifier {
    /// Every difference, one line each; empty when the package is what the manifest says.
    public static func differences(_ contents: RPMInspector.Contents, _ spec: RPMSpec) -> [String] {
        var problems: [String] = []
        let profile = spec.manifest.profile
        if contents.name != spec.packageName {
            problems.append("name is \(contents.name), expected \(spec.packageName)")
        }
        if contents.version != profile.version || contents.release != profile.release {
            problems.append(
                "version is \(contents.version)-\(contents.release), expected \(profile.version)-\(profile.release)")
        }
        var expected: [String: RPMInspector.FileInfo] = [
            spec.bundleDirectory: .init(mode: "0755", user: "root", group: "root", isDirectory: true),
            "\(spec.bundleDirectory)/manifest.json": .init(
                mode: "0644", user: "root", group: "root", isDirectory: false),
        ]
        if spec.signed {
            expected["\(spec.bundleDirectory)/\(RPMSpec.signatureFileName)"] = .init(
                mode: "0644", user: "root", group: "root", isDirectory: false)
        }
        for directory in spec.directories {
            expected[directory] = .init(mode: "0755", user: "root", group: "root", isDirectory: true)
        }
        for file in spec.manifest.files {
            expected["\(spec.bundleDirectory)/root\(file.path)"] = .init(
                mode: file.mode.description, user: file.owner, group: file.group, isDirectory: false)
        }
        for (path, want) in expected.sorted(by: { $0.key < $1.key }) {
            guard let got = contents.files[path] else {
                problems.append("missing \(path)")
                continue
            }
            if got != want {
                problems.append(
                    "\(path) is \(got.mode) \(got.user):\(got.group), expected \(want.mode) \(want.user):\(want.group)")
            }
        }
        for path in contents.files.keys.sorted() where expected[path] == nil { problems.append("unexpected \(path)") }
        // rpmbuild adds the %posttrans interpreter itself.
        let wanted = Set(spec.requires + ["/bin/sh"])
        if Set(contents.requires) != wanted {
            problems.append("requires \(contents.requires.sorted()), expected \(wanted.sorted())")
        }
        if !contents.provides.contains(RPMSpec.bundleCapability) || contents.conflicts != [RPMSpec.bundleCapability] {
            problems.append(
                "provides \(contents.provides.sorted()) and conflicts \(contents.conflicts), expected both to hold \(RPMSpec.bundleCapability)"
            )
        }
        return problems
    }
}
