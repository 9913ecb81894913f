import ArgumentParser
import NodeProfileCore

/// `nodeprofile schema`: prints the profile's JSON Schema.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of the node profile, for editors.")

    func run() throws {
        Terminal.standardOutput(JSONSchemaWriter.profileSchema().serialized() + "\n")
    }
}
