import ArgumentParser
import NodeProfileCore

/// `nodeprofile schema`: prints the profile's JSON Schema, or with `--fleet` the fleet file's.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of the node profile, for editors.",
        discussion: """
            With --fleet, prints the schema of a fleet file (kind: NodeFleet) instead: its base, and each node's \
            name, device identity and the profile sections it overrides (any field optional, ~ removes the base's).
            """)

    /// Prints the fleet file's schema instead of the profile's.
    @Flag(help: "Print the schema of a fleet file (kind: NodeFleet) instead of a node profile's.")
    var fleet = false

    func run() throws {
        let schema = fleet ? JSONSchemaWriter.fleetSchema() : JSONSchemaWriter.profileSchema()
        Terminal.standardOutput(schema.serialized() + "\n")
    }
}
