import ArgumentParser
import NodeProfileCore

/// `nodeprofile explain`: which profile fields produced which files.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show which profile fields produced which generated files.")

    @OptionGroup var options: CompileOptions

    func run() throws {
        guard let (bundle, outcome, _) = try options.compile(), let document = outcome.document else { throw ExitCode(1) }
        let locator = ProfileLocator(document: document)
        var out = ""
        for file in bundle.files {
            out += "\(file.path) (\(file.entry.mode)\(file.entry.secret ? ", secret" : ""))\n"
            for path in file.entry.provenance {
                let profilePath = ProfilePath(stringLiteral: path)
                let origin = locator.isWritten(profilePath)
                    ? "\(options.profile):\(locator.location(of: profilePath).line)"
                    : "default"
                out += "    \(path.padding(toLength: 30, withPad: " ", startingAt: 0)) \(origin)\n"
            }
            for fact in file.entry.facts { out += "    fact \(fact) (resolved on the device)\n" }
        }
        Terminal.standardOutput(out)
    }
}
