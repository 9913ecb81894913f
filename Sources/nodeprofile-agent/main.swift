import Glibc
import NodeProfileAgentCore
import NodeProfileManifest
import NodeProfileSigning

// nodeprofile-agent: applies node profile bundles at boot. Commands, options and exit codes are in AgentHelp.

func fail(_ message: String, code: Int32) -> Never {
    StandardError.write("nodeprofile-agent: \(message)\n")
    exit(code)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else { fail("a command is required\n\n" + AgentHelp.usage, code: 64) }
arguments.removeFirst()
if command == "--version" {
    print("nodeprofile-agent \(NodeProfileVersion.current) (manifest format \(BundleManifest.currentFormat))")
    exit(0)
}
if ["--help", "-h", "help"].contains(command) {
    print(arguments.first.map(AgentHelp.text(for:)) ?? AgentHelp.usage, terminator: "")
    exit(0)
}
if arguments.contains("--help") || arguments.contains("-h"), AgentOptions.allowed[command] != nil {
    print(AgentHelp.text(for: command), terminator: "")
    exit(0)
}
let options: AgentOptions
let environment = Environment.variables
switch AgentOptions.parse(command, arguments, environment: environment) {
case .success(let parsed): options = parsed
case .failure(let usage): fail(usage.message + "\n\n" + usage.help, code: 64)
}

let agent = Agent(
    root: options.root, facts: FactResolver(source: options.factSource, overrides: options.facts),
    crashAfter: environment["NODEPROFILE_AGENT_CRASH_AFTER"], deployment: HealthOutput.deployment(options))

/// Takes the agent's lock for apply and rollback; a run that waited too long exits 75 and records nothing
/// (result.json belongs to the run holding the lock).
func locked() -> AgentLock {
    do {
        let lock = try AgentLock.acquire(in: agent.fs, timeout: options.lockTimeout, waiting: agent.log)
        // Test-only: hold the lock this long before working, so tests can start a second agent against it.
        if let hold = environment["NODEPROFILE_AGENT_HOLD_LOCK_MS"].flatMap(UInt32.init) { usleep(hold * 1000) }
        return lock
    } catch AgentError.busy(let message) {
        fail(message, code: 75)
    } catch {
        fail("\(error)", code: 1)
    }
}

do {
    switch command {
    case "apply":
        let lock = options.dryRun ? nil : locked()
        defer { lock?.release() }
        let loaded: [LoadedBundle]
        // Signatures and checksums are checked here, before apply() recovers, journals or writes anything.
        let policy = TrustedKeys.policy(in: agent.fs, required: options.signatureRequirement)
        for warning in policy.warnings { agent.log(warning) }
        let directories = options.bundles.isEmpty ? LoadedBundle.installedDirectories(in: agent.fs) : options.bundles
        // Nothing changed since the last no-op: the same checks, without decoding manifest.json and state.json.
        if !options.dryRun && !options.removeAll, let report = agent.quickNoop(directories: directories, policy: policy)
        {
            AgentOutput.printApply(report, dryRun: false)
            break
        }
        do {
            loaded = try directories.map { try LoadedBundle.load($0, policy: policy) }
            try BundleSet.check(loaded, options: options, fs: agent.fs)
        } catch {
            if !options.dryRun { agent.recordFailure(error, step: "load") }
            throw error
        }
        let report = try agent.apply(loaded, dryRun: options.dryRun)
        AgentOutput.printApply(report, dryRun: options.dryRun)
    case "status":
        try AgentOutput.printStatus(agent, json: options.json)
    case "verify":
        exit(
            options.health
                ? HealthOutput.verify(agent, wait: options.wait ?? 0, redBoot: options.redBoot)
                : try AgentOutput.printVerify(agent))
    default:
        let lock = locked()
        defer { lock.release() }
        let report = try agent.rollback()
        print(
            "rolled back to generation \(report.generation.isEmpty ? "none" : String(report.generation.prefix(12))): "
                + "\(report.changed.count) files restored; the next apply (at the next boot) installs the bundles again"
        )
    }
} catch {
    fail("\(error)", code: 1)
}
