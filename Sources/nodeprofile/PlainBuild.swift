import ArgumentParser

/// `nodeprofile build PROFILE -o DIR`, the invocation image pipelines run most, read without ArgumentParser.
///
/// ArgumentParser builds its model of every command by reflection at each start (Mirror over each command's
/// properties, dynamic casts, generic metadata): 14M instructions, a third of a whole `build`. This recognises only
/// the arguments whose meaning is beyond doubt (`build`, a profile and `-o`/`--output` with a value, in either order,
/// none starting with '-') and makes the very `BuildCommand` ArgumentParser would make of them; anything else
/// (another option, `--help`, a typo) goes to ArgumentParser, which prints what it always printed. Through
/// ArgumentParser, a debug `build` of blueprints/default.yaml runs 45% more instructions (callgrind: 224M against
/// 154M). PlainBuildTests holds the arguments set here to BuildCommand's definition.
enum PlainBuild {
    /// The command for `arguments` (without the program name), or nil when ArgumentParser must read them.
    static func command(_ arguments: [String]) -> BuildCommand? {
        guard arguments.count == 4, arguments[0] == "build" else { return nil }
        let profile: String
        let output: String
        if isOutputFlag(arguments[2]), !isOutputFlag(arguments[1]) {
            (profile, output) = (arguments[1], arguments[3])
        } else if isOutputFlag(arguments[1]), !isOutputFlag(arguments[3]) {
            (profile, output) = (arguments[3], arguments[2])
        } else {
            return nil
        }
        guard !profile.isEmpty, !output.isEmpty, !profile.hasPrefix("-"), !output.hasPrefix("-"), profile != "help"
        else { return nil }
        // Every property of BuildCommand and its option groups is set here: one left unset would stop the
        // program on first use (ArgumentParser's "directly initialised" check), which any test of `build` catches.
        var options = CompileOptions()
        options.profile = profile
        options.templatesDirectory = nil
        options.strict = false
        var signing = SigningOptions()
        signing.signKey = nil
        var command = BuildCommand()
        command.options = options
        command.signing = signing
        command.output = output
        command.tree = false
        command.keepGoing = false
        command.rpm = false
        return command
    }

    private static func isOutputFlag(_ argument: String) -> Bool { argument == "-o" || argument == "--output" }
}
