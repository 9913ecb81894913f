import NodeProfileManifest

/// The RPM spec for a bundle: installs it read-only under /usr/lib/nodeprofile/NAME/ with every file's mode.
public struct RPMSpec: Sendable {
    /// Packages the profile RPM requires: the agent, and what the targeted MicroShift release's networking needs.
    public var requires: [String] {
        ["nodeprofile-agent"] + MicroShiftRelease.named(manifest.profile.microshift).networkingPackages
    }
    /// What every profile package provides and conflicts with, so rpm installs only one of them (fleets too).
    public static let bundleCapability = "nodeprofile-bundle"
    /// Used for the changelog date and archive mtimes when SOURCE_DATE_EPOCH is not set: 2000-01-01T00:00:00Z.
    public static let defaultEpoch = 946_684_800
    /// The signature file beside manifest.json in a signed bundle (NodeProfileSigning writes and checks it).
    public static let signatureFileName = "manifest.json.sig"

    /// The bundle's manifest: the package's name, version, release and files come from it.
    public var manifest: BundleManifest
    /// The package's %description, from the profile's metadata, if it has one.
    public var description: String?
    /// SHA-256 of the profile's text, recorded in the changelog.
    public var profileDigest: String
    /// Seconds since 1970 for the changelog date and every mtime (SOURCE_DATE_EPOCH, or `defaultEpoch`).
    public var epoch: Int
    /// True when the bundle carries manifest.json.sig, which the package then installs beside manifest.json.
    public var signed: Bool

    /// The spec of the bundle described by `manifest`.
    public init(manifest: BundleManifest, description: String?, profileDigest: String, epoch: Int, signed: Bool = false)
    {
        self.manifest = manifest
        self.description = description
        self.profileDigest = profileDigest
        self.epoch = epoch
        self.signed = signed
    }

    /// The package's name, `nodeprofile-NAME`.
    public var packageName: String { "nodeprofile-\(manifest.profile.name)" }
    /// The spec file's name, `nodeprofile-NAME.spec`.
    public var fileName: String { "\(packageName).spec" }
    /// The directory the bundle installs to.
    public var bundleDirectory: String { "/usr/lib/nodeprofile/\(manifest.profile.name)" }
    /// The tarball's top directory and file name.
    public var topDirectory: String { "\(packageName)-\(manifest.profile.version)" }
    /// The source tarball's file name.
    public var tarballName: String { "\(topDirectory).tar.gz" }

    /// Directories the package owns below the bundle directory, sorted.
    var directories: [String] {
        var result = Set<String>()
        let prefix = "\(bundleDirectory)/root"
        for file in manifest.files {
            // Each parent of the file below root/, nearest first, on UTF-8 (a fleet computes this once a node).
            let path = file.path.utf8
            var end = path.endIndex
            while let slash = path[..<end].lastIndex(of: UInt8(ascii: "/")) {
                result.insert(prefix + file.path[..<slash])
                end = slash
            }
        }
        return result.sorted()
    }

    /// The spec text, rendered from templates/rpm/nodeprofile.spec.
    public func render(_ templates: TemplateSet) throws(TemplateError) -> String {
        let profile = manifest.profile
        let context = TemplateContext([
            "profile": .text(profile.name),
            "packageName": .text(packageName),
            "version": .text(profile.version),
            "release": .text(profile.release),
            "microshift": .text(Escape.rpmText(profile.microshift)),
            "tarball": .text(tarballName),
            "topDirectory": .text(topDirectory),
            "bundleDir": .text(bundleDirectory),
            "signed": .flag(signed),
            "requires": .list(requires.map { TemplateContext(["name": .text($0)]) }),
            "bundleCapability": .text(Self.bundleCapability),
            "description": .optional(description.map { ["text": .text(Escape.rpmText($0))] }),
            "directories": .list(directories.map { TemplateContext(["path": .text($0)]) }),
            "files": .list(
                manifest.files.map { file in
                    TemplateContext([
                        "mode": .text(file.mode.description), "owner": .text(file.owner), "group": .text(file.group),
                        "path": .text("\(bundleDirectory)/root\(file.path)"),
                    ])
                }),
            "date": .text(Self.changelogDate(epoch)),
            "changelog": .text(
                Escape.rpmText("Built by \(manifest.generator) from profile \(profile.name) (sha256 \(profileDigest))")),
        ])
        return try templates.render("rpm/nodeprofile.spec", context)
    }

    /// An RPM changelog date, such as "Sat Jan 01 2000", in UTC.
    static func changelogDate(_ epoch: Int) -> String {
        let date = CivilTime(secondsSince1970: epoch)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekdays[date.weekday]) \(months[date.month - 1]) \(date.day < 10 ? "0" : "")\(date.day) \(date.year)"
    }
}
