import ArgumentParser
import Foundation
import NodeProfileCore
import NodeProfileManifest

/// `nodeprofile export`: the bundle as an Ignition config, an osbuild blueprint, a bootc Containerfile or a kickstart.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Export a profile for an image pipeline: Ignition, osbuild blueprint, bootc Containerfile or kickstart.",
        discussion: """
            ignition and blueprint export the files nodeprofile-agent would write (the agent's own unit comes with its \
            package); values only the device knows must be given with --fact NAME=VALUE (see `build`'s table). \
            containerfile installs the agent and bundle RPMs into a bootc image; kickstart installs the bundle from a \
            %post section; in both the agent applies the bundle at first boot. Each export refuses a target that would \
            drop what it carries (--image-type, --variant). An export holding the proxy password is written only to a \
            file (-o), created with mode 0600; a kickstart holds it only with --allow-secrets.
            """)

    /// Export formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case ignition, blueprint, containerfile, kickstart
    }

    @OptionGroup var options: CompileOptions

    @Option(help: "ignition (config spec 3.3.0), blueprint (osbuild TOML), containerfile (bootc) or kickstart (%post).")
    var format: Format

    @Option(name: .customLong("fact"), help: "A device fact, NAME=VALUE (repeatable).")
    var facts: [String] = []

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @OptionGroup var target: ExportTargetOptions

    @OptionGroup var signing: SigningOptions

    /// Refuses options that do not apply to the chosen format (usage error, exit 64).
    func validate() throws {
        try target.check(for: format, facts: facts)
        if signing.signKey != nil && format != .kickstart {
            throw ValidationError(
                "--sign-key does not apply to --format \(format.rawValue): sign the bundle with `build` or `package`")
        }
    }

    /// Prints each line of `error` as an export error; returns exit status 1 to throw.
    func fail(_ error: ValueError) -> ExitCode {
        Terminal.standardError(
            error.description.split(separator: "\n").map { "nodeprofile export: error: \($0)\n" }.joined())
        return ExitCode(1)
    }

    /// The exported text for the chosen format, with its target's lint applied.
    func export(_ bundle: CompiledBundle) throws -> Result<String, ValueError> {
        switch format {
        case .containerfile:
            return ContainerfileExport.render(bundle.manifest, options: target.containerfile)
        case .kickstart:
            let manifestJSON = try ManifestCoding.encode(bundle.manifest)
            let signature = try signing.load().map { try $0.signer(manifestJSON) }
            return KickstartExport.render(
                bundle, manifestJSON: manifestJSON, signature: signature, options: target.kickstart)
        case .ignition, .blueprint:
            if format == .blueprint, let imageType = target.imageType,
                let refusal = TargetLint.blueprint(imageType: imageType)
            {
                return .failure(refusal)
            }
            let values: FactValues
            switch FactValues.parse(facts, manifest: bundle.manifest) {
            case .success(let parsed): values = parsed
            case .failure(let error): return .failure(error)
            }
            guard format == .ignition else { return Exporter.blueprint(bundle, facts: values) }
            return Exporter.ignition(bundle, facts: values).flatMap { config in
                guard let variant = target.variant else { return .success(config) }
                let problems = TargetLint.ignition(config, variant: variant)
                return problems.isEmpty ? .success(config) : .failure(ValueError(problems.joined(separator: "\n")))
            }
        }
    }

    func run() throws {
        guard let (bundle, _, _) = try options.compile() else { throw ExitCode(1) }
        let text: String
        switch try export(bundle) {
        case .success(let exported): text = exported
        case .failure(let error): throw fail(error)
        }
        // A Containerfile names the RPMs and holds no file; the other formats carry the agent's files inline.
        let secret = format != .containerfile && bundle.holdsSecret
        guard let output else {
            if secret {
                Terminal.standardError(
                    "nodeprofile export: error: this export holds the proxy password; write it to a file with -o (created 0600)\n"
                )
                throw ExitCode(1)
            }
            Terminal.standardOutput(text)
            return
        }
        try ExportOutput.write(text, to: output, secret: secret)
    }
}
