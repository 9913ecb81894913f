import ArgumentParser
import Foundation
import NodeProfileCore

/// `nodeprofile package`: build, then make the RPM with rpmbuild and check it with librpm.
struct PackageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Compile a profile and build its RPM, checked against the manifest.",
        discussion: """
            Writes everything `build` writes (DIR follows build's rules: new, empty or an earlier nodeprofile output), then DIR/nodeprofile-NAME-VERSION-RELEASE.noarch.rpm. The RPM is \
            reproducible: SOURCE_DATE_EPOCH (default \(RPMSpec.defaultEpoch)) sets its build time and file times. \
            It is read back with librpm and refused if its files, modes, owners or requirements differ from the manifest. \
            With --sign-key, manifest.json.sig signs manifest.json and is installed beside it. \
            Given a fleet file (kind: NodeFleet) whose every node has an identity, writes one fleet image for the whole \
            fleet: DIR/nodeprofile-FLEET.spec, its tarball and RPM, holding every node's bundle (each content stored \
            once) and fleet.index, from which the agent picks the node whose identity the device has.
            """)

    @OptionGroup var options: CompileOptions

    @OptionGroup var signing: SigningOptions

    @Option(name: .shortAndLong, help: "The output directory.")
    var output: String

    func run() throws {
        let key = try signing.load()
        let input = InputFile(options.profile)
        if input.isFleet {
            return try FleetImageBuild.run(
                input, strict: options.strict, templates: options.templateSet(), signedBy: key, to: output)
        }
        guard let (bundle, outcome, templates) = try options.compile(input: input) else { throw ExitCode(1) }
        let rpmName = try OutputDirectory.writing(output) { directory in
            let sources = try BuildOutputs.write(
                bundle, outcome: outcome, templates: templates, signedBy: key, to: directory, shownAs: output)
            let rpm = try RPMBuild.build(sources: sources, in: directory)
            return try RPMBuild.readBack(rpm, shownIn: output) { PackageVerifier.differences($0, sources.spec) }
        }
        let rpm = URL(fileURLWithPath: output).appendingPathComponent(rpmName)
        Terminal.standardOutput(
            BuildSummary.table(bundle) + "package: \(rpm.path) (checked with librpm against manifest.json)\n")
    }
}

/// Runs rpmbuild reproducibly in a scratch top directory.
enum RPMBuild {
    /// Reads the RPM `rpm` back with librpm and refuses it (exit 1, each problem printed under `output`) when
    /// `differences` finds what it holds differs from what was meant; returns its file name.
    static func readBack(
        _ rpm: URL, shownIn output: String, differences: (RPMInspector.Contents) -> [String]
    ) throws -> String {
        let problems: [String]
        do {
            problems = differences(try RPMInspector.read(rpm.path))
        } catch {
            Terminal.standardError("\(output)/\(rpm.lastPathComponent): error: \(error)\n")
            throw ExitCode(1)
        }
        if !problems.isEmpty {
            Terminal.standardError(problems.map { "\(output)/\(rpm.lastPathComponent): error: \($0)\n" }.joined())
            throw ExitCode(1)
        }
        return rpm.lastPathComponent
    }

    static func build(sources: PackageSources, in directory: URL) throws -> URL {
        try build(spec: sources.spec, holdsSecret: sources.holdsSecret, in: directory)
    }

    /// The RPM of `spec`, whose file and tarball are in `directory`; 0600 when it holds a secret.
    static func build(spec: RPMSpec, holdsSecret: Bool, in directory: URL) throws -> URL {
        let profile = spec.manifest.profile
        return try build(
            specFile: spec.fileName, rpmName: "\(spec.packageName)-\(profile.version)-\(profile.release).noarch.rpm",
            epoch: spec.epoch, holdsSecret: holdsSecret, in: directory)
    }

    /// The RPM `rpmName` built from the spec file `specFile`, both in `directory` with its tarball; 0600 when it
    /// holds a secret.
    static func build(specFile: String, rpmName: String, epoch: Int, holdsSecret: Bool, in directory: URL) throws
        -> URL
    {
        let fileManager = FileManager.default
        let top = directory.appendingPathComponent(".rpmbuild")
        try? fileManager.removeItem(at: top)
        try fileManager.createDirectory(at: top, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: top) }
        let epoch = String(epoch)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/rpmbuild")
        process.arguments = [
            "-bb", "--nodeps", "--quiet",
            "--define", "_topdir \(top.path)",
            "--define", "_sourcedir \(directory.path)",
            "--define", "_rpmdir \(directory.path)",
            "--define", "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm",
            "--define", "use_source_date_epoch_as_buildtime 1",
            "--define", "clamp_mtime_to_source_date_epoch 1",
            "--define", "_buildhost reproducible",
            directory.appendingPathComponent(specFile).path,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = epoch
        environment["TZ"] = "UTC"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        guard fileManager.isExecutableFile(atPath: "/usr/bin/rpmbuild") else {
            Terminal.standardError("nodeprofile package: rpmbuild is not installed (Debian: apt-get install rpm)\n")
            throw ExitCode(1)
        }
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let rpm = directory.appendingPathComponent(rpmName)
        guard process.terminationStatus == 0, fileManager.fileExists(atPath: rpm.path) else {
            Terminal.standardError(
                "nodeprofile package: rpmbuild failed (exit \(process.terminationStatus)):\n\(message)")
            throw ExitCode(1)
        }
        // rpmbuild writes with the umask; an RPM carrying the proxy password must not stay readable by others.
        if holdsSecret { chmod(rpm.path, 0o600) }
        return rpm
    }
}
