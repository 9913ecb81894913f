import Foundation
import NodeProfileCore
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// `nodeprofile package`: reproducible tarballs and RPMs that rpmspec, rpm and an install agree with.
@Suite("nodeprofile package (built binary, rpmbuild, librpm)")
struct PackageCommandTests {
    /// Packages a profile file into a fresh directory.
    static func package(_ profile: String, environment: [String: String] = [:]) throws -> (URL, BuiltBinary.Run) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("np-package-\(UUID().uuidString)")
        let run = try BuiltBinary.run(["package", profile, "-o", directory.path], environment: environment)
        #expect(run.status == 0, "nodeprofile package \(profile): \(run.stderr)")
        return (directory, run)
    }

    @Test("two packagings give byte-identical tarballs and RPMs", arguments: Blueprints.all)
    func reproducible(_ blueprint: String) throws {
        let (first, run) = try Self.package("blueprints/\(blueprint).yaml")
        let (second, _) = try Self.package("blueprints/\(blueprint).yaml")
        #expect(run.stdout.contains("(checked with librpm against manifest.json)"))
        for suffix in [".rpm", ".tar.gz", ".spec"] {
            #expect(
                try OutputFiles.sha256(OutputFiles.only(first, suffix: suffix))
                    == OutputFiles.sha256(OutputFiles.only(second, suffix: suffix)), "\(suffix) differs")
        }
    }

    @Test("SOURCE_DATE_EPOCH sets the RPM's build time and the tarball's times")
    func sourceDateEpoch() throws {
        let (directory, _) = try Self.package(
            "blueprints/default.yaml", environment: ["SOURCE_DATE_EPOCH": "1700000000"])
        let rpm = try OutputFiles.only(directory, suffix: ".rpm")
        #expect(
            try Tool.run("rpm", ["-qp", "--qf", "%{BUILDTIME} %{BUILDHOST}", rpm.path]).stdout
                == "1700000000 reproducible")
        let listing = try Tool.run(
            "tar", ["--numeric-owner", "-tvzf", OutputFiles.only(directory, suffix: ".tar.gz").path],
            environment: ["TZ": "UTC"])
        #expect(
            listing.stdout.split(separator: "\n").allSatisfy { $0.contains("0/0") && $0.contains("2023-11-14 22:13") },
            "\(listing.stdout)")
    }

    @Test(
        "rpmspec -P parses the spec and rpm -qp lists exactly the manifest's files and modes", arguments: Blueprints.all
    )
    func rpmAgreesWithManifest(_ blueprint: String) throws {
        let (directory, _) = try Self.package("blueprints/\(blueprint).yaml")
        let spec = try OutputFiles.only(directory, suffix: ".spec")
        let parsed = try Tool.run("rpmspec", ["-P", spec.path])
        #expect(parsed.status == 0 && parsed.stderr.isEmpty, "rpmspec -P: \(parsed.stderr)")
        let manifest = try ManifestCoding.decode(
            [UInt8](try Data(contentsOf: directory.appendingPathComponent("manifest.json"))))
        let query = try Tool.run(
            "rpm",
            [
                "-qp", "--qf", "[%{FILENAMES} %{FILEMODES:octal} %{FILEUSERNAME}:%{FILEGROUPNAME}\n]",
                OutputFiles.only(directory, suffix: ".rpm").path,
            ])
        let listed = Set(query.stdout.split(separator: "\n").map(String.init).filter { $0.contains(" 100") })
        let base = "/usr/lib/nodeprofile/\(manifest.profile.name)"
        let expected = Set(
            manifest.files.map { "\(base)/root\($0.path) 100\($0.mode.description.dropFirst()) root:root" } + [
                "\(base)/manifest.json 100644 root:root"
            ])
        #expect(listed == expected, "rpm -qp: \(listed.symmetricDifference(expected).sorted())")
        let requires = try Tool.run("rpm", ["-qp", "--requires", OutputFiles.only(directory, suffix: ".rpm").path])
            .stdout
        // The release's own networking Requires, rich dependencies (4.14 on) included, as rpm prints them back.
        let release = MicroShiftRelease.named(manifest.profile.microshift)
        for name in ["nodeprofile-agent"] + release.networkingPackages {
            #expect(requires.split(separator: "\n").contains { $0 == name }, "Requires \(name)")
        }
    }

    @Test("hostile metadata reaches the spec and the package literally")
    func hostileMetadata() throws {
        let description = "Shop %(rm -rf /) gateway\\n  %files and %{name} stay text\\n%{ 100%% ok \\\\ done"
        let profile = try BuiltBinary.temporaryFile(
            "hostile.yaml",
            """
            apiVersion: nodeprofile/v1
            kind: NodeProfile
            metadata:
              name: hostile
              description: "\(description)"
            """)
        let (directory, _) = try Self.package(profile)
        let literal = "Shop %(rm -rf /) gateway\n  %files and %{name} stay text\n%{ 100%% ok \\ done"
        let parsed = try Tool.run("rpmspec", ["-P", OutputFiles.only(directory, suffix: ".spec").path])
        #expect(parsed.status == 0 && parsed.stdout.contains(literal), "rpmspec -P:\n\(parsed.stdout)\(parsed.stderr)")
        let shown = try Tool.run(
            "rpm", ["-qp", "--qf", "%{DESCRIPTION}", OutputFiles.only(directory, suffix: ".rpm").path])
        #expect(shown.stdout.hasSuffix(literal), "rpm -qp DESCRIPTION:\n\(shown.stdout)")
    }
}
