import Foundation
import NodeProfileTestSupport
import Testing

/// `-o` over a directory nodeprofile did not write, an empty path, `/` and system directories.
/// Each test first sets up what destroyed data before the fix, then shows the refusal and the data intact.
@Suite("Output directories are never destroyed (built binary)")
struct OutputSafetyTests {
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("np-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("build -o over a directory holding DIR/root/.ssh it did not write is refused; the keys stay")
    func foreignRootDirectory() throws {
        let output = try Self.scratch().appendingPathComponent("home")
        let key = output.appendingPathComponent("root/.ssh/id_ed25519")
        try FileManager.default.createDirectory(at: key.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("private key".utf8).write(to: key)
        for command in ["build", "package"] {
            let run = try BuiltBinary.run([command, "blueprints/default.yaml", "-o", output.path])
            #expect(run.status == 1, "\(command): \(run.stdout)")
            #expect(
                run.stderr.contains("\(output.path): error: exists, is not empty and was not written by nodeprofile"),
                "\(run.stderr)")
            #expect(try String(contentsOf: key, encoding: .utf8) == "private key")
        }
        let siblings = try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path)
        #expect(siblings == ["home"], "no staging directory is left behind: \(siblings)")
    }

    @Test(
        "a file added to an earlier output makes the next build refuse it; the earlier output is replaced whole otherwise"
    )
    func earlierOutput() throws {
        let output = try Self.scratch().appendingPathComponent("out")
        #expect(try BuiltBinary.run(["package", "blueprints/default.yaml", "-o", output.path]).status == 0)
        let marker = try String(contentsOf: output.appendingPathComponent(".nodeprofile-output"), encoding: .utf8)
        #expect(
            marker.contains("\nmanifest.json\n") && marker.contains("nodeprofile-default-1.0.0-1.noarch.rpm\n"),
            "\(marker)")
        #expect(try BuiltBinary.run(["build", "blueprints/static-ip.yaml", "-o", output.path]).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        #expect(
            names == [
                ".nodeprofile-output", "manifest.json", "nodeprofile-static-ip-1.2.0.tar.gz",
                "nodeprofile-static-ip.spec", "root",
            ], "\(names)")
        try Data("notes".utf8).write(to: output.appendingPathComponent("notes.txt"))
        let run = try BuiltBinary.run(["build", "blueprints/default.yaml", "-o", output.path])
        #expect(
            run.status == 1 && run.stderr.contains("holds notes.txt, which nodeprofile did not write"), "\(run.stderr)")
        #expect(try String(contentsOf: output.appendingPathComponent("notes.txt"), encoding: .utf8) == "notes")
    }

    @Test(
        "an empty path, /, system directories, home and the current directory are refused by name",
        arguments: [
            ("", "the output path is empty"), ("/", "the output directory is /"),
            ("/usr/", "/usr is a system directory"),
            ("/etc/../var", "/var is a system directory"), ("/tmp", "/tmp is a system directory"),
            (".", "is the current directory or holds it"), ("Tests/..", "is the current directory or holds it"),
        ])
    func refusedByName(_ path: String, _ message: String) throws {
        for command in [
            ["build", "blueprints/default.yaml", "-o", path], ["package", "blueprints/default.yaml", "-o", path],
            [
                "export", "blueprints/default.yaml", "--format", "blueprint", "--fact", "gateway.nic=eth0",
                "--fact", "gateway.nic.mac=52:54:00:12:34:56", "--fact", "gateway.nic.mtu=1500", "-o", path,
            ],
        ] {
            let run = try BuiltBinary.run(command)
            #expect(run.status == 1, "\(command)")
            #expect(run.stderr.contains(message), "\(command): \(run.stderr)")
        }
    }

    @Test("-o \"$OUT/\" with OUT unset (the tryout that removed /root) is refused; / is untouched")
    func unsetVariable() throws {
        // Run in a private mount namespace with a scratch /root, so even a regression could not touch the real one.
        let script = """
            set -u; mount -t tmpfs none /root && echo sentinel > /root/sentinel || exit 99
            unset OUT; "$0" build blueprints/default.yaml -o "${OUT:-}/"; status=$?
            test -f /root/sentinel || exit 98; test ! -e /manifest.json || exit 97; exit $status
            """
        let run = try BuiltBinary.execute(
            "/usr/bin/unshare",
            ["--mount", "--propagation", "private", "sh", "-c", script, try BuiltBinary.path("nodeprofile")])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(
            run.stderr.contains(
                "/: error: the output directory is / (did a shell variable expand to nothing?); refusing"),
            "\(run.stderr)")
    }

    @Test("export -o replaces only an earlier export, never another file")
    func exportFile() throws {
        let directory = try Self.scratch()
        let target = directory.appendingPathComponent("config.ign")
        let facts = [
            "--fact", "gateway.nic=eth0", "--fact", "gateway.nic.mac=52:54:00:12:34:56", "--fact",
            "gateway.nic.mtu=1500",
        ]
        try Data("{\"mine\": true}\n".utf8).write(to: target)
        let refused = try BuiltBinary.run(
            ["export", "blueprints/default.yaml", "--format", "ignition", "-o", target.path] + facts)
        #expect(
            refused.status == 1 && refused.stderr.contains("is not an earlier nodeprofile export"), "\(refused.stderr)")
        #expect(try String(contentsOf: target, encoding: .utf8) == "{\"mine\": true}\n")
        try FileManager.default.removeItem(at: target)
        for _ in 0..<2 {
            let run = try BuiltBinary.run(
                ["export", "blueprints/default.yaml", "--format", "ignition", "-o", target.path] + facts)
            #expect(run.status == 0, "\(run.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["config.ign"])
    }

    @Test(
        "a kickstart or Containerfile export replaces its own earlier output, never a hand-written one",
        arguments: [
            ["--format", "kickstart"], ["--format", "kickstart", "--ostreesetup", "http://repo.example/edge"],
            ["--format", "containerfile"], ["--format", "containerfile", "--from", "registry.example/base:1"],
        ])
    func exportTextFile(_ format: [String]) throws {
        let directory = try Self.scratch()
        let target = directory.appendingPathComponent("out")
        for _ in 0..<2 {
            let run = try BuiltBinary.run(["export", "blueprints/default.yaml", "-o", target.path] + format)
            #expect(run.status == 0, "\(format): a second export replaces the first: \(run.stderr)")
        }
        let mine = "# my kickstart\n%post\necho generated by hand: not by nodeprofile\n%end\n"
        try Data(mine.utf8).write(to: target)
        let refused = try BuiltBinary.run(["export", "blueprints/default.yaml", "-o", target.path] + format)
        #expect(refused.status == 1 && refused.stderr.contains("is not an earlier nodeprofile export"))
        #expect(try String(contentsOf: target, encoding: .utf8) == mine)
    }
}
