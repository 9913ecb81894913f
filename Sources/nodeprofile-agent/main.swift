import Foundation
import NodeProfileAgentCore
import NodeProfileManifest
import NodeProfileSigning

// nodeprofile-agent: applies node profile bundles at boot. Usage and exit codes are in `usage` below.
let usage = """
    USAGE: nodeprofile-agent <command> [--root DIR] [options]

    COMMANDS:
      apply      Apply every bundle under ROOT/usr/lib/nodeprofile (or --bundle DIR, repeatable) transactionally.
                 --dry-run lists what would change; --fact NAME=VALUE fixes a device fact.
                 --require-signature refuses unsigned bundles (so does NODEPROFILE_REQUIRE_SIGNATURE=1).
      status     Show the applied generation, the last result and any drift.
      verify     Exit 1 when a file the agent wrote was changed on the device.
      rollback   Restore what the last apply replaced.
      --version  Print the version.

    With --root other than /, files are applied into that tree and no service is touched.
    A bundle with manifest.json.sig is applied only when the signature verifies with a key in ROOT/etc/nodeprofile/keys.d/*.pub.
    Exit status: 0 success (or nothing to do), 1 failure (the previous generation is left in place), 64 usage error.

    """

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("nodeprofile-agent: \(message)\n".utf8))
    exit(code)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else { fail("a command is required\n\n" + usage, code: 64) }
arguments.removeFirst()
if command == "--version" {
    print("nodeprofile-agent 0.1.0 (manifest format \(BundleManifest.currentFormat))")
    exit(0)
}
if command == "--help" || command == "-h" || command == "help" {
    print(usage, terminator: "")
    exit(0)
}
var root = "/", bundles: [String] = [], dryRun = false, facts: [String: String] = [:]
var requireSignature = TrustedKeys.required(by: ProcessInfo.processInfo.environment)
while let argument = arguments.first {
    arguments.removeFirst()
    switch argument {
    case "--root", "--bundle", "--fact":
        guard let value = arguments.first else { fail("\(argument) needs a value", code: 64) }
        arguments.removeFirst()
        if argument == "--root" { root = value } else if argument == "--bundle" { bundles.append(value) } else {
            guard let equals = value.firstIndex(of: "=") else { fail("--fact \(value): expected NAME=VALUE", code: 64) }
            facts[String(value[..<equals])] = String(value[value.index(after: equals)...])
        }
    case "--dry-run": dryRun = true
    case "--require-signature" where command == "apply": requireSignature = true
    default: fail("unknown argument \(argument)\n\n" + usage, code: 64)
    }
}
guard ["apply", "status", "verify", "rollback"].contains(command) else { fail("unknown command \(command)\n\n" + usage, code: 64) }

let agent = Agent(root: root, facts: FactResolver(overrides: facts),
                  crashAfter: ProcessInfo.processInfo.environment["NODEPROFILE_AGENT_CRASH_AFTER"])
do {
    switch command {
    case "apply":
        // Signatures and checksums are checked here, before apply() recovers, journals or writes anything.
        let policy = TrustedKeys.policy(in: agent.fs, requireSignature: requireSignature)
        for warning in policy.warnings { agent.log(warning) }
        let loaded = try bundles.isEmpty ? LoadedBundle.installed(in: agent.fs, policy: policy)
            : bundles.map { try LoadedBundle.load($0, policy: policy) }
        let report = try agent.apply(loaded, dryRun: dryRun)
        if dryRun {
            print("dry run: \(report.changed.count) to write, \(report.removed.count) to remove")
            for path in report.changed { print("  write   \(path)") }
            for path in report.removed { print("  remove  \(path)") }
            for path in report.drift { print("  drift   \(path)") }
            for action in report.actions { print("  run     \(action)") }
        } else if report.status == "noop" {
            print("up to date: generation \(report.generation.prefix(12))")
        } else {
            print("applied generation \(report.generation.prefix(12)): \(report.changed.count) written, \(report.removed.count) removed"
                  + (report.rebootRequired ? "; reboot required" : ""))
        }
    case "status":
        let state = try agent.store.state()
        print("generation: \(state.generation.isEmpty ? "none applied" : String(state.generation.prefix(12)))")
        for (name, digest) in state.bundles.sorted(by: { $0.key < $1.key }) { print("bundle: \(name) \(digest.prefix(12))") }
        if let report = try agent.store.report() {
            print("last result: \(report.status)" + (report.error.map { " (\($0))" } ?? "") + (report.rebootRequired ? ", reboot required" : ""))
        }
        let drift = agent.drift(state)
        print(drift.isEmpty ? "drift: none" : "drift: " + drift.joined(separator: ", "))
    case "verify":
        let drift = agent.drift(try agent.store.state())
        for path in drift { print("changed on the device: \(path)") }
        exit(drift.isEmpty ? 0 : 1)
    default:
        let report = try agent.rollback()
        print("rolled back to generation \(report.generation.isEmpty ? "none" : String(report.generation.prefix(12)))")
    }
} catch {
    fail("\(error)", code: 1)
}
