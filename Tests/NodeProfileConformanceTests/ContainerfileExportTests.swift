import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// `nodeprofile export --format containerfile` read by dockerfile-parse, its RPM names held to what `nodeprofile
/// package` and `make rpm` write, and everything it installs held to the places bootc keeps.
@Suite("nodeprofile export --format containerfile (dockerfile-parse, rpmbuild, rpmspec)")
struct ContainerfileExportTests {
    /// The instructions dockerfile-parse reads from an export (comments left out), and its base image.
    static func parse(_ text: String, in directory: URL) throws -> (instructions: [[String]], base: String?) {
        let file = directory.appendingPathComponent("Containerfile")
        try Data(text.utf8).write(to: file)
        let parsed = try PythonTools.json(PythonTools.containerfile, [file.path])
        let instructions = (parsed["instructions"] as? [[String]] ?? []).filter { $0.first != "COMMENT" }
        return (instructions, parsed["baseimage"] as? String)
    }

    static let agentVersion: String = {
        let run = try? BuiltBinary.run(["--version"])
        return run?.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").last.map(String.init)
            ?? "?"
    }()

    @Test(
        "the fragment copies the RPMs `nodeprofile package` and `make rpm` name, installs them and enables the agent",
        arguments: Blueprints.all)
    func fragment(_ blueprint: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "np-containerfile-\(UUID().uuidString)")
        let package = try BuiltBinary.run(["package", "blueprints/\(blueprint).yaml", "-o", directory.path])
        try #require(package.status == 0, "package: \(package.stderr)")
        let bundleRPM = try #require(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasSuffix(".noarch.rpm") })
        let export = try BuiltBinary.run(["export", "blueprints/\(blueprint).yaml", "--format", "containerfile"])
        try #require(export.status == 0, "export: \(export.stderr)")
        let (instructions, base) = try Self.parse(export.stdout, in: directory)
        let agentRPM = "nodeprofile-agent-\(Self.agentVersion)-1.x86_64.rpm"
        #expect(base == nil)
        #expect(instructions.map(\.[0]) == ["COPY", "RUN", "RUN"])
        #expect(instructions.first?.last == "rpms/\(agentRPM) rpms/\(bundleRPM) /tmp/nodeprofile-rpms/")
        let install = (instructions.dropFirst().first?.last ?? "").split(separator: " ").joined(separator: " ")
        #expect(
            install.hasPrefix("dnf -y install /tmp/nodeprofile-rpms/\(agentRPM) /tmp/nodeprofile-rpms/\(bundleRPM) "),
            "\(install)")
        #expect(install.hasSuffix("dnf clean all && rm -rf /tmp/nodeprofile-rpms"), "\(install)")
        #expect(instructions.last?.last == "systemctl enable nodeprofile-agent.service")

        // bootc keeps image content under /usr: every file both RPMs install is there, but the agent's greenboot scripts,
        // /etc defaults the three-way merge keeps (greenboot 0.15.4 reads red.d from /etc only; MicroShift 4.13's are there too).
        let bundleFiles = try Tool.run(
            "rpm", ["-qp", "--qf", "[%{FILENAMES}\n]", directory.appendingPathComponent(bundleRPM).path])
        // The agent's spec as rpmspec expands it (`make rpm` needs the static build): the paths of its %files section.
        let agentSpec = try Tool.run(
            "rpmspec",
            [
                "-P", "--define", "np_version \(Self.agentVersion)", "--define", "np_bindir /nonexistent",
                "--define", "np_unit /nonexistent",
                BuiltBinary.repository.appendingPathComponent("packaging/nodeprofile-agent.spec").path,
            ])
        #expect(bundleFiles.status == 0 && agentSpec.status == 0, "\(bundleFiles.stderr)\(agentSpec.stderr)")
        let filesSection =
            agentSpec.stdout.components(separatedBy: "\n%files\n").last?.components(separatedBy: "\n%changelog").first
            ?? ""
        let agentFiles = filesSection.split(separator: "\n").compactMap {
            $0.split(separator: " ").last.map(String.init)
        }
        let installed = bundleFiles.stdout.split(separator: "\n").map(String.init) + agentFiles
        #expect(
            installed.contains("/usr/bin/nodeprofile-agent")
                && installed.contains { $0.hasPrefix("/usr/lib/nodeprofile/") && $0.hasSuffix("/manifest.json") })
        let greenboot = [
            "/etc/greenboot/check/required.d/30_nodeprofile_network_check.sh",
            "/etc/greenboot/red.d/30_nodeprofile_red_boot.sh",
        ]
        #expect(greenboot.allSatisfy(agentFiles.contains), "\(agentFiles)")
        let outside = installed.filter { !$0.hasPrefix("/usr/") && !greenboot.contains($0) }
        #expect(outside.isEmpty, "outside /usr: \(outside)")
        // The Containerfile itself writes only under /tmp (removed again) and, through systemctl, an /etc default.
        for word in instructions.flatMap({ $0[1].split(separator: " ") }) where word.hasPrefix("/") {
            #expect(word.hasPrefix("/tmp/nodeprofile-rpms"), "\(word)")
        }
    }

    @Test("with --from it is a whole Containerfile on that base, ending in bootc's own lint; no proxy password in it")
    func whole() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "np-containerfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let export = try BuiltBinary.run([
            "export", "blueprints/proxy.yaml", "--format", "containerfile", "--from",
            "registry.redhat.io/rhel9/rhel-bootc:9.4", "--rpm-dir", "out/rpm/", "--arch", "aarch64",
        ])
        try #require(export.status == 0, "export: \(export.stderr)")
        let (instructions, base) = try Self.parse(export.stdout, in: directory)
        #expect(base == "registry.redhat.io/rhel9/rhel-bootc:9.4")
        #expect(instructions.map(\.[0]) == ["FROM", "COPY", "RUN", "RUN", "RUN"])
        #expect(
            instructions[1][1].hasPrefix(
                "out/rpm/nodeprofile-agent-\(Self.agentVersion)-1.aarch64.rpm out/rpm/nodeprofile-proxy-"))
        #expect(instructions.last == ["RUN", "bootc container lint"])
        let password = try String(
            contentsOf: BuiltBinary.repository.appendingPathComponent("blueprints/secrets/proxy.pass"), encoding: .utf8
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!password.isEmpty && !export.stdout.contains(password))
    }

    @Test(
        "a base image, RPM directory or architecture that would break the Containerfile is refused, by option",
        arguments: [
            (["--from", "rhel bootc"], "--from rhel bootc: allowed characters"),
            (["--from=-bad"], "--from -bad: allowed characters"),
            (["--rpm-dir", "../rpms"], "--rpm-dir ../rpms: must be a path inside the build context"),
            (["--rpm-dir", "/srv/rpms"], "--rpm-dir /srv/rpms: must be a path inside the build context"),
            (["--rpm-dir", "rpms $(id)"], "--rpm-dir rpms $(id): allowed characters"),
            (["--arch", "x86-64\n"], "--arch x86-64\\n: allowed characters"),
        ])
    func refusals(_ arguments: [String], _ message: String) throws {
        let run = try BuiltBinary.run(["export", "blueprints/default.yaml", "--format", "containerfile"] + arguments)
        #expect(run.status == 1 && run.stderr.contains(message), "\(run.status): \(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}
