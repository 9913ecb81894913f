import ArgumentParser
import Foundation
import NodeProfileCore
import NodeProfileManifest
import NodeProfileSigning

/// `nodeprofile build FLEET -o DIR`: per node its tarball and spec in DIR (and with `--tree` its bundle directory
/// DIR/NODE/: manifest.json, root/), and DIR/summary.txt.
///
/// Everything is written into a staging sibling of DIR and swapped in only when every node compiled, so DIR always
/// holds one whole fleet: the previous one after a failure, the new one after success (`OutputDirectory`).
enum FleetBuild {
    /// What to build besides every node's tarball and spec.
    struct Options {
        /// Also each node's bundle directory DIR/NODE/.
        var tree = false
        /// Build the nodes that compile even when others do not, and list those that did not (exit 1 all the same).
        var keepGoing = false
        /// Also each node's RPM in DIR, built with rpmbuild and read back with librpm, as `package` does for one profile.
        var rpm = false
    }

    static func run(
        _ input: InputFile, strict: Bool, templates: TemplateSet, options: Options, signedBy key: BundleSigningKey?,
        to output: String
    ) throws {
        let tree = options.tree
        let file = input.path
        let outcome = FleetLoading.load(input.path, bytes: input.bytes)
        let formatter = DiagnosticFormatter(colour: Terminal.colourOnStandardError, sources: outcome.sources)
        guard let fleet = outcome.fleet else {
            Terminal.standardError(outcome.diagnostics.map(formatter.text).joined())
            throw ExitCode(1)
        }
        let staging: OutputDirectory
        do {
            staging = try OutputDirectory.prepare(output)
        } catch {
            Terminal.standardError(error.description + "\n")
            throw ExitCode(1)
        }
        let rows: [FleetSummary.Row]
        let specs: [RPMSpec]
        let failed: [String]
        let diagnostics: [Diagnostic]
        do {
            let epoch = SourceDateEpoch.current
            let compiler = CompileOptions.compiler(templates: templates, strict: strict)
            let compiled = try FleetLoading.compile(outcome, compiler: compiler) { node in
                let sources = try PackageSources(
                    bundle: node.bundle, description: node.profile.metadata.description,
                    profileDigest: node.sourceDigest, epoch: epoch, templates: templates, sign: key?.signer)
                try NodeFiles.write(sources, to: staging.staging.path)
                if tree {
                    try BundleDirectory.write(
                        node.bundle, sources: sources, to: staging.staging.appendingPathComponent(node.node.name))
                }
                return (
                    FleetSummary.Row(node.profile, node.bundle, manifestJSON: sources.manifestJSON),
                    options.rpm ? sources.spec : nil
                )
            }
            let built = compiled.outputs.compactMap { $0 }
            (rows, specs, diagnostics) = (built.map(\.0), built.compactMap(\.1), compiled.diagnostics)
            failed =
                fleet.rejected
                + zip(fleet.nodes, compiled.outputs).filter { $0.1 == nil }.map(\.0.name)
        } catch {
            staging.discard()
            throw error
        }
        let all = outcome.diagnostics + diagnostics
        Terminal.standardError(all.map(formatter.text).joined())
        let errors = SummaryCounts(all).errors
        // With --keep-going only the nodes' own errors are passed over: a problem with the fleet as a whole still stops it.
        let nodeErrorsOnly = errors > 0 && !failed.isEmpty && !rows.isEmpty && errors == failedErrors(all, failed)
        guard errors == 0 || (options.keepGoing && nodeErrorsOnly) else {
            staging.discard()
            Terminal.standardError(
                "\(file): \(errors) error\(errors == 1 ? "" : "s"); nothing written (\(output) unchanged)"
                    + (options.keepGoing && !failed.isEmpty && !rows.isEmpty
                        ? " (--keep-going builds the other nodes only when every error belongs to a node)" : "") + "\n")
            throw ExitCode(1)
        }
        var summary = FleetSummary.table(fleet: fleet.name, rows)
        if !failed.isEmpty {
            summary += "not built (errors above): " + failed.joined(separator: ", ") + "\n"
        }
        do {
            if options.rpm { try buildRPMs(specs, in: staging.staging, shownAs: output) }
            try Data(summary.utf8).write(to: staging.staging.appendingPathComponent("summary.txt"))
            try staging.commit()
        } catch let error as OutputError {
            staging.discard()
            Terminal.standardError(error.description + "\n")
            throw ExitCode(1)
        } catch {
            staging.discard()
            Terminal.standardError("\(output): error: \(error)\n")
            throw ExitCode(1)
        }
        Terminal.standardOutput(summary)
        if !failed.isEmpty { throw ExitCode(1) }
    }

