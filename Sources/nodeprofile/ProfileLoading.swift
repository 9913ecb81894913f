import Foundation
import NodeProfileCore
import NodeProfileManifest

/// Reads a profile file from disk and compiles it (`ProfileCompiler`: every stage, so `validate` checks what `build`
/// does); shared by every subcommand that takes a profile.
enum ProfileLoading {
    /// What reading and compiling one file produced.
    struct Outcome {
        /// The validated profile; nil when the file has errors before planning.
        var profile: Profile?
        /// The compiled bundle; nil when any stage found an error.
        var bundle: CompiledBundle?
        /// Every diagnostic, sorted by position (warnings made errors under `--strict`).
        var diagnostics: [Diagnostic]
        /// The decoded text, for printing source lines under diagnostics.
        var source: SourceText?
        /// The parsed document, for locating fields after validation.
        var document: YAMLValue? = nil
        /// One line for humans: the file and either what it builds or how many problems it has.
        var summary: String
    }

    /// Prints diagnostics as `validate` does (text on standard error).
    static func printDiagnostics(_ outcome: Outcome) {
        var sources: [String: SourceText] = [:]
        if let source = outcome.source { sources[source.file] = source }
        let formatter = DiagnosticFormatter(colour: Terminal.colourOnStandardError, sources: sources)
        Terminal.standardError(outcome.diagnostics.map(formatter.text).joined())
    }

    /// Compiles the profile in `input` with `compiler`; a file that cannot be read, or is a fleet, is one diagnostic.
    static func load(_ input: InputFile, compiler: ProfileCompiler) -> Outcome {
        let file = input.path
        guard let bytes = input.bytes else {
            let reason = input.failure?.description ?? "cannot read the file"
            let diagnostic = Diagnostic(.error, reason, at: .wholeFile(file))
            return Outcome(diagnostics: [diagnostic], summary: "\(file): \(reason)")
        }
        if input.isFleet {
            let reason =
                "is a NodeFleet file: validate, build and package take fleets; this command takes one NodeProfile (build the fleet, or give a node's profile)"
            return Outcome(
                diagnostics: [Diagnostic(.error, reason, at: .wholeFile(file))], summary: "\(file): \(reason)")
        }
        let result = compiler.compile(.bytes(bytes, file: file), resources: FileSystemResources(profilePath: file))
        let counts = SummaryCounts(result.diagnostics)
        let summary: String
        if counts.errors == 0, let profile = result.profile {
            let m = profile.metadata
            summary =
                "\(file): ok: nodeprofile-\(m.name) \(m.version)-\(m.release), MicroShift \(profile.microshift), gateway \(profile.network.gateway.mode.rawValue)"
                + counts.warningsTail
        } else {
            summary = "\(file): " + counts.errorsAndWarnings
        }
        return Outcome(
            profile: result.profile, bundle: result.bundle, diagnostics: result.diagnostics, source: result.source,
            document: result.document, summary: summary)
    }
}

/// Error and warning counts as the one-line summaries of `validate` say them.
struct SummaryCounts {
    let errors: Int
    let warnings: Int

    init(_ diagnostics: [Diagnostic]) {
        errors = diagnostics.filter { $0.severity == .error }.count
        warnings = diagnostics.filter { $0.severity == .warning }.count
    }

    /// ", 2 warnings", or nothing.
    var warningsTail: String { warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : "" }

    /// "1 error, 2 warnings".
    var errorsAndWarnings: String { "\(errors) error\(errors == 1 ? "" : "s")" + warningsTail }
}

/// A file named on the command line, read once: its bytes (nil when unreadable) and whether it is a fleet.
/// Only a regular file of at most 64 MiB (the fleet limit; profiles are held to 1 MiB later) is read: a FIFO or a
/// device is refused without waiting on it.
struct InputFile {
    static let limit = 64 << 20

    let path: String
    let bytes: [UInt8]?
    /// Why the file was not read.
    let failure: RegularFile.Failure?

    init(_ path: String) {
        self.path = path
        switch RegularFile.read(path, limit: Self.limit) {
        case .success(let read): (bytes, failure) = (read, nil)
        case .failure(let reason): (bytes, failure) = (nil, reason)
        }
    }

    /// True when the file declares `kind: NodeFleet` on a line of its own.
    var isFleet: Bool { bytes.map { FleetSchema.declaredKind(in: $0) == FleetSchema.kind } ?? false }
}
