import ArgumentParser
import Foundation
import NodeProfileCore

/// `nodeprofile export`: the bundle as an Ignition config or an osbuild blueprint.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a profile's files as an Ignition config or an osbuild blueprint.",
        discussion: """
            Exports the files nodeprofile-agent would write (the agent's own unit comes with its package). Values only \
            the device knows must be given with --fact NAME=VALUE (see `build`'s table). A profile with a proxy password \
            is exported only to a file (-o), created with mode 0600.
            """)

    /// Export formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case ignition, blueprint
    }

    @OptionGroup var options: CompileOptions

    @Option(help: "ignition (config spec 3.3.0) or blueprint (osbuild TOML).")
    var format: Format

    @Option(name: .customLong("fact"), help: "A device fact, NAME=VALUE (repeatable).")
    var facts: [String] = []

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        guard let (bundle, _, _) = try options.compile() else { throw ExitCode(1) }
        let values: FactValues
        switch FactValues.parse(facts, manifest: bundle.manifest) {
        case .success(let parsed): values = parsed
        case .failure(let error):
            Terminal.standardError("nodeprofile export: error: \(error)\n")
            throw ExitCode(1)
        }
        let result = format == .ignition ? Exporter.ignition(bundle, facts: values) : Exporter.blueprint(bundle, facts: values)
        let text: String
        switch result {
        case .success(let exported): text = exported
        case .failure(let error):
            Terminal.standardError(error.description.split(separator: "\n").map { "nodeprofile export: error: \($0)\n" }.joined())
            throw ExitCode(1)
        }
        let secret = bundle.manifest.files.contains { $0.secret }
        guard let output else {
            if secret {
                Terminal.standardError("nodeprofile export: error: this export holds the proxy password; write it to a file with -o (created 0600)\n")
                throw ExitCode(1)
            }
            Terminal.standardOutput(text)
            return
        }
        try ExportOutput.write(text, to: output, secret: secret)
    }
}
