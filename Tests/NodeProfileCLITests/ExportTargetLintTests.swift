import Foundation
import NodeProfileCore
import NodeProfileTestSupport
import Testing

/// Each export refuses, by name, the target that would drop what it carries: osbuild image types that deploy an
/// ostree commit (no file customizations), and Ignition sections Butane's r4e (RHEL for Edge) variant cannot carry.
@Suite("export target lint (osbuild image types, Ignition r4e)")
struct ExportTargetLintTests {
    @Test(
        "a blueprint for an image type that deploys ostree is refused by name, pointing at the RPM",
        arguments: TargetLint.ostreeDeployingImageTypes.sorted())
    func ostreeImageTypes(_ imageType: String) throws {
        let run = try BuiltBinary.run([
            "export", "blueprints/static-ip.yaml", "--format", "blueprint", "--image-type", imageType,
            "--fact", "gateway.nic.mac=52:54:00:12:34:56",
        ])
        #expect(run.status == 1 && run.stdout.isEmpty)
        #expect(
            run.stderr.contains(
                "nodeprofile export: error: --image-type \(imageType): this image type deploys an ostree commit and does not apply"
            ))
        #expect(run.stderr.contains("Use the RPM instead"))
        #expect(
            run.stderr.contains(
                imageType.hasPrefix("iot-") ? "iot-commit or iot-container" : "edge-commit or edge-container"))
    }

    @Test("a blueprint for a commit, a container or a package-mode image is exported; an unknown type is refused")
    func otherImageTypes() throws {
        for imageType in ["edge-commit", "edge-container", "qcow2", "image-installer", "iot-raw-image"] {
            let run = try BuiltBinary.run([
                "export", "blueprints/static-ip.yaml", "--format", "blueprint", "--image-type", imageType,
                "--fact", "gateway.nic.mac=52:54:00:12:34:56",
            ])
            #expect(run.status == 0 && run.stdout.contains("[[customizations.files]]"), "\(imageType): \(run.stderr)")
        }
        let typo = try BuiltBinary.run([
            "export", "blueprints/default.yaml", "--format", "blueprint", "--image-type", "edge-instaler",
        ])
        #expect(
            typo.status == 1
                && typo.stderr.contains("--image-type edge-instaler: unknown osbuild image type; known: ami,"))
        let stray = try BuiltBinary.run([
            "export", "blueprints/default.yaml", "--format", "containerfile", "--image-type", "qcow2",
        ])
        #expect(stray.status == 64 && stray.stderr.contains("--image-type does not apply to --format containerfile"))
    }

    @Test("the r4e rule refuses kernel arguments, disks, filesystems, LUKS and RAID, each by name")
    func r4eRule() throws {
        let config = """
            {"ignition": {"version": "3.3.0"},
             "kernelArguments": {"shouldExist": ["console=ttyS0"]},
             "storage": {"disks": [{"device": "/dev/vda", "wipeTable": true}],
                         "filesystems": [{"device": "/dev/vda1", "format": "xfs", "path": "/var"}],
                         "luks": [{"name": "data", "device": "/dev/vda2"}],
                         "raid": [{"name": "md0", "level": "raid1", "devices": ["/dev/vdb", "/dev/vdc"]}],
                         "files": [{"path": "/etc/x", "mode": 420}]}}
            """
        let problems = TargetLint.ignition(config, variant: .r4e)
        #expect(problems.count == 5, "\(problems)")
        for (path, what) in [
            ("kernelArguments", "kernel arguments"), ("storage.disks", "disks"), ("storage.filesystems", "filesystems"),
            ("storage.luks", "LUKS volumes"), ("storage.raid", "RAID arrays"),
        ] {
            #expect(
                problems.contains { $0.contains("cannot carry \(what)") && $0.hasSuffix("\(path) must be absent") },
                "\(path): \(problems)")
        }
        let empty =
            #"{"ignition": {"version": "3.3.0"}, "kernelArguments": {"shouldExist": [], "shouldNotExist": []}, "storage": {"disks": []}}"#
        #expect(TargetLint.ignition(empty, variant: .r4e).isEmpty)
        #expect(TargetLint.ignition("[1]", variant: .r4e) == ["the Ignition config is not a JSON object"])
    }

    @Test("every blueprint's Ignition export passes the r4e lint and ignition-validate", arguments: Blueprints.all)
    func r4eExports(_ blueprint: String) throws {
        let bundle = try BuiltBundle.build(blueprint)
        let output = bundle.directory.appendingPathComponent("r4e.ign")
        let run = try BuiltBinary.run(
            ["export", "blueprints/\(blueprint).yaml", "--format", "ignition", "--variant", "r4e", "-o", output.path]
                + bundle.factArguments)
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: output, encoding: .utf8)
        #expect(TargetLint.ignition(text, variant: .r4e).isEmpty)
        let validate = try Tool.run("ignition-validate", [output.path])
        #expect(validate.status == 0 && validate.stderr.isEmpty, "\(validate.stderr)")
        let bad = try BuiltBinary.run([
            "export", "blueprints/default.yaml", "--format", "ignition", "--variant", "fcos",
        ])
        #expect(bad.status == 64 && bad.stderr.contains("fcos"))
    }
}
