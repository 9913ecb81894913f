import Foundation
import NodeProfileTestSupport
import Testing

/// A proxy password file others can read is named with its mode and the fix; `--strict` refuses it.
@Suite("Password file permissions (built binary)")
struct PasswordFileModeTests {
    /// A profile with a password file of `mode` beside it; returns the profile's path.
    static func profile(mode: Int) throws -> String {
        let file = try BuiltBinary.temporaryFile(
            "proxy.yaml",
            """
            apiVersion: nodeprofile/v1
            kind: NodeProfile
            metadata:
              name: proxied
            target:
              microshift: "4.13"
            proxy:
              http: http://proxy.example:3128
              username: edge
              passwordFile: proxy.pass
            """)
        let password = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("proxy.pass")
        try Data("not-shown-anywhere\n".utf8).write(to: password)
        #expect(chmod(password.path, mode_t(mode)) == 0)
        return file
    }

    @Test(
        "a password file readable by others or its group warns, naming its mode and chmod 600; --strict fails",
        arguments: [(0o644, "its group and others"), (0o640, "its group"), (0o604, "others")])
    func readableByOthers(_ mode: Int, _ readers: String) throws {
        let file = try Self.profile(mode: mode)
        let octal = "0" + String(mode, radix: 8)
        let warning =
            "warning: passwordFile 'proxy.pass' is mode \(octal): \(readers) can read the proxy password; make it readable by its owner only: chmod 600 'proxy.pass' [proxy.passwordFile]"
        let run = try BuiltBinary.run(["validate", file])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("\(file):10:17: \(warning)"), "\(run.stderr)")
        #expect(!run.stderr.contains("not-shown-anywhere"))
        let strict = try BuiltBinary.run(["validate", "--strict", file])
        #expect(strict.status == 1, "\(strict.stderr)")
        #expect(strict.stderr.contains("error: passwordFile 'proxy.pass' is mode \(octal)"), "\(strict.stderr)")
    }

    @Test("a fleet over a base with such a password file warns too, and --strict fails")
    func fleet() throws {
        let profile = URL(fileURLWithPath: try Self.profile(mode: 0o644))
        let fleet = profile.deletingLastPathComponent().appendingPathComponent("fleet.yaml")
        try Data(
            "apiVersion: nodeprofile/v1\nkind: NodeFleet\nmetadata: {name: branches}\nbase: proxy.yaml\nnodes:\n  - name: branch-1\n"
                .utf8
        ).write(to: fleet)
        let run = try BuiltBinary.run(["validate", fleet.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("passwordFile 'proxy.pass' is mode 0644"), "\(run.stderr)")
        let strict = try BuiltBinary.run(["validate", "--strict", fleet.path])
        #expect(strict.status == 1 && strict.stderr.contains("is mode 0644"), "\(strict.stderr)")
    }

    @Test("a password file only its owner can read passes --strict silently")
    func ownerOnly() throws {
        let run = try BuiltBinary.run(["validate", "--strict", try Self.profile(mode: 0o600)])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
    }
}
