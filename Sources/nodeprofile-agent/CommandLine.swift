import NodeProfileAgentCore
import NodeProfileSigning

/// The agent's command line: a command, then its options. Every command has `--help`; usage errors exit 64.
struct AgentOptions {
    var command = ""
    var root = "/"
    var bundles: [String] = []
    var dryRun = false
    var facts: [String: String] = [:]
    /// What requires signatures: `--require-signature`, else `NODEPROFILE_REQUIRE_SIGNATURE`; keys.d adds its own.
    var signatureRequirement: SignaturePolicy.Requirement?
    var removeAll = false
    var factsFromHost = false
    var json = false
    var lockTimeout = AgentLock.defaultTimeout
    /// `--confirm-timeout`: seconds a live change of the uplink's connection has to reach the gateway.
    var confirmTimeout = ConfirmSettings().timeout
    /// The ostree deployment whose state to use (`--deployment`); nil resolves the booted one on the running system.
    var deployment: String?
    var health = false
    var redBoot = false
    /// How long `verify --health` waits for the network to come up.
    var wait: Double?
    /// `--identity-from FILE`: the device identity a fleet image is matched against, instead of ROOT/sys.
    var identityFrom: String?

    /// Which options each command takes.
    static let allowed: [String: Set<String>] = [
        "apply": [
            "--root", "--bundle", "--fact", "--dry-run", "--require-signature", "--remove-all", "--facts-from-host",
            "--lock-timeout", "--deployment", "--confirm-timeout", "--identity-from",
        ],
        "status": ["--root", "--json", "--deployment"],
        "verify": [
            "--root", "--deployment", "--health", "--wait", "--red-boot", "--bundle", "--identity-from",
        ],
        "rollback": ["--root", "--lock-timeout", "--deployment"],
    ]

    /// Parses the arguments after the command name; a problem is a usage error naming the command's options.
    static func parse(_ command: String, _ arguments: [String], environment: [String: String]) -> Result<
        AgentOptions, UsageError
    > {
        var options = AgentOptions()
        options.command = command
        options.signatureRequirement = TrustedKeys.requirement(flag: false, environment: environment)
        guard let allowed = allowed[command] else {
            return .failure(UsageError("unknown command \(command)", help: AgentHelp.usage))
        }
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            guard allowed.contains(argument) else {
                return .failure(
                    UsageError("\(command): unknown argument \(argument)", help: AgentHelp.text(for: command)))
            }
            switch argument {
            case "--root", "--bundle", "--fact", "--lock-timeout", "--deployment", "--wait", "--confirm-timeout",
                "--identity-from":
                guard let value = rest.popFirst() else {
                    return .failure(
                        UsageError("\(command): \(argument) needs a value", help: AgentHelp.text(for: command)))
                }
                switch argument {
                case "--root": options.root = value
                case "--bundle": options.bundles.append(value)
                case "--identity-from": options.identityFrom = value
                case "--lock-timeout":
                    guard let seconds = Double(value), seconds >= 0, seconds <= 3600 else {
                        return .failure(
                            UsageError(
                                "\(command): --lock-timeout \(value): expected seconds from 0 to 3600",
                                help: AgentHelp.text(for: command)))
                    }
                    options.lockTimeout = seconds
                case "--confirm-timeout":
                    guard let seconds = Int(value), seconds >= 1, seconds <= 3600 else {
                        return .failure(
                            UsageError(
                                "\(command): --confirm-timeout \(value): expected whole seconds from 1 to 3600",
                                help: AgentHelp.text(for: command)))
                    }
                    options.confirmTimeout = seconds
                case "--deployment":
                    guard Deployment.isValidID(value) else {
                        return .failure(
                            UsageError(
                                "\(command): --deployment \(value): expected the deployment's CHECKSUM.SERIAL (letters, digits, '.', '_', '-')",
                                help: AgentHelp.text(for: command)))
                    }
                    options.deployment = value
                case "--wait":
                    guard let seconds = Double(value), seconds >= 0, seconds <= 3600 else {
                        return .failure(
                            UsageError(
                                "\(command): --wait \(value): expected seconds from 0 to 3600",
                                help: AgentHelp.text(for: command)))
                    }
                    options.wait = seconds
                default:
                    guard let equals = value.firstIndex(of: "="), equals != value.startIndex else {
                        return .failure(
                            UsageError(
                                "\(command): --fact \(value): expected NAME=VALUE", help: AgentHelp.text(for: command)))
                    }
                    options.facts[String(value[..<equals])] = String(value[value.index(after: equals)...])
                }
            case "--dry-run": options.dryRun = true
            case "--require-signature": options.signatureRequirement = .flag
            case "--remove-all": options.removeAll = true
            case "--facts-from-host": options.factsFromHost = true
            case "--health": options.health = true
            case "--red-boot": options.redBoot = true
            default: options.json = true
            }
        }
        if options.removeAll && !options.bundles.isEmpty {
            return .failure(
                UsageError(
                    "apply: --remove-all applies no bundle; it cannot be given with --bundle",
                    help: AgentHelp.text(for: command)))
        }
        if (options.redBoot || options.wait != nil) && !options.health {
            return .failure(
                UsageError("verify: --wait and --red-boot go with --health", help: AgentHelp.text(for: command)))
        }
        if command == "verify" && options.identityFrom != nil && options.bundles.isEmpty {
            return .failure(
                UsageError(
                    "verify: --identity-from picks a fleet image's node; it goes with --bundle",
                    help: AgentHelp.text(for: command)))
        }
        if options.root.isEmpty {
            return .failure(UsageError("\(command): --root needs a directory", help: AgentHelp.text(for: command)))
        }
        return .success(options)
    }

    /// The options of `apply`, for the use case that runs it.
    var apply: ApplyCommand.Options {
        var apply = ApplyCommand.Options()
        apply.bundles = bundles
        apply.dryRun = dryRun
        apply.removeAll = removeAll
        apply.signatureRequirement = signatureRequirement
        apply.lockTimeout = lockTimeout
        apply.identityFrom = identityFrom
        return apply
    }

    /// True when the root is the running system.
    var live: Bool { RootFS(root: root).root.isEmpty }

    /// Where facts come from: the system on the running system (or with --facts-from-host), else --fact and, when the
    /// root holds a sys/class/net tree, the interface facts that tree answers.
    var factSource: (any FactProvider)? { live || factsFromHost ? SystemFacts() : DeviceTreeFacts(root: root) }
}

/// A usage error: the message, then the help of the command.
struct UsageError: Error {
    var message: String
    var help: String
    init(_ message: String, help: String) {
        self.message = message
        self.help = help
    }
}
