import ArgumentParser
import Foundation
import NodeProfileCore
import NodeProfileManifest

/// Options shared by the commands that compile a profile.
struct CompileOptions: ParsableArguments {
    @Argument(help: "The profile to compile.")
    var profile: String

    @Option(
        name: .customLong("templates"),
        help: "A directory whose files replace built-in templates of the same relative path.")
    var templatesDirectory: String?

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    /// The built-in templates with the user's overrides, or exit 1 explaining why they cannot be used.
    func templateSet() throws -> TemplateSet {
        do {
            return try templatesDirectory.map { try TemplateSet.withOverrides(from: URL(fileURLWithPath: $0)) }
                ?? TemplateSet.builtIn()
        } catch {
            Terminal.standardError("\(templatesDirectory ?? "templates"): error: \(error)\n")
            throw ExitCode(1)
        }
    }

    /// The one compiler every subcommand uses: these templates, this build's generator string, the secret seed from
    /// NODEPROFILE_SECRET_SEED, and `--strict`.
    static func compiler(templates: TemplateSet, strict: Bool) -> ProfileCompiler {
        let seed = Environment.value("NODEPROFILE_SECRET_SEED").map { ["NODEPROFILE_SECRET_SEED": $0] } ?? [:]
        return ProfileCompiler(
            templates: templates, generator: "nodeprofile \(NodeProfileVersion.current)",
            secretSeed: BundleRenderer.secretSeed(from: seed), strict: strict)
    }

    /// The compiled bundle (with the templates it used, for the spec), or nil after printing why not. Diagnostics and warnings go to standard error.
    /// `input` is the profile when the caller has read it already.
    func compile(input: InputFile? = nil) throws -> (
        bundle: CompiledBundle, outcome: ProfileLoading.Outcome, templates: TemplateSet
    )? {
        let templates = try templateSet()
        let outcome = ProfileLoading.load(
            input ?? InputFile(profile), compiler: Self.compiler(templates: templates, strict: strict))
        ProfileLoading.printDiagnostics(outcome)
        guard let bundle = outcome.bundle else { return nil }
        return (bundle, outcome, templates)
    }
}
