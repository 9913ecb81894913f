import Foundation
import NodeProfileTestSupport
import Testing

/// `nodeprofile validate` as a user runs it: output, exit codes, JSON, colour.
@Suite("nodeprofile validate (built binary)")
struct ValidateCommandTests {
    static let broken = """
        apiVersion: nodeprofile/v1
        kind: NodeProfile
        metadata:
          name: broken
        network:
          mtu: 9500
          gatewy: {}
        target: {microshift: "4.13"}

        """

    @Test("a valid blueprint exits 0 and says ok")
    func valid() throws {
        let run = try BuiltBinary.run(["validate", "blueprints/default.yaml"])
        #expect(run.status == 0)
        #expect(
            run.stdout
                == "blueprints/default.yaml: ok: nodeprofile-default 1.0.0-1, MicroShift 4.13, gateway declarative\n")
        #expect(run.stderr.isEmpty)
    }

    @Test("every blueprint validates with --strict")
    func blueprintsStrict() throws {
        let names = try FileManager.default.contentsOfDirectory(
            atPath: BuiltBinary.repository.appendingPathComponent("blueprints").path
        )
        .filter { $0.hasSuffix(".yaml") }.sorted().map { "blueprints/\($0)" }
        #expect(names.count >= 7)
        let run = try BuiltBinary.run(["validate", "--strict"] + names)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").count == names.count)
    }

    @Test("errors exit 1 with file:line:col, message, path, source line and caret")
    func errors() throws {
        let file = try BuiltBinary.temporaryFile("broken.yaml", Self.broken)
        let run = try BuiltBinary.run(["validate", file])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "\(file):6:8: error: 9500 is out of range; allowed: 576 to 9000 [network.mtu]\n 6 |   mtu: 9500\n   |        ^~~~\n"
            ))
        #expect(
            run.stderr.contains("\(file):7:3: error: unknown key 'gatewy'; did you mean 'gateway'? [network.gatewy]"))
        #expect(run.stdout == "\(file): 2 errors\n")
    }

    @Test("--format json prints one object per diagnostic on stdout")
    func json() throws {
        let file = try BuiltBinary.temporaryFile("broken.yaml", Self.broken)
        let run = try BuiltBinary.run(["validate", "--format", "json", file])
        #expect(run.status == 1)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        #expect(Set(array[0].keys) == ["severity", "message", "file", "line", "column", "path"])
        #expect(
            array[0]["severity"] as? String == "error" && array[0]["line"] as? Int == 6
                && array[0]["column"] as? Int == 8)
        #expect(array[0]["path"] as? String == "network.mtu" && array[0]["file"] as? String == file)
        #expect(run.stderr.isEmpty)
        let clean = try BuiltBinary.run(["validate", "--format", "json", "blueprints/default.yaml"])
        #expect(clean.status == 0 && clean.stdout == "[]\n")
    }

    @Test("--strict turns warnings into errors")
    func strict() throws {
        let file = try BuiltBinary.temporaryFile(
            "warn.yaml",
            "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: w\nnetwork:\n  ipForward: false\n")
        let lenient = try BuiltBinary.run(["validate", file])
        #expect(lenient.status == 0 && lenient.stderr.contains(": warning: ipForward: false"))
        let strict = try BuiltBinary.run(["validate", "--strict", file])
        #expect(strict.status == 1 && strict.stderr.contains(": error: ipForward: false"))
    }

    @Test("several files: every file is checked, one bad file fails the run")
    func severalFiles() throws {
        let file = try BuiltBinary.temporaryFile("broken.yaml", Self.broken)
        let run = try BuiltBinary.run(["validate", "blueprints/proxy.yaml", file, "does-not-exist.yaml"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("blueprints/proxy.yaml: ok"))
        #expect(run.stdout.contains("\(file): 2 errors"))
        #expect(run.stderr.contains("does-not-exist.yaml: error: no such file"))
    }

    @Test("validate runs the checks build runs after validation, and reports their finding at its line")
    func checksAfterValidation() throws {
        // Every rule passes; only the check on the compiled files sees that the password is also the hostname, which
        // config.yaml (0644) would carry. validate used to say ok here while build refused.
        let file = try BuiltBinary.temporaryFile(
            "shop.yaml",
            """
            apiVersion: nodeprofile/v1
            kind: NodeProfile
            metadata:
              name: shop-7
            node:
              hostname: hunter2-shop
            proxy:
              http: http://proxy.example:3128
              username: edge
              passwordFile: proxy.pass
            target: {microshift: "4.13"}

            """)
        let password = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("proxy.pass")
        try Data("hunter2-shop\n".utf8).write(to: password)
        // Owner-only, so the only finding is the one this test is about.
        #expect(chmod(password.path, 0o600) == 0)
        let message =
            "the proxy password would appear in /etc/microshift/config.yaml, which is not a 0600 secret file; refusing to build"
        let text = try BuiltBinary.run(["validate", file])
        #expect(text.status == 1)
        #expect(
            text.stderr.contains(
                "\(file):10:17: error: \(message) [proxy.passwordFile]\n 10 |   passwordFile: proxy.pass\n"),
            "\(text.stderr)")
        #expect(text.stdout == "\(file): 1 error\n")
        let json = try BuiltBinary.run(["validate", "--format", "json", file])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 1 && array.first?["line"] as? Int == 10 && array.first?["column"] as? Int == 17)
        #expect(
            array.first?["path"] as? String == "proxy.passwordFile" && array.first?["message"] as? String == message)
        let build = try BuiltBinary.run([
            "build", file, "-o",
            URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("out").path,
        ])
        #expect(
            build.status == 1 && build.stderr.contains("\(file):10:17: error: \(message)"),
            "build refuses it the same way")
        #expect(
            !(text.stderr + json.stdout + build.stderr).contains("hunter2-shop"),
            "the finding names the file, not the password")
    }

    @Test(
        "usage errors exit 64",
        arguments: [
            ["validate"], ["validate", "--format", "xml", "a.yaml"], ["validate", "--bogus", "a.yaml"],
            ["frobnicate"],
        ])
    func usage(_ arguments: [String]) throws {
        let run = try BuiltBinary.run(arguments)
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("Usage:") || run.stderr.contains("Error:"))
    }

    @Test("colour only on a terminal, and never with NO_COLOR")
    func colour() throws {
        let file = try BuiltBinary.temporaryFile("broken.yaml", Self.broken)
        let binary = try BuiltBinary.path("nodeprofile")
        let piped = try BuiltBinary.run(["validate", file])
        #expect(!piped.stderr.contains("\u{1B}["), "no colour into a pipe")
        // `script` gives the command a pseudo-terminal, as an interactive shell would.
        let command = "\(binary) validate \(file)"
        let onTTY = try BuiltBinary.execute("/usr/bin/script", ["-qec", command, "/dev/null"])
        #expect(onTTY.stdout.contains("\u{1B}[31;1merror:"), "colour on a terminal: \(onTTY.stdout)")
        let noColor = try BuiltBinary.execute(
            "/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["NO_COLOR": "1"])
        #expect(noColor.stdout.contains("error:") && !noColor.stdout.contains("\u{1B}["), "NO_COLOR disables colour")
    }
}
