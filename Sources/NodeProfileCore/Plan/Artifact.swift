import NodeProfileManifest

/// One generated file, typed by what it is. Each kind knows its path, mode, template and the profile
/// fields behind it, and builds its template context itself, escaping every value for its format.
public protocol Artifact: Sendable {
    /// Absolute path on the device.
    var path: String { get }
    /// Permission bits.
    var mode: Int { get }
    /// Template name below templates/.
    var template: String { get }
    /// Profile paths whose values made this file.
    var provenance: [ProfilePath] { get }
    /// What the agent does when this file changes.
    var actions: [Action] { get }
    /// Facts whose placeholders appear in the file.
    var facts: [String] { get }
    /// True when the file holds the proxy password.
    var secret: Bool { get }
    /// Who installs it: the agent (under /etc) or the package (under /usr).
    var appliedBy: AppliedBy { get }
    /// Why a file someone else wrote at `path` before the agent's first write must be refused, not adopted (the
    /// device reads those settings from this one file); nil: the agent adopts it (keeps it and puts it back later).
    var refusesExisting: String? { get }
    /// The template's values, already escaped.
    func context(_ common: CommonContext) -> TemplateContext
}

extension Artifact {
    /// 0644 unless the artifact says otherwise.
    public var mode: Int { 0o644 }
    /// None unless the artifact says otherwise.
    public var facts: [String] { [] }
    /// False unless the artifact holds the password.
    public var secret: Bool { false }
    /// The agent, unless the package installs the file.
    public var appliedBy: AppliedBy { .agent }
    /// Adopted, unless the artifact says otherwise.
    public var refusesExisting: String? { nil }
}

/// Values every template may use.
public struct CommonContext: Sendable {
    /// The profile name, for the "generated from" header.
    public var profile: String
    /// The key of secret files' keyed digests, in hex (`KeyedDigest`); the renderer writes it into those 0600 files.
    public var secretKeyHex: String = ""

    /// The context with the common values set.
    func with(_ values: [String: TemplateValue]) -> TemplateContext {
        var all = values
        all["profile"] = .text(profile)
        return TemplateContext(all)
    }
}

extension TemplateValue {
    /// A section shown once with `{{value}}`-style fields when `value` is present, hidden otherwise.
    static func optional(_ value: [String: TemplateValue]?) -> TemplateValue {
        .list(value.map { [TemplateContext($0)] } ?? [])
    }
}
