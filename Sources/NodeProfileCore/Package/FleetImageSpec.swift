import NodeProfileManifest

/// The RPM spec of a fleet image (`FleetImage`): installs fleet.index, its signature and the packed objects read-only under
/// /usr/lib/nodeprofile/FLEET/, where the agent finds bundles; `nodeprofile-FLEET`, providing and conflicting with
/// the capability every profile package has, so a device holds one of either.
public struct FleetImageSpec: Sendable {
    /// The fleet's name.
    public var fleet: String
    /// The image.
    public var image: FleetImage
    /// Seconds since 1970 for the changelog date and every mtime.
    public var epoch: Int
    /// The image's version and MicroShift release (every node's).
    public var profile: ProfileIdentity { image.profile }

    /// The spec of `image`.
    public init(fleet: String, image: FleetImage, epoch: Int) {
        self.fleet = fleet
        self.image = image
        self.epoch = epoch
    }

    /// `nodeprofile-FLEET`.
    public var packageName: String { "nodeprofile-\(fleet)" }
    /// The spec file's name.
    public var fileName: String { "\(packageName).spec" }
    /// Where the image is installed.
    public var bundleDirectory: String { "/usr/lib/nodeprofile/\(fleet)" }
    /// The tarball's top directory.
    public var topDirectory: String { "\(packageName)-\(profile.version)" }
    /// The source tarball's file name: uncompressed (`Tarball.plain`).
    public var tarballName: String { "\(topDirectory).tar" }
    /// The RPM's file name.
    public var rpmName: String { "\(packageName)-\(profile.version)-\(profile.release).noarch.rpm" }
    /// What the package requires: the agent and the MicroShift release's networking packages.
    public var requires: [String] {
        ["nodeprofile-agent"] + MicroShiftRelease.named(profile.microshift).networkingPackages
    }

    /// The reproducible tarball (the spec's Source0).
    public func tarball() throws -> [UInt8] {
        try Tarball.plain(image.entries(under: topDirectory), mtime: epoch)
    }

    /// The spec text, rendered from templates/rpm/nodeprofile-fleet.spec.
    public func render(_ templates: TemplateSet) throws(TemplateError) -> String {
        let context = TemplateContext([
            "fleet": .text(fleet),
            "packageName": .text(packageName),
            "version": .text(profile.version),
            "release": .text(profile.release),
            "microshift": .text(Escape.rpmText(profile.microshift)),
            "nodes": .text(String(image.index.nodes.count)),
            "tarball": .text(tarballName),
            "topDirectory": .text(topDirectory),
            "bundleDir": .text(bundleDirectory),
            "signed": .flag(image.signature != nil),
            "requires": .list(requires.map { TemplateContext(["name": .text($0)]) }),
            "bundleCapability": .text(RPMSpec.bundleCapability),
            "secret": .flag(image.holdsSecret),
            "date": .text(RPMSpec.changelogDate(epoch)),
            "changelog": .text(
                Escape.rpmText(
                    "Fleet image \(fleet): \(image.index.nodes.count) nodes, \(image.objects.count) objects, index sha256 \(SHA256.hex(image.indexBytes))"
                )),
        ])
        return try templates.render("rpm/nodeprofile-fleet.spec", context)
    }

    /// Every difference between a built package, as librpm reads it, and the image; empty when they agree.
    public func differences(_ contents: RPMInspector.Contents) -> [String] {
        var problems: [String] = []
        if contents.name != packageName { problems.append("name is \(contents.name), expected \(packageName)") }
        if contents.version != profile.version || contents.release != profile.release {
            problems.append(
                "version is \(contents.version)-\(contents.release), expected \(profile.version)-\(profile.release)")
        }
        func file(_ mode: String, directory: Bool = false) -> RPMInspector.FileInfo {
            .init(mode: mode, user: "root", group: "root", isDirectory: directory)
        }
        var expected: [String: RPMInspector.FileInfo] = [
            bundleDirectory: file("0755", directory: true),
            "\(bundleDirectory)/\(FleetIndex.fileName)": file("0644"),
            "\(bundleDirectory)/\(ObjectPack.tableFileName)": file("0644"),
            "\(bundleDirectory)/\(ObjectPack.packFileName)": file("0644"),
        ]
        if image.signature != nil { expected["\(bundleDirectory)/\(FleetIndex.signatureFileName)"] = file("0644") }
        if image.holdsSecret { expected["\(bundleDirectory)/\(ObjectPack.secretPackFileName)"] = file("0600") }
        for (path, want) in expected.sorted(by: { $0.key < $1.key }) {
            guard let got = contents.files[path] else {
                problems.append("missing \(path)")
                continue
            }
            if got != want { problems.append("\(path) is \(got.mode) \(got.user):\(got.group), expected \(want.mode)") }
        }
        for path in contents.files.keys.sorted() where expected[path] == nil { problems.append("unexpected \(path)") }
        let wanted = Set(requires + ["/bin/sh"])
        if Set(contents.requires) != wanted {
            problems.append("requires \(contents.requires.sorted()), expected \(wanted.sorted())")
        }
        return problems
    }
}
