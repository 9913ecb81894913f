import ArgumentParser
import Foundation
import NodeProfileCore
import NodeProfileManifest
import NodeProfileSigning

/// `nodeprofile build`: compiles a profile into DIR/root and DIR/manifest.json.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compile a profile into the device tree and its manifest.",
        discussion: """
            Writes DIR/root/ (every file as it lands on the device, with its mode), DIR/manifest.json, the RPM spec \
            DIR/nodeprofile-NAME.spec and the reproducible DIR/nodeprofile-NAME-VERSION.tar.gz. DIR must be new, empty \
            or an earlier output of nodeprofile (its .nodeprofile-output lists what it wrote, and DIR holds nothing else); \
            everything is written into a staging directory beside DIR and swapped in whole. /, system directories and \
            an empty path are refused. With --sign-key, DIR/manifest.json.sig signs manifest.json and joins the tarball. Given a fleet \
            file (kind: NodeFleet), writes every node's tarball and spec into DIR (with --tree also DIR/NODE/, its \
            manifest.json and root/) and DIR/summary.txt; DIR is replaced as a whole, and only when every node \
            compiles. Exit status: 0 built, 1 errors, 64 usage error.
            """)

    @OptionGroup var options: CompileOptions

    @OptionGroup var signing: SigningOptions

    @Option(name: .shortAndLong, help: "The output directory.")
    var output: String

    @Flag(
        help:
            "For a fleet: also write each node's bundle directory DIR/NODE/ (manifest.json, root/); its tarball holds the same."
    )
    var tree = false

    @Flag(
        help:
            "For a fleet: build the nodes that compile even when others do not, and list those that did not (exit 1)."
    )
    var keepGoing = false

    @Flag(help: "For a fleet: also build each node's RPM into DIR, checked with librpm as `package` checks one.")
    var rpm = false

    func run() throws {
        let key = try signing.load()
        let input = InputFile(options.profile)
        if input.isFleet {
            return try FleetBuild.run(
                input, strict: options.strict, templates: options.templateSet(),
                options: FleetBuild.Options(tree: tree, keepGoing: keepGoing, rpm: rpm), signedBy: key, to: output)
        }
        if keepGoing || rpm {
            throw ValidationError(
                "\(keepGoing ? "--keep-going" : "--rpm") is for a fleet file; for one profile, `nodeprofile package` "
                    + "builds its RPM")
        }
        guard let (bundle, outcome, templates) = try options.compile(input: input) else { throw ExitCode(1) }
        _ = try OutputDirectory.writing(output) { staging in
            try BuildOutputs.write(
                bundle, outcome: outcome, templates: templates, signedBy: key, to: staging, shownAs: output)
        }
        Terminal.standardOutput(BuildSummary.table(bundle))
    }
}

/// Everything `build` writes: the tree, the manifest (and its signature), the spec and the tarball.
enum BuildOutputs {
    static func write(
        _ bundle: CompiledBundle, outcome: ProfileLoading.Outcome, templates: TemplateSet,
        signedBy key: BundleSigningKey?,
        to directory: URL, shownAs name: String
    ) throws -> PackageSources {
        do {
            let sources = try PackageSources(
                bundle: bundle, description: outcome.profile?.metadata.description,
                profileDigest: NodeProfileManifest.SHA256.hex(outcome.source.map { Array($0.text.utf8) } ?? []),
                epoch: SourceDateEpoch.current, templates: templates, sign: key?.signer)
            try BundleDirectory.write(bundle, sources: sources, to: directory)
            // Not Foundation's atomic write, which fsyncs: the spec is in the staging directory, swapped in whole and
            // unsynced like every other output file, and on a busy disk that one fsync cost more than the build.
            try NewFile.writeUmasked(
                Array(sources.specText.utf8), to: directory.appendingPathComponent(sources.spec.fileName).path)
            // A tarball that carries the proxy password is itself a secret: 0600 from the moment it exists.
            try SecretFile.write(
                sources.tarball, to: directory.appendingPathComponent(sources.spec.tarballName),
                secret: sources.holdsSecret)
            return sources
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Terminal.standardError("\(name): error: \(error)\n")
            throw ExitCode(1)
        }
    }
}

/// Writes output files with 0600 from creation when they hold a secret, 0644 otherwise.
enum SecretFile {
    static func write(_ bytes: [UInt8], to url: URL, secret: Bool) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        unlink(temporary.path)
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, secret ? 0o600 : 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        fchmod(descriptor, secret ? 0o600 : 0o644)
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
        guard rename(temporary.path, url.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
}

/// SOURCE_DATE_EPOCH, or the fixed default, so builds are reproducible either way.
enum SourceDateEpoch {
    static var current: Int {
        Environment.value("SOURCE_DATE_EPOCH").flatMap { Int($0) } ?? RPMSpec.defaultEpoch
    }
}

/// The table `build` prints: one line per generated file.
enum BuildSummary {
    static func table(_ bundle: CompiledBundle) -> String {
        let manifest = bundle.manifest
        var out =
            "nodeprofile-\(manifest.profile.name) \(manifest.profile.version)-\(manifest.profile.release): \(bundle.files.count) files, gateway \(manifest.profile.gatewayMode)\n"
        let width = bundle.files.map(\.path.count).max() ?? 0
        out += "MODE  " + "PATH".rightPadded(width) + "  BYTES  NOTES\n"
        for file in bundle.files {
            var notes: [String] = []
            if file.entry.secret { notes.append("secret") }
            if !file.entry.facts.isEmpty { notes.append("facts: " + file.entry.facts.joined(separator: ", ")) }
            if file.appliedBy == .package { notes.append("installed by the package") }
            out +=
                file.entry.mode.description + "  " + file.path.rightPadded(width)
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

    /// The string left-aligned in `width` UTF-16 units, as Foundation's `padding(toLength:withPad:startingAt:)`
    /// gives it, without its cost (NSString bridging: 1.3M instructions for build's table of 18 lines).
    func rightPadded(_ width: Int) -> String {
        let length = utf16.count
        guard length <= width else { return padding(toLength: width, withPad: " ", startingAt: 0) }
        return self + String(repeating: " ", count: width - length)
    }
}
