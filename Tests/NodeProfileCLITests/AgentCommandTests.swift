import Foundation
import NodeProfileTestSupport
import Testing

/// The agent's command line: usage errors, help, verify and rollback through the built binary.
@Suite("nodeprofile-agent command line (built binary)")
struct AgentCommandTests {
    @Test(
        "usage errors exit 64 and print the usage",
        arguments: [[], ["frobnicate"], ["apply", "--bogus"], ["apply", "--root"]])
    func usage(_ arguments: [String]) throws {
        let run = try BuiltBinary.run(arguments, product: "nodeprofile-agent")
        #expect(run.status == 64, "\(run.stderr)")
    }

    @Test(
        "--help works on every command, exits 0 and documents the exit codes",
        arguments: [
            ["--help"], ["apply", "--help"], ["status", "--help"], ["verify", "-h"], ["rollback", "--help"],
            ["help", "apply"],
        ])
    func help(_ arguments: [String]) throws {
        let run = try BuiltBinary.run(arguments, product: "nodeprofile-agent")
        #expect(run.status == 0 && run.stdout.hasPrefix("USAGE: nodeprofile-agent"), "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("EXIT STATUS:\n  0   "), "\(run.stdout)")
        // Only the commands that take the lock exit 75; verify and status list the statuses they use.
        let command = arguments[0] == "help" ? arguments[1] : arguments[0]
        let locking = ["--help", "apply", "rollback"].contains(command)
        #expect(run.stdout.contains("75  another nodeprofile-agent held the lock") == locking, "\(run.stdout)")
        if arguments.count > 1 && arguments[0] != "help" {
            #expect(run.stdout.hasPrefix("USAGE: nodeprofile-agent \(arguments[0])"))
        }
    }

    @Test("a usage error inside a command prints that command's help")
    func commandUsage() throws {
        let run = try BuiltBinary.run(["status", "--bundle", "x"], product: "nodeprofile-agent")
        #expect(
            run.status == 64 && run.stderr.contains("status: unknown argument --bundle")
                && run.stderr.contains("USAGE: nodeprofile-agent status"))
    }

    @Test("apply's --confirm-timeout takes whole seconds from 1 to 3600", arguments: ["0", "2.5", "3601", "soon"])
    func confirmTimeoutRange(_ value: String) throws {
        let run = try BuiltBinary.run(["apply", "--confirm-timeout", value], product: "nodeprofile-agent")
        #expect(
            run.status == 64
                && run.stderr.contains("apply: --confirm-timeout \(value): expected whole seconds from 1 to 3600"),
            "\(run.stderr)")
    }

    @Test("apply accepts --confirm-timeout (an empty root then has no bundle: exit 1, not a usage error)")
    func confirmTimeoutAccepted() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("np-agent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let run = try BuiltBinary.run(
            ["apply", "--root", root.path, "--confirm-timeout", "5"], product: "nodeprofile-agent")
        #expect(run.status == 1 && run.stderr.contains("no bundle found"), "\(run.stderr)")
    }

    @Test("verify exits 1 on a hand edit; rollback restores what the last apply replaced")
    func verifyAndRollback() throws {
        let first = try BuiltBundle.build("default")
        let second = try BuiltBundle.build("nodeport-block")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("np-agent-\(UUID().uuidString)")
        try AgentCrashTests.install(first, into: root)
        #expect(try AgentCrashTests.apply(root).status == 0)
        try AgentCrashTests.install(second, into: root)
        #expect(try AgentCrashTests.apply(root).status == 0)
        #expect(try BuiltBinary.run(["verify", "--root", root.path], product: "nodeprofile-agent").status == 0)
        let ovn = root.appendingPathComponent("etc/microshift/ovn.yaml")
        try Data("edited: true\n".utf8).write(to: ovn)
        let editedTree = try AgentCrashTests.tree(root)
        let verify = try BuiltBinary.run(["verify", "--root", root.path], product: "nodeprofile-agent")
        #expect(
            verify.status == 1 && verify.stdout.contains("\nchanged on the device: /etc/microshift/ovn.yaml (bytes)\n"),
            "\(verify.stdout)")
        #expect(
            verify.stdout.contains("ok: /etc/crio/crio.conf.d/nodeprofile-workloads.conf\n"),
            "verify lists what it checked: \(verify.stdout)")
        #expect(verify.stdout.hasSuffix(" (bytes and mode): 1 changed\n"), "\(verify.stdout)")
        try AgentCrashTests.install(second, into: root)
        #expect(try AgentCrashTests.apply(root).status == 0, "the hand edit is drift: backed up and replaced")
        let rollback = try BuiltBinary.run(["rollback", "--root", root.path], product: "nodeprofile-agent")
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(
            rollback.stdout.contains("restored as the last apply found them")
                && rollback.stdout.contains("\n  hand edit back: /etc/microshift/ovn.yaml (it was edited on the device"),
            "rollback says which hand edits it brings back: \(rollback.stdout)")
        #expect(
            try AgentCrashTests.tree(root) == editedTree,
            "rollback restores the tree the last apply replaced, hand edit included")
    }
}
