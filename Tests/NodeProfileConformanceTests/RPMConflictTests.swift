import Foundation
import NodeProfileTestSupport
import Testing

/// Two profile packages installed side by side (every bundle writes the same files, so the
/// agent then failed at every boot). Every profile package provides and conflicts with `nodeprofile-bundle`; the real
/// rpm, with its dependency checks on, refuses the second and still upgrades the first.
@Suite("Only one profile package per device (rpm --root, dependency checks on)")
struct RPMConflictTests {
    /// A package that provides what profile packages require, so rpm can run with its dependency checks.
    static func providers() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "np-providers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let spec = directory.appendingPathComponent("providers.spec")
        try Data(
            """
            Name: test-providers
            Version: 1
            Release: 1
            Summary: stands in for the agent and the networking packages
            License: MIT
            BuildArch: noarch
            Provides: nodeprofile-agent openvswitch3.1 NetworkManager NetworkManager-ovs /bin/sh
            %description
            test
            %files

            """.utf8
        ).write(to: spec)
        let run = try Tool.run(
            "rpmbuild",
            [
                "-bb", "--quiet", "--define", "_topdir \(directory.path)", "--define", "_rpmdir \(directory.path)",
                "--define", "_build_name_fmt %%{NAME}.rpm", spec.path,
            ])
        #expect(run.status == 0, "\(run.stderr)")
        return directory.appendingPathComponent("test-providers.rpm")
    }

    @Test("a second profile package is refused naming the conflict; the first one still upgrades")
    func onlyOne() throws {
        let root = try RPMInstallTests.scratchRoot()
        #expect(try Tool.run("rpm", ["--root", root.path, "-i", try Self.providers().path]).status == 0)
        let store = try OutputFiles.only(
            try PackageCommandTests.package(
                try RPMInstallTests.profile(version: "1.0.0", blocks: "    - {port: 30700, interface: eth1}")
            ).0,
            suffix: ".rpm")
        let other = try OutputFiles.only(try PackageCommandTests.package("blueprints/default.yaml").0, suffix: ".rpm")
        let provides = try Tool.run("rpm", ["-qp", "--provides", store.path]).stdout
        let conflicts = try Tool.run("rpm", ["-qp", "--conflicts", store.path]).stdout
        #expect(
            provides.contains("nodeprofile-bundle\n") && conflicts == "nodeprofile-bundle\n", "\(provides)\(conflicts)")
        let first = try Tool.run("rpm", ["--root", root.path, "-i", store.path])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try Tool.run("rpm", ["--root", root.path, "-i", other.path])
        #expect(second.status != 0)
        #expect(
            second.stderr.contains("nodeprofile-bundle conflicts with (installed) nodeprofile-store-1.0.0-1.noarch"),
            "\(second.stderr)")
        let upgrade = try OutputFiles.only(
            try PackageCommandTests.package(
                try RPMInstallTests.profile(version: "1.1.0", blocks: "    - {port: 30800, interface: eth1}")
            ).0,
            suffix: ".rpm")
        let upgraded = try Tool.run("rpm", ["--root", root.path, "-U", upgrade.path])
        #expect(upgraded.status == 0, "\(upgraded.stderr)")
        #expect(
            try Tool.run("rpm", ["--root", root.path, "-qa", "nodeprofile-*"]).stdout
                == "nodeprofile-store-1.1.0-1.noarch\n")
    }
}
