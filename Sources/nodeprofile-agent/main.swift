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

// A root that is not there is a mistyped path, never a tree to start: nothing is read or written under it.
if options.root != "/" {
    var status = stat()
    if stat(options.root, &status) != 0 || (status.st_mode & S_IFMT) != S_IFDIR {
        fail("--root \(options.root): no such directory; give the root of the device tree", code: 1)
    }
}

var agent = Agent(
    root: options.root, facts: FactResolver(source: options.factSource, overrides: options.facts),
    deployment: HealthOutput.deployment(options))
agent.confirm.timeout = options.confirmTimeout
#if NODEPROFILE_TEST_HOOKS
    agent.takeTestHooks(from: environment)
#endif

do {
    switch command {
    case "apply":
        let report = try ApplyCommand(agent: agent, options: options.apply).run()
        AgentOutput.printApply(report, dryRun: options.dryRun)
    case "status":
        try AgentOutput.printStatus(agent, json: options.json)
    case "verify":
        exit(
            options.health
                ? HealthOutput.verify(agent, wait: options.wait ?? 0, redBoot: options.redBoot)
                : try VerifyBundles.with(
                    options.bundles, agent: agent, requirement: options.signatureRequirement,
                    identityFrom: options.identityFrom
                ) { bundles in try AgentOutput.printVerify(agent, bundles: bundles) })
    default:
        let lock = try agent.lock(timeout: options.lockTimeout)
        defer { lock.release() }
        let report = try agent.rollback()
        print(
            "rolled back to generation \(report.generation.isEmpty ? "none" : String(report.generation.prefix(12))): "
                + "\(report.changed.count) files restored as the last apply found them; the next apply (at the next boot) "
                + "installs the bundles again")
        for path in report.drift {
            print("  hand edit back: \(path) (it was edited on the device before the last apply replaced it)")
        }
    }
} catch AgentError.busy(let message) {
    // A run that waited too long for the lock records nothing (result.json belongs to the run holding it).
    fail(message, code: 75)
} catch {
    fail("\(error)", code: 1)
}
