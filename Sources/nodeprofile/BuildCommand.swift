import ArgumentParser
import Foundation
import NodeProfileCore

/// `nodeprofile build`: compiles a profile into DIR/root and DIR/manifest.json.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compile a profile into the device tree and its manifest.",
        discussion: """
            Writes DIR/root/ (every file as it lands on the device, with its mode) and DIR/manifest.json. \
            DIR/root is replaced as a whole. Exit status: 0 built, 1 errors, 64 usage error.
            """)

    @OptionGroup var options: CompileOptions

    @Option(name: .shortAndLong, help: "The output directory.")
    var output: String

    func run() throws {
        guard let (bundle, _) = try options.compile() else { throw ExitCode(1) }
        do {
            try BundleDirectory.write(bundle, to: URL(fileURLWithPath: output))
        } catch {
            Terminal.standardError("\(output): error: \(error)\n")
            throw ExitCode(1)
        }
        Terminal.standardOutput(BuildSummary.table(bundle))
    }
}

/// The table `build` prints: one line per generated file.
enum BuildSummary {
    static func table(_ bundle: CompiledBundle) -> String {
        let manifest = bundle.manifest
        var out = "nodeprofile-\(manifest.profile.name) \(manifest.profile.version)-\(manifest.profile.release): \(bundle.files.count) files, gateway \(manifest.profile.gatewayMode)\n"
        let width = bundle.files.map(\.path.count).max() ?? 0
        out += "MODE  " + "PATH".padding(toLength: width, withPad: " ", startingAt: 0) + "  BYTES  NOTES\n"
        for file in bundle.files {
            var notes: [String] = []
            if file.entry.secret { notes.append("secret") }
            if !file.entry.facts.isEmpty { notes.append("facts: " + file.entry.facts.joined(separator: ", ")) }
            if file.entry.appliedBy == "package" { notes.append("installed by the package") }
            out += file.entry.mode + "  " + file.path.padding(toLength: width, withPad: " ", startingAt: 0)
                + "  " + String(file.bytes.count).leftPadded(5) + "  " + notes.joined(separator: "; ") + "\n"
        }
        if !manifest.facts.isEmpty {
            out += "facts resolved on the device: " + manifest.facts.map(\.name).joined(separator: ", ") + "\n"
        }
        return out
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
