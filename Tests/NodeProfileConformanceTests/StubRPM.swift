import Foundation
import NodeProfileTestSupport
import Testing

/// A package with no files, built with the real rpmbuild: it stands in for a package the tests need only by name,
/// version and what it provides (MicroShift's, or the agent's and the networking packages').
enum StubRPM {
    /// Builds `name`-`version`-1.noarch with `provides`, and returns the RPM's path.
    static func build(
        _ name: String, version: String = "1", summary: String, license: String = "MIT", provides: [String] = []
    ) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "np-stub-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let spec = directory.appendingPathComponent("\(name).spec")
        let providesLine = provides.isEmpty ? "" : "Provides: \(provides.joined(separator: " "))\n"
        try Data(
            """
            Name: \(name)
            Version: \(version)
            Release: 1
            Summary: \(summary)
            License: \(license)
            BuildArch: noarch
            \(providesLine)%description
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
        #expect(run.status == 0, "rpmbuild \(name): \(run.stderr)")
        return directory.appendingPathComponent("\(name).rpm")
    }
}
