import ArgumentParser
import NodeProfileManifest

/// The `nodeprofile` command: compiles MicroShift edge node profiles.
@main
struct NodeProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nodeprofile",
        abstract: "Compile a MicroShift node profile into every networking file an edge device needs.",
        discussion: """
            Write one YAML node profile (apiVersion: nodeprofile/v1, kind: NodeProfile); nodeprofile checks it \
            like a compiler and reports every problem at file:line:column.
            """,
        version: NodeProfileVersion.current,
        subcommands: [
            ValidateCommand.self, BuildCommand.self, PackageCommand.self, ExplainCommand.self, ExportCommand.self,
            SchemaCommand.self,
        ])

    /// `build PROFILE -o DIR` runs without ArgumentParser's start-up (`PlainBuild`); everything else is parsed by it.
    static func main() {
        guard let build = PlainBuild.command(Array(CommandLine.arguments.dropFirst())) else { return main(nil) }
        do {
            try build.run()
        } catch {
            exit(withError: error)
        }
    }
}
