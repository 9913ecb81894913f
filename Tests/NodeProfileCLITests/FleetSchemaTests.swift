import Foundation
import NodeProfileTestSupport
import Testing

/// `nodeprofile schema --fleet`: the fleet file's JSON Schema, checked by a real validator against the fleets the
/// compiler accepts and the ones it refuses.
@Suite("Fleet schema (built binary)")
struct FleetSchemaTests {
    /// The fleet schema written to a temporary file, after checking the command succeeded.
    static func schemaFile() throws -> String {
        let run = try BuiltBinary.run(["schema", "--fleet"])
        #expect(run.status == 0, "\(run.stderr)")
        return try BuiltBinary.temporaryFile("fleet-schema.json", run.stdout)
    }

    /// Validates each file with `HelpAndSchemaTests.validator` (Draft202012Validator.check_schema first).
    static func validate(_ schema: String, _ files: [String]) throws -> BuiltBinary.Run {
        try BuiltBinary.execute("/usr/bin/python3", ["-c", HelpAndSchemaTests.validator, schema] + files)
    }

    @Test("schema --fleet is a draft 2020-12 schema of kind NodeFleet with node identities")
    func shape() throws {
        let run = try BuiltBinary.run(["schema", "--fleet"])
        #expect(run.status == 0, "\(run.stderr)")
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let properties = try #require(schema["properties"] as? [String: Any])
        #expect(Set(properties.keys) == ["apiVersion", "kind", "metadata", "base", "nodes"])
        let nodes = try #require(properties["nodes"] as? [String: Any])
        let item = try #require(nodes["items"] as? [String: Any])
        let nodeProperties = try #require(item["properties"] as? [String: Any])
        #expect(nodeProperties["identity"] != nil && nodeProperties["network"] != nil)
        #expect(item["required"] as? [String] == ["name"])
    }

    @Test("the fleet blueprint and the lab's fleet with identities are valid against schema --fleet")
    func fleetsValid() throws {
        let files = ["blueprints/fleets/stores.yaml", "Tests/lab/profiles/fleet.yaml"].map {
            BuiltBinary.repository.appendingPathComponent($0).path
        }
        let run = try Self.validate(try Self.schemaFile(), files)
        #expect(run.status == 0, "python3-jsonschema and python3-yaml come from `make deps`: \(run.stderr)")
        #expect(run.stdout == "2 valid, 0 invalid\n", "\(run.stdout)")
    }

    @Test("schema --fleet refuses bad identities and a node without a name")
    func fleetsRefused() throws {
        let head = "apiVersion: nodeprofile/v1\nkind: NodeFleet\nmetadata: {name: f}\nbase: b.yaml\nnodes:\n"
        let cases = [
            "  - {name: a, identity: {macs: ['52:54:00:12:34']}}\n",
            "  - {name: a, identity: {macs: ['52:54:00-12:34:56']}}\n",
            "  - {name: a, identity: {mac: ['52:54:00:12:34:56']}}\n",
            "  - {name: a, identity: {}}\n",
            "  - {name: a, identity: {macs: []}}\n",
            "  - {name: a, identity: {uuid: not-a-uuid}}\n",
            "  - {node: {hostname: a}}\n",
            "  - {name: Store_1}\n",
            "  - {name: a, metadata: {name: b}}\n",
            "  - {name: a, netwrok: {}}\n",
        ]
        let files = try cases.enumerated().map {
            try BuiltBinary.temporaryFile("fleet\($0.offset).yaml", head + $0.element)
        }
        let run = try Self.validate(try Self.schemaFile(), files)
        #expect(run.stdout.hasSuffix("0 valid, \(cases.count) invalid\n"), "\(run.stdout)\(run.stderr)")
    }

    @Test("a node's sections may leave out required fields and remove the base's values with null")
    func overridesLoosened() throws {
        let fleet = """
            apiVersion: nodeprofile/v1
            kind: NodeFleet
            metadata: {name: f}
            base: b.yaml
            nodes:
              - name: a
                identity: {uuid: 4C4C4544-0042-3610-8057-B7C04F563232, serial: SN-1}
                metadata: {version: 2.0.0}
                proxy: ~
                network: {mtu: ~, gateway: {ipv4: {address: ~, method: dhcp}}}
              - name: b
                identity: {macs: ['52-54-00-12-34-56', '52:54:00:AB:cd:EF']}

            """
        let run = try Self.validate(try Self.schemaFile(), [try BuiltBinary.temporaryFile("ok.yaml", fleet)])
        #expect(run.stdout == "1 valid, 0 invalid\n", "\(run.stdout)\(run.stderr)")
    }

    @Test("schema without --fleet still prints the profile's schema")
    func profileUnchanged() throws {
        let run = try BuiltBinary.run(["schema"])
        #expect(run.status == 0 && run.stdout.contains("\"title\": \"nodeprofile node profile v1\""))
        #expect(!run.stdout.contains("NodeFleet"))
    }

    @Test("schema's help names --fleet")
    func help() throws {
        let run = try BuiltBinary.run(["schema", "--help"])
        let flat = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(run.status == 0 && flat.contains("USAGE: nodeprofile schema [--fleet]"), "\(run.stdout)")
        #expect(flat.contains("--fleet Print the schema of a fleet file (kind: NodeFleet)"), "\(run.stdout)")
    }
}
