import ArgumentParser
import Foundation
import NodeProfileCore

/// `nodeprofile validate`: checks profiles and reports every problem at file:line:column.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check node profiles and fleets and report every problem at file:line:column.",
        discussion: """
            Takes node profiles (kind: NodeProfile) and fleet files (kind: NodeFleet); a fleet is checked node by \
            node, each as the whole profile it becomes, and a node's problems are reported at the line that wrote \
            the value (the fleet file or its base). Exit status: 0 when no errors, 1 when a profile or fleet has \
            errors, 64 on a usage error.
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Profile and fleet files to check.")
    var profiles: [String]

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Diagnostic format: text (compiler style, on standard error) or json (an array on standard output).")
    var format: Format = .text

    @Option(
        help: ArgumentHelp(
            "Check each profile as if it targeted this MicroShift release, and list every file the move from its own "
                + "release renames, removes, reads differently or deletes, with the reason; what would break a "
                + "device left on the old bundle is an error.",
            valueName: "VERSION"))
    var target: String?

    func validate() throws {
        if profiles.isEmpty { throw ValidationError("name at least one profile file") }
        if let target, MicroShiftRelease.known[target] == nil {
            throw ValidationError(
                "--target \(target): not a MicroShift release this build knows; allowed: \(UpgradeValidation.known)")
        }
    }

    func run() throws {
        var all: [Diagnostic] = []
        var sources: [String: SourceText] = [:]
        var summaries: [String] = []
        // Profiles and fleets go through every stage `build` runs (plan checks and rendering included), so a profile
        // that validates also builds.
        let compiler = CompileOptions.compiler(templates: try TemplateSet.builtIn(), strict: strict)
        for file in profiles {
            let input = InputFile(file)
            if target != nil, input.isFleet {
                let reason = "is a NodeFleet file: --target checks NodeProfile files (give a node's profile)"
                all.append(Diagnostic(.error, reason, at: .wholeFile(file)))
                summaries.append("\(file): \(reason)")
                continue
            }
            if let target {
                let outcome = UpgradeValidation.check(input, target: target, compiler: compiler)
                all += outcome.diagnostics
                if let source = outcome.source { sources[file] = source }
                summaries.append(outcome.summary)
                continue
            }
            if input.isFleet {
                let fleet = FleetLoading.load(input.path, bytes: input.bytes)
                // --strict reaches the nodes' warnings through compile, and the fleet file's own here.
                let own = strict ? fleet.diagnostics.warningsAsErrors() : fleet.diagnostics
                let diagnostics = try own + FleetLoading.compile(fleet, compiler: compiler) { _ in true }.diagnostics
                all += diagnostics
                sources.merge(fleet.sources) { first, _ in first }
                summaries.append(FleetSummary.line(file, fleet: fleet.fleet, diagnostics))
                continue
            }
            let outcome = ProfileLoading.load(input, compiler: compiler)
            all += outcome.diagnostics
            if let source = outcome.source { sources[file] = source }
            summaries.append(outcome.summary)
        }
        switch format {
        case .json:
            Terminal.standardOutput(DiagnosticFormatter.json(all))
        case .text:
            let formatter = DiagnosticFormatter(colour: Terminal.colourOnStandardError, sources: sources)
            Terminal.standardError(all.map(formatter.text).joined())
            Terminal.standardOutput(summaries.map { $0 + "\n" }.joined())
        }
        if all.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}
