import Foundation
import NodeProfileTestSupport
import Testing

/// `PlainBuild` reads `build PROFILE -o DIR` without ArgumentParser and fills every property of `BuildCommand` by
/// hand. These tests hold that reading to BuildCommand's own definition, as ArgumentParser reports it
/// (`--experimental-dump-help`), so an argument added to `build` fails here until PlainBuild is told of it.
@Suite("nodeprofile build's plain reading follows BuildCommand (built binary)")
struct PlainBuildTests {
    /// The arguments PlainBuild reads: the profile (the one positional) and the output (`-o`/`--output`).
    static let read: Set<String> = ["profile", "output"]

    /// The arguments PlainBuild never reads, with the value `PlainBuild.command` sets them to: each must be optional
    /// (ArgumentParser does not require it either), and any invocation that gives one goes to ArgumentParser, since
    /// PlainBuild takes exactly `build`, a profile and `-o DIR`.
    static let leftAtDefault: [String: String] = [
        "templates": "nil", "strict": "false", "sign-key": "nil", "tree": "false", "keep-going": "false",
        "rpm": "false",
    ]

    /// ArgumentParser's own flags, which PlainBuild refuses to read (they start with '-').
    static let parserOwn: Set<String> = ["help", "version"]

    /// One argument of `build` as `--experimental-dump-help` describes it.
    struct Argument {
        var name: String
        var kind: String
        var optional: Bool
        var names: [String]
    }

    /// The arguments of `nodeprofile build`, from ArgumentParser's description of the command tree.
    static func buildArguments() throws -> [Argument] {
        let run = try BuiltBinary.run(["--experimental-dump-help"])
        #expect(run.status == 0, "\(run.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let command = try #require(root["command"] as? [String: Any])
        let subcommands = try #require(command["subcommands"] as? [[String: Any]])
        let build = try #require(subcommands.first { $0["commandName"] as? String == "build" })
        let arguments = try #require(build["arguments"] as? [[String: Any]])
        return try arguments.map { argument in
            let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            let preferred = (argument["preferredName"] as? [String: Any])?["name"] as? String
            return Argument(
                name: try #require(preferred ?? argument["valueName"] as? String),
                kind: argument["kind"] as? String ?? "",
                optional: argument["isOptional"] as? Bool ?? false, names: names)
        }
    }

    @Test("every argument of build is read by PlainBuild, left at its default by it, or ArgumentParser's own")
    func argumentsKnown() throws {
        let arguments = try Self.buildArguments()
        let known = Self.read.union(Self.leftAtDefault.keys).union(Self.parserOwn)
        for argument in arguments where !known.contains(argument.name) {
            let message =
                "build has --\(argument.name), which PlainBuild does not know: set it in PlainBuild.command to the value "
                + "ArgumentParser gives it when absent (or make PlainBuild hand such invocations to ArgumentParser), "
                + "and list it in PlainBuildTests"
            Issue.record(Comment(rawValue: message))
        }
        #expect(Set(arguments.map(\.name)) == known, "build's arguments and the lists above differ")
        for argument in arguments where !Self.read.contains(argument.name) {
            #expect(argument.optional, "--\(argument.name) is required, but PlainBuild builds without it")
        }
        #expect(arguments.filter { $0.kind == "positional" }.map(\.name) == ["profile"])
        let output = try #require(arguments.first { $0.name == "output" })
        #expect(output.kind == "option" && Set(output.names) == ["output", "o"] && !output.optional)
    }
}