    /// How many of `diagnostics`' errors are about one of the `failed` nodes (their messages name it first).
    private static func failedErrors(_ diagnostics: [Diagnostic], _ failed: [String]) -> Int {
        let prefixes = failed.map { $0.hasPrefix("nodes[") ? $0 : "node \($0): " }
        return diagnostics.filter { diagnostic in
            diagnostic.severity == .error
                && prefixes.contains { diagnostic.message.hasPrefix($0) || (diagnostic.path ?? "").hasPrefix($0) }
        }.count
    }

    /// Each node's RPM beside its spec and tarball, checked with librpm against its manifest (nodes one at a time:
    /// rpmbuild's scratch directory and librpm are not shared safely).
    private static func buildRPMs(_ specs: [RPMSpec], in directory: URL, shownAs output: String) throws {
        for spec in specs {
            let secret = spec.manifest.files.contains(where: \.secret)
            let rpm = try RPMBuild.build(spec: spec, holdsSecret: secret, in: directory)
            let problems = PackageVerifier.differences(try RPMInspector.read(rpm.path), spec)
            if !problems.isEmpty {
                Terminal.standardError(problems.map { "\(output)/\(rpm.lastPathComponent): error: \($0)\n" }.joined())
                throw ExitCode(1)
            }
        }
    }
}

/// A node's tarball (its bundle: manifest.json, its signature and root/) and spec, side by side in DIR with every
/// other node's, the names `build` gives them. Flat on purpose: a directory per node cost this machine's ext4 two
/// milliseconds per mkdir, more than compiling the node.
enum NodeFiles {
    static func write(_ sources: PackageSources, to directory: String) throws {
        try NewFile.write(Array(sources.specText.utf8), to: directory + "/" + sources.spec.fileName, mode: 0o644)
        // A tarball that carries the proxy password is itself a secret: 0600 from the moment it exists.
        try NewFile.write(
            sources.tarball, to: directory + "/" + sources.spec.tarballName, mode: sources.holdsSecret ? 0o600 : 0o644)
    }
}

/// The table a fleet build prints and keeps as DIR/summary.txt: one line per node, in fleet order.
enum FleetSummary {
    struct Row {
        var name, hostname, nodeIP, gateway, digest: String
        var files: Int
        var secret: Bool

        init(_ profile: Profile, _ bundle: CompiledBundle, manifestJSON: [UInt8]) {
            name = profile.metadata.name
            hostname = profile.node.hostname ?? "-"
            nodeIP = profile.node.nodeIP?.description ?? "-"
            let gateway = profile.network.gateway
            var text = gateway.mode.rawValue + " " + (gateway.interface ?? "auto")
            text +=
                gateway.staticIPv4.map { " " + $0.address.description } ?? (gateway.mode == .declarative ? " dhcp" : "")
            self.gateway = text
            files = bundle.files.count
            secret = bundle.holdsSecret
            digest = String(NodeProfileManifest.SHA256.hex(manifestJSON).prefix(12))
        }
    }

    /// `validate`'s one line for a fleet file.
    static func line(_ file: String, fleet: Fleet?, _ diagnostics: [Diagnostic]) -> String {
        let counts = SummaryCounts(diagnostics)
        guard counts.errors == 0, let fleet else { return "\(file): " + counts.errorsAndWarnings }
        return "\(file): ok: fleet \(fleet.name), \(fleet.nodes.count) node\(fleet.nodes.count == 1 ? "" : "s")"
            + counts.warningsTail
    }

    static func table(fleet: String, _ rows: [Row]) -> String {
        let columns = ["NODE", "HOSTNAME", "NODE IP", "GATEWAY", "FILES", "MANIFEST"]
        let cells = rows.map {
            [$0.name, $0.hostname, $0.nodeIP, $0.gateway, String($0.files) + ($0.secret ? "*" : ""), $0.digest]
        }
        let widths = columns.indices.map { column in
            max(columns[column].count, cells.map { $0[column].count }.max() ?? 0)
        }
        func line(_ values: [String]) -> String {
            values.enumerated().map { $0.element.rightPadded(widths[$0.offset]) }
                .joined(separator: "  ").trimmingTrailingSpaces() + "\n"
        }
        var out =
            "fleet \(fleet): \(rows.count) node\(rows.count == 1 ? "" : "s"), \(rows.reduce(0) { $0 + $1.files }) files\n"
        out += line(columns)
        for row in cells { out += line(row) }
        if rows.contains(where: \.secret) { out += "* holds a secret (0600 files, tarball 0600)\n" }
        return out
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
