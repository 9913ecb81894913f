import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// The OVS init script of every blueprint passes `bash -n` and shellcheck.
@Suite("Conformance: shell scripts")
struct ScriptConformanceTests {
    @Test("bash -n and shellcheck accept every generated script", arguments: Blueprints.all)
    func scripts(_ blueprint: String) throws {
        let bundle = try BuiltBundle.build(blueprint)
        let scripts = bundle.files { $0.path.hasSuffix(".sh") }
        #expect(!scripts.isEmpty)
        for script in scripts {
            #expect(script.mode == FileMode(0o755), "\(script.path) must be executable")
            let path = bundle.url(script.path).path
            let syntax = try Tool.run("bash", ["-n", path])
            #expect(syntax.status == 0, "bash -n \(script.path): \(syntax.stderr)")
            let lint = try Tool.run("shellcheck", ["--severity=style", "--shell=bash", path])
            #expect(lint.status == 0, "shellcheck \(script.path):\n\(lint.stdout)\(lint.stderr)")
        }
    }
}

extension ScriptConformanceTests {
    /// The agent RPM's greenboot scripts and the tests' greenboot stand-in: greenboot runs its scripts with bash.
    @Test(
        "bash -n and shellcheck accept the greenboot check, the red.d hook and the tests' greenboot stand-in",
        arguments: [
            "packaging/greenboot/30_nodeprofile_network_check.sh", "packaging/greenboot/30_nodeprofile_red_boot.sh",
            "Tests/greenboot/greenboot",
            "Tests/nspawn/greenboot-report.sh", "Tests/nspawn/harness.sh",
        ])
    func greenbootScripts(_ relative: String) throws {
        let path = BuiltBinary.repository.appendingPathComponent(relative).path
        let syntax = try Tool.run("bash", ["-n", path])
        #expect(syntax.status == 0, "bash -n \(relative): \(syntax.stderr)")
        let lint = try Tool.run("shellcheck", ["--severity=style", "--shell=bash", path])
        #expect(lint.status == 0, "shellcheck \(relative):\n\(lint.stdout)\(lint.stderr)")
    }
}
