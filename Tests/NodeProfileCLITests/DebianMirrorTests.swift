import Foundation
import NodeProfileTestSupport
import Testing

/// The Debian mirror the lab and the nspawn roots are built from comes from apt's own configuration, never a guess.
@Suite("Debian mirror (Tests/debian-mirror.sh)")
struct DebianMirrorTests {
    static let script = BuiltBinary.repository.appendingPathComponent("Tests/debian-mirror.sh").path

    @Test("the mirror is the one apt lists for bookworm main")
    func fromApt() throws {
        let run = try BuiltBinary.execute("/bin/bash", [Self.script])
        let apt = try BuiltBinary.execute(
            "/usr/bin/apt-get", ["indextargets", "--format", "$(REPO_URI) $(RELEASE) $(COMPONENT)"])
        let mirror = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(run.status == 0 && mirror.hasPrefix("http"), "\(run.stdout)\(run.stderr)")
        #expect(apt.stdout.contains("\(mirror)/ bookworm main"), "\(apt.stdout)")
    }

    @Test("apt naming no mirror is an error that says so; no mirror host is written in the repository")
    func noneNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("np-apt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("sources.list.d"), withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("apt.conf")
        try Data(
            """
            Dir::Etc::sourcelist "\(directory.path)/none.list";
            Dir::Etc::sourceparts "\(directory.path)/sources.list.d";

            """.utf8
        ).write(to: config)
        let run = try BuiltBinary.execute("/bin/bash", [Self.script], environment: ["APT_CONFIG": config.path])
        #expect(run.status == 1 && run.stdout.isEmpty, "\(run.stdout)")
        #expect(run.stderr.contains("no Debian bookworm mirror in apt's configuration"), "\(run.stderr)")
        let literal = try BuiltBinary.execute("/usr/bin/git", ["grep", "-n", "deb\\.debian\\.org"])
        #expect(literal.stdout.isEmpty, "a mirror host written in the repository: \(literal.stdout)")
    }
}
