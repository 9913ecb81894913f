import ArgumentParser
import Foundation
import NodeProfileCore
import NodeProfileManifest
import NodeProfileSigning

/// `nodeprofile package FLEET -o DIR`: one fleet image for the whole fleet (`FleetImage`): DIR/nodeprofile-FLEET.spec,
/// its reproducible tarball and its RPM, read back with librpm and compared with the image. DIR follows build's rules
/// and is swapped in whole, only when every node compiled and the image is allowed.
enum FleetImageBuild {
    static func run(
        _ input: InputFile, strict: Bool, templates: TemplateSet, signedBy key: BundleSigningKey?, to output: String
    ) throws {
        let file = input.path
        let outcome = FleetLoading.load(input.path, bytes: input.bytes)
        let formatter = DiagnosticFormatter(colour: Terminal.colourOnStandardError, sources: outcome.sources)
        guard let fleet = outcome.fleet else {
            Terminal.standardError(outcome.diagnostics.map(formatter.text).joined())
            throw ExitCode(1)
        }
        var compiler = CompileOptions.compiler(templates: templates, strict: strict)
        // Files name the fleet, not the node, and secret files carry the fleet's key: what is the same is one object.
        compiler.renderer.imageScope = fleet.name
        let compiled = try FleetLoading.compile(outcome, compiler: compiler) { node in
            let manifestJSON = try ManifestCoding.encode(node.bundle.manifest)
            return FleetImage.Node(
                name: node.node.name, location: node.node.nameValue.location, identity: node.node.identity,
                manifest: node.bundle.manifest, manifestJSON: manifestJSON, signature: try key?.signer(manifestJSON),
                files: node.bundle.files.map { ($0.entry, $0.bytes) }, password: node.profile.proxy?.password)
        }
        var all = outcome.diagnostics + compiled.diagnostics
        var image: FleetImage?
        if SummaryCounts(all).errors == 0 && fleet.rejected.isEmpty {
            let made = try FleetImage.make(
                fleet: fleet.name, nodes: compiled.outputs.compactMap { $0 }, sign: key?.signer)
            image = made.image
            all += made.diagnostics
        }
        Terminal.standardError(all.map(formatter.text).joined())
        guard let image, SummaryCounts(all).errors == 0 else {
            let errors = SummaryCounts(all).errors
            Terminal.standardError(
                "\(file): \(errors) error\(errors == 1 ? "" : "s"); nothing written (\(output) unchanged)\n")
            throw ExitCode(1)
        }
        let spec = FleetImageSpec(fleet: fleet.name, image: image, epoch: SourceDateEpoch.current)
        let rpmName = try OutputDirectory.writing(output) { directory in
            do {
                try Data(spec.render(templates).utf8).write(to: directory.appendingPathComponent(spec.fileName))
                try SecretFile.write(
                    try spec.tarball(), to: directory.appendingPathComponent(spec.tarballName),
                    secret: image.holdsSecret)
            } catch {
                Terminal.standardError("\(output): error: \(error)\n")
                throw ExitCode(1)
            }
            let rpm = try RPMBuild.build(
                specFile: spec.fileName, rpmName: spec.rpmName, epoch: spec.epoch, holdsSecret: image.holdsSecret,
                in: directory)
            return try RPMBuild.readBack(rpm, shownIn: output, differences: spec.differences)
        }
        let shared = image.index.nodes.count
        Terminal.standardOutput(
            "fleet image \(fleet.name): \(shared) node\(shared == 1 ? "" : "s"), \(image.objects.count) objects"
                + (image.signature == nil ? "" : ", fleet.index signed") + "\n"
                + "package: \(URL(fileURLWithPath: output).appendingPathComponent(rpmName).path) (checked with librpm against the image)\n"
        )
    }
}
