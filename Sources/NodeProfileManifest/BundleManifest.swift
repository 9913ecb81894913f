/// `manifest.json`: everything the agent needs to apply a bundle, and nothing that needs the compiler.
public struct BundleManifest: Codable, Sendable, Equatable {
    /// The manifest schema version this build writes and reads.
    public static let currentFormat = 1

    /// Schema version of this manifest.
    public var format: Int
    /// Which profile made the bundle.
    public var profile: ProfileIdentity
    /// The compiler that wrote it, `nodeprofile VERSION`.
    public var generator: String
    /// Every file, sorted by path.
    public var files: [FileEntry]
    /// Values the agent resolves on the device before writing files that use them.
    public var facts: [FactSpec]
    /// Every action any file needs, in the order the agent runs them.
    public var actions: [Action]
    /// Paths the targeted MicroShift release's packages own. Earlier nodeprofile versions wrote some of them; when
    /// a generation that did no longer does, the agent leaves the file in place for its package instead of removing
    /// it. Absent in manifests written before this field existed.
    public var vendorOwned: [String]?
    /// What the greenboot check tests on the running system; absent in manifests written before it existed.
    public var health: HealthSpec?
    /// What fact values must hold beside their own pattern and range, such as the NIC's MTU against the pod MTU the
    /// profile fixed; absent when there is none (and in manifests written before it existed).
    public var constraints: [FactConstraint]?

    /// A manifest of `format` (by default the one this build writes); `vendorOwned`, `health` and `constraints` may
    /// be left out.
    public init(
        format: Int = BundleManifest.currentFormat, profile: ProfileIdentity, generator: String,
        files: [FileEntry], facts: [FactSpec], actions: [Action], vendorOwned: [String]? = nil,
        health: HealthSpec? = nil, constraints: [FactConstraint]? = nil
    ) {
        self.format = format
        self.profile = profile
        self.generator = generator
        self.files = files
        self.facts = facts
        self.actions = actions
        self.vendorOwned = vendorOwned
        self.health = health
        self.constraints = constraints
    }
}

/// The profile a bundle was compiled from.
public struct ProfileIdentity: Codable, Sendable, Equatable {
    /// The profile's metadata.name, a DNS label; the package is `nodeprofile-NAME`.
    public var name: String
    /// The profile's metadata.version: the RPM Version.
    public var version: String
    /// The profile's metadata.release: the RPM Release.
    public var release: String
    /// MicroShift release targeted.
    public var microshift: String
    /// Gateway mode, which decides what the agent verifies.
    public var gatewayMode: String

    /// The identity the compiler records from the profile.
    public init(name: String, version: String, release: String, microshift: String, gatewayMode: String) {
        self.name = name
        self.version = version
        self.release = release
        self.microshift = microshift
        self.gatewayMode = gatewayMode
    }
}

/// One file of the bundle.
public struct FileEntry: Codable, Sendable, Equatable {
    /// Absolute path on the device.
    public var path: String
    /// Permission bits, written as four octal digits such as "0644".
    public var mode: FileMode
    /// The user that owns the file; only `root` is allowed (`ManifestCheck`).
    public var owner: String
    /// The group that owns the file; only `root` is allowed.
    public var group: String
    /// SHA-256 of the bytes in the bundle (with fact placeholders, if any); for a secret file with `digest`
    /// `hmac-sha256`, the keyed digest (`KeyedDigest`), which only a reader of the file itself can check.
    public var sha256: String
    /// Size in bytes in the bundle; 0 for a secret file with a keyed digest (a size would narrow a guess).
    public var size: Int
    /// `hmac-sha256` when `sha256` is a keyed digest (secret files); absent for plain SHA-256.
    public var digest: DigestKind?
    /// True when the file holds a secret (a proxy password); such files are 0600 and have a keyed digest.
    public var secret: Bool
    /// Profile paths whose values made this file.
    public var provenance: [String]
    /// Facts whose placeholders the agent fills in before writing.
    public var facts: [String]
    /// What must happen on the device when this file changes.
    public var actions: [Action]
    /// `agent` for files the agent writes under /etc; `package` for files the RPM installs under /usr.
    public var appliedBy: AppliedBy
    /// What the agent does when another file is at the path before its first write: absent means `adopt`.
    public var existing: ExistingFile?
    /// For `existing: refuse`, why the file cannot be adopted, in one sentence the agent prints with the refusal.
    public var existingReason: String?

    /// An entry as the compiler writes it; owner and group default to root, `digest` to nil (plain SHA-256),
    /// `existing` to nil (adopt).
    public init(
        path: String, mode: FileMode, owner: String = "root", group: String = "root", sha256: String, size: Int,
        secret: Bool, provenance: [String], facts: [String], actions: [Action], appliedBy: AppliedBy,
        digest: DigestKind? = nil, existing: ExistingFile? = nil, existingReason: String? = nil
    ) {
        self.existing = existing
        self.existingReason = existingReason
        self.digest = digest
        self.path = path
        self.mode = mode
        self.owner = owner
        self.group = group
        self.sha256 = sha256
        self.size = size
        self.secret = secret
        self.provenance = provenance
        self.facts = facts
        self.actions = actions
        self.appliedBy = appliedBy
    }
}

/// Something the agent does after writing files, in a fixed order by kind.
public struct Action: Codable, Sendable, Hashable, Comparable {
    /// The kinds, in the order the agent runs them.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case daemonReload = "daemon-reload"
        case sysctl
        case nftReplace = "nft-replace"
        case networkManagerReload = "networkmanager-reload"
        case networkManagerActivate = "networkmanager-activate"
        case ovsSettings = "ovs-settings"
        case restart
        case rebootRequired = "reboot-required"

        var rank: Int { Kind.allCases.firstIndex(of: self) ?? Kind.allCases.count }
    }

    /// What the agent does; `target` says to what.
    public var kind: Kind
    /// The unit, file or connection the action concerns, if any.
    public var target: String?

    /// An action of `kind` on `target` (nil for kinds that take none, such as daemon-reload).
    public init(_ kind: Kind, _ target: String? = nil) {
        self.kind = kind
        self.target = target
    }

    /// Orders actions as the agent runs them: by kind, then by target ("" for none).
    public static func < (lhs: Action, rhs: Action) -> Bool {
        lhs.kind.rank != rhs.kind.rank ? lhs.kind.rank < rhs.kind.rank : (lhs.target ?? "") < (rhs.target ?? "")
    }
}
