import ArgumentParser
import Foundation
import NodeProfileCore
import NodeProfileManifest

/// The options of `export` that belong to one format's target: image type and variant lints, the Containerfile's
/// base image and RPM location, the kickstart's ostree line and secret consent.
struct ExportTargetOptions: ParsableArguments {
    @Option(
        name: .customLong("image-type"),
        help: "blueprint: the osbuild image type it is for; types that deploy an ostree commit are refused.")
    var imageType: String?

    @Option(
        help:
            "ignition: lint for this Butane variant (r4e: RHEL for Edge, no kernel arguments, disks, filesystems, LUKS or RAID)."
    )
    var variant: TargetLint.IgnitionVariant?

    @Option(help: "containerfile: the bootc base image; makes a whole Containerfile instead of a fragment.")
    var from: String?

    @Option(
        name: .customLong("rpm-dir"),
        help: "containerfile: the build-context directory holding both RPMs (default rpms).")
    var rpmDirectory: String?

    @Option(help: "containerfile: the agent RPM's architecture (default x86_64).")
    var arch: String?

    @Option(help: "kickstart: add `ostreesetup` for the ostree repository at this URL.")
    var ostreesetup: String?

    @Option(name: .customLong("ostree-ref"), help: "kickstart: the ref for --ostreesetup (default rhel/9/x86_64/edge).")
    var ostreeRef: String?

    @Option(help: "kickstart: add `ostreecontainer` for this bootc image (from a registry).")
    var ostreecontainer: String?

    @Flag(
        name: .customLong("no-signature-verification"),
        help: "kickstart: add --nogpg / --no-signature-verification to the ostree line.")
    var skipSignatureVerification = false

    @Flag(
        name: .customLong("allow-secrets"), help: "kickstart: inline the proxy password (written only with -o, 0600).")
    var allowSecrets = false

    /// Refuses options given for a format they do not apply to, so none is ignored silently.
    func check(for format: ExportCommand.Format, facts: [String]) throws {
        var given: [(String, Set<ExportCommand.Format>)] = []
        if imageType != nil { given.append(("--image-type", [.blueprint])) }
        if variant != nil { given.append(("--variant", [.ignition])) }
        if from != nil { given.append(("--from", [.containerfile])) }
        if rpmDirectory != nil { given.append(("--rpm-dir", [.containerfile])) }
        if arch != nil { given.append(("--arch", [.containerfile])) }
        if ostreesetup != nil { given.append(("--ostreesetup", [.kickstart])) }
        if ostreeRef != nil { given.append(("--ostree-ref", [.kickstart])) }
        if ostreecontainer != nil { given.append(("--ostreecontainer", [.kickstart])) }
        if skipSignatureVerification { given.append(("--no-signature-verification", [.kickstart])) }
        if allowSecrets { given.append(("--allow-secrets", [.kickstart])) }
        if !facts.isEmpty { given.append(("--fact", [.ignition, .blueprint])) }
        for (option, formats) in given where !formats.contains(format) {
            let extra = option == "--fact" ? ": nodeprofile-agent resolves facts on the device" : ""
            throw ValidationError("\(option) does not apply to --format \(format.rawValue)\(extra)")
        }
        if ostreesetup != nil && ostreecontainer != nil {
            throw ValidationError(
                "--ostreesetup and --ostreecontainer exclude each other: a kickstart installs from one source")
        }
        if ostreeRef != nil && ostreesetup == nil { throw ValidationError("--ostree-ref needs --ostreesetup") }
        if skipSignatureVerification && ostreesetup == nil && ostreecontainer == nil {
            throw ValidationError("--no-signature-verification needs --ostreesetup or --ostreecontainer")
        }
    }

    /// The kickstart options these arguments give.
    var kickstart: KickstartExport.Options {
        var source: KickstartExport.OSTreeSource?
        if let ostreesetup { source = .commit(url: ostreesetup, ref: ostreeRef ?? "rhel/9/x86_64/edge") }
        if let ostreecontainer { source = .container(image: ostreecontainer) }
        return KickstartExport.Options(
            ostree: source, skipSignatureVerification: skipSignatureVerification, allowSecrets: allowSecrets)
    }

    /// The Containerfile options these arguments give.
    var containerfile: ContainerfileExport.Options {
        ContainerfileExport.Options(
            from: from, rpmDirectory: rpmDirectory ?? "rpms", arch: arch ?? "x86_64",
            agentVersion: NodeProfileVersion.current)
    }
}

extension TargetLint.IgnitionVariant: ExpressibleByArgument {}
