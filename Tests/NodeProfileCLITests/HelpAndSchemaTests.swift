import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// Help text, version, the agent placeholder, and the JSON Schema checked by a real validator.
@Suite("Help and schema (built binary)")
struct HelpAndSchemaTests {
    @Test("help lists the subcommands with one-sentence abstracts")
    func help() throws {
        let run = try BuiltBinary.run(["--help"])
        #expect(run.status == 0)
        // Help wraps to the terminal width: compare with whitespace collapsed.
        let flat = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("USAGE: nodeprofile <subcommand>"))
        #expect(flat.contains("validate Check node profiles and fleets and report every problem at file:line:column."))
        #expect(flat.contains("build Compile a profile into the device tree and its manifest."))
        #expect(flat.contains("explain Show which profile fields produced which generated files."))
        #expect(flat.contains("schema Print the JSON Schema (draft 2020-12) of the node profile, for editors."))
        let validate = try BuiltBinary.run(["validate", "--help"])
        let validateFlat = validate.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(validate.status == 0 && validateFlat.contains("--strict") && validateFlat.contains("--format <format>"))
        #expect(
            validateFlat.contains(
                "Exit status: 0 when no errors, 1 when a profile or fleet has errors, 64 on a usage error."))
        #expect(validateFlat.contains("fleet files (kind: NodeFleet)"), "validate's help says it takes fleets")
    }

    @Test("--version prints the version")
    func version() throws {
        let run = try BuiltBinary.run(["--version"])
        #expect(run.status == 0 && run.stdout == NodeProfileVersion.current + "\n")
        let agent = try BuiltBinary.run(["--version"], product: "nodeprofile-agent")
        #expect(agent.status == 0 && agent.stdout.hasPrefix("nodeprofile-agent \(NodeProfileVersion.current) "))
    }

    @Test("schema is draft 2020-12 and closes every object")
    func schemaShape() throws {
        let run = try BuiltBinary.run(["schema"])
        #expect(run.status == 0)
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["additionalProperties"] as? Bool == false)
        let properties = try #require(schema["properties"] as? [String: Any])
        #expect(
            Set(properties.keys) == [
                "apiVersion", "kind", "metadata", "target", "node", "network", "ovs", "crio", "proxy",
                "firewall", "loadBalancers",
            ])
        let network = try #require(properties["network"] as? [String: Any])
        let mtu = try #require((network["properties"] as? [String: Any])?["mtu"] as? [String: Any])
        #expect(mtu["default"] as? String == "auto" && (mtu["description"] as? String)?.isEmpty == false)
    }

    /// Validates YAML files against the schema with Python's jsonschema (Debian's python3-jsonschema).
    static let validator = """
        import json, sys, yaml, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        failed = 0
        for path in sys.argv[2:]:
            errors = sorted(validator.iter_errors(yaml.safe_load(open(path))), key=lambda e: list(e.path))
            for e in errors:
                print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}")
            failed += bool(errors)
        print(f"{len(sys.argv) - 2 - failed} valid, {failed} invalid")
        """

    @Test("every blueprint is valid against the schema, checked by a real JSON Schema validator")
    func blueprintsAgainstSchema() throws {
        let schema = try BuiltBinary.run(["schema"])
        let schemaFile = try BuiltBinary.temporaryFile("schema.json", schema.stdout)
        let blueprints = try FileManager.default.contentsOfDirectory(
            atPath: BuiltBinary.repository.appendingPathComponent("blueprints").path
        )
        .filter { $0.hasSuffix(".yaml") }.sorted().map { "blueprints/\($0)" }
        let run = try BuiltBinary.execute("/usr/bin/python3", ["-c", Self.validator, schemaFile] + blueprints)
        #expect(run.status == 0, "python3-jsonschema and python3-yaml come from `make deps`: \(run.stderr)")
        #expect(run.stdout == "\(blueprints.count) valid, 0 invalid\n", "\(run.stdout)")
    }

    @Test("the schema rejects what the compiler rejects structurally")
    func schemaRejects() throws {
        let schema = try BuiltBinary.run(["schema"])
        let schemaFile = try BuiltBinary.temporaryFile("schema.json", schema.stdout)
        let cases = [
            "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata: {name: a}\nnetwrok: {}\n",
            "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata: {name: a}\nnetwork: {mtu: 9500}\n",
            "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata: {name: a}\nfirewall: {blockNodePorts: [{port: 30700}]}\n",
            "apiVersion: nodeprofile/v1\nkind: NodeProfile\n",
        ]
        let files = try cases.enumerated().map { try BuiltBinary.temporaryFile("case\($0.offset).yaml", $0.element) }
        let run = try BuiltBinary.execute("/usr/bin/python3", ["-c", Self.validator, schemaFile] + files)
        #expect(run.stdout.hasSuffix("0 valid, \(cases.count) invalid\n"), "\(run.stdout)\(run.stderr)")
    }
}
