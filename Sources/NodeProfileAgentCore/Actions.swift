import Glibc
import NodeProfileManifest

/// Turns manifest actions into commands, in the manifest's order of kinds, and checks what they leave behind.
public struct ActionRunner: Sendable {
    /// Runs the commands: the system's programs, or a fake in tests.
    public var runner: any CommandRunner
    /// The root being applied. The commands name its files by device path, so the agent runs them only on "/".
    public var fs: RootFS

    /// A runner of actions for the root `fs` that runs commands with `runner`.
    public init(runner: any CommandRunner, fs: RootFS) {
        self.runner = runner
        self.fs = fs
    }

    /// The commands for an action; empty for actions that only record something. Units are restarted with
    /// --no-block: at boot the agent runs before them, and waiting for a job ordered after itself would deadlock.
    /// NetworkManager is only asked to reload or activate when it runs; at boot it reads the keyfiles when it starts.
    public func commands(for action: Action, removed: Set<String>) -> [[String]] {
        switch action.kind {
        case .daemonReload: return [["systemctl", "daemon-reload"]]
        case .sysctl:
            guard let file = action.target else { return [] }
            return removed.contains(file) ? [] : [["sysctl", "-q", "-p", file]]
        case .nftReplace:
            guard let file = action.target else { return [] }
            return removed.contains(file)
                ? [["nft", "delete", "table"] + SharedNames.nftTable] : [["nft", "-f", file]]
        case .networkManagerReload:
            return isActive("NetworkManager.service")
                ? [["nmcli", "general", "reload"], ["nmcli", "connection", "reload"]] : []
        case .networkManagerActivate:
            guard let target = action.target, isActive("NetworkManager.service") else { return [] }
            return [["nmcli", "--wait", "60", "connection", "up", target]]
        case .ovsSettings: return [["systemctl", "restart", "--no-block", "nodeprofile-ovs-init.service"]]
        case .restart:
            guard let target = action.target else { return [] }
            // Open vSwitch on a running system is restarted to its end before NetworkManager is asked for anything.
            let wait = Self.openVSwitchUnits.contains(target) && isActive("NetworkManager.service")
            return [["systemctl", "try-restart"] + (wait ? [] : ["--no-block"]) + [target]]
        case .rebootRequired: return []
        }
    }

    /// Open vSwitch's units, in the order they are restarted: restarting ovsdb-server restarts ovs-vswitchd too, and
    /// `systemctl try-restart ovs-vswitchd.service` after it waits for that. A restart under an active br-ex breaks
    /// NetworkManager's OVSDB connection.
    static let openVSwitchUnits = ["ovsdb-server.service", "ovs-vswitchd.service", "openvswitch.service"]

    /// The order actions run in: by kind, except that restarts of Open vSwitch come before NetworkManager is
    /// reloaded or activates anything, so nothing restarts OVS under a br-ex it has just brought up.
    public static func ordered(_ actions: [Action]) -> [Action] {
        func rank(_ action: Action) -> Int {
            if action.kind == .restart, let index = openVSwitchUnits.firstIndex(of: action.target ?? "") {
                return Action.Kind.allCases.firstIndex(of: .networkManagerReload)! * 10 - 5 + index
            }
            return Action.Kind.allCases.firstIndex(of: action.kind)! * 10
        }
        return Set(actions).sorted { rank($0) != rank($1) ? rank($0) < rank($1) : $0 < $1 }
    }

    /// True when NetworkManager has activated `connection`, waiting (up to `seconds`) while it is activating it.
    /// After a reload NetworkManager autoconnects our profiles; a second `connection up` in the middle of that
    /// restarts the activation, and an OVS interface restarted so can wait for its link forever (seen in the lab).
    func activated(_ connection: String, seconds: Int = 60) -> Bool {
        for _ in 0..<(seconds * 2) {
            let state = runner.run(["nmcli", "-g", "GENERAL.STATE", "connection", "show", connection]).output
                .trimmingWhitespace()
            if state != "activating" { return state == "activated" }
            usleep(500_000)
        }
        return false
    }

    /// True when systemd reports the unit active.
    func isActive(_ unit: String) -> Bool { runner.run(["systemctl", "is-active", "--quiet", unit]).status == 0 }

    /// Runs the actions in order; the first failing command stops the run with its output. `reactivate` names the
    /// connections whose settings this run changed on an existing profile: one NetworkManager already has active runs
    /// the old settings until it is activated again, so it is, once any activation in progress has finished.
    public func run(
        _ actions: [Action], removed: Set<String>, reactivate: Set<String> = [], log: (String) -> Void
    ) throws -> [String] {
        var ran: [String] = []
        for action in Self.ordered(actions) {
            if action.kind == .networkManagerActivate, let target = action.target, isActive("NetworkManager.service"),
                activated(target)
            {
                guard reactivate.contains(target) else {
                    log("NetworkManager has activated \(target)")
                    continue
                }
                log("\(target) is active with its old settings; activating it again")
            }
            for command in commands(for: action, removed: removed) {
                let result = runner.run(command)
                ran.append(command.joined(separator: " "))
                if result.status != 0 {
                    let output = result.output.trimmingWhitespace()
                    throw AgentError.action(
                        "\(command.joined(separator: " ")) failed (exit \(result.status))\(output.isEmpty ? "" : ": \(output)")"
                    )
                }
                log("ran: \(command.joined(separator: " "))")
            }
        }
        return ran
    }
}
