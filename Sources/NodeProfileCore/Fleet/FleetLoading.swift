import Foundation
import NodeProfileManifest

/// Reads a fleet file and its base profile from disk, and compiles every node (each profile's resources, such as a
/// password file, read once for the fleet); what `validate`, `build` and `package` of a fleet share.
public enum FleetLoading {
    /// The fleet, its parsed base, and the problems found in either file.
    public struct Outcome: Sendable {
        /// The fleet, nil when it or its base could not be read.
        public var fleet: Fleet?
        /// The base profile's document.
        public var base: YAMLValue?
        /// The base profile's text.
        public var baseSource: SourceText?
        /// What was wrong with the fleet file or its base.
        public var diagnostics: [Diagnostic]
        /// Every file read, for printing source lines under diagnostics.
        public var sources: [String: SourceText]
    }

    /// Reads the fleet file `file`, whose bytes are `bytes` (nil when it could not be read), and its base profile,
    /// relative to the fleet file.
    public static func load(_ file: String, bytes: [UInt8]?) -> Outcome {
        guard let bytes else {
            return Outcome(
                diagnostics: [Diagnostic(.error, "cannot read the file", at: .wholeFile(file))], sources: [:])
        }
        let read = FleetReader().read(bytes: bytes, file: file)
        var outcome = Outcome(fleet: read.fleet, diagnostics: read.diagnostics, sources: [:])
        if let source = read.source { outcome.sources[file] = source }
        guard let fleet = read.fleet else { return outcome }
        // The base is relative to the fleet file, as a passwordFile is relative to its profile.
        let directory = (file as NSString).deletingLastPathComponent
        let basePath = fleet.base.hasPrefix("/") || directory.isEmpty ? fleet.base : directory + "/" + fleet.base
        guard case .success(let baseData) = RegularFile.read(basePath, limit: SourceText.Limits.profile.maxBytes + 1)
        else {
            outcome.diagnostics.append(
                Diagnostic(
                    .error,
                    "cannot read the base profile '\(basePath)' (no such file, not a regular file, or not readable)",
                    at: fleet.baseLocation, path: "base"))
            outcome.fleet = nil
            return outcome
        }
        switch SourceText.decode(baseData, file: basePath) {
        case .failure(let diagnostic):
            outcome.diagnostics.append(diagnostic)
        case .success(let source):
            outcome.sources[basePath] = source
            outcome.baseSource = source
            switch YAMLLoader().load(source) {
            case .failure(let diagnostics): outcome.diagnostics += diagnostics
            case .success(let root):
                if let kind = root["kind"]?.scalarText, kind != "NodeProfile" {
                    outcome.diagnostics.append(
                        Diagnostic(
                            .error, "a fleet's base must be a NodeProfile, not \(root["kind"]!.kindDescription)",
                            at: root["kind"]!.location, path: "kind"))
                } else {
                    outcome.base = root
                }
            }
        }
        if outcome.base == nil { outcome.fleet = nil }
        return outcome
    }

    /// Compiles every node with `compiler` on all cores, runs `each` on those that compile, and returns its outputs in
    /// node order with every diagnostic.
    public static func compile<Output: Sendable>(
        _ outcome: Outcome, compiler: ProfileCompiler,
        each: @Sendable (FleetCompiler.NodeOutput) throws -> Output
    ) throws -> (outputs: [Output?], diagnostics: [Diagnostic]) {
        guard let fleet = outcome.fleet, let base = outcome.base, let baseSource = outcome.baseSource else {
            return ([], [])
        }
        let resources = CachedResources()
        return try FleetCompiler(compiler: compiler).compile(
            fleet, base: base, baseText: baseSource.text,
            resources: { resources.reader(for: $0) }, each: each)
    }
}
