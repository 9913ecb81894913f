import Foundation

@testable import NodeProfileAgentCore

/// A running system as far as the confirm window sees it: NetworkManager running or not, its checkpoint calls, a
/// gateway that answers ping or not, and a hook that runs at the first ping (inside the window).
final class NetworkRunner: CommandRunner, @unchecked Sendable {
    private let lock = NSLock()
    private var commands: [String] = []
    var networkManagerRuns = true
    var gatewayAnswers = true
    /// Addresses whose pings go unanswered, whatever `gatewayAnswers` says.
    var silent: Set<String> = []
    /// What `nmcli -g GENERAL.STATE connection show` answers ("": not active).
    var connectionState = ""
    var atFirstPing: (() -> Void)?

    var ran: [String] { lock.withLock { commands } }

    func run(_ command: [String]) -> (status: Int32, output: String) {
        let line = command.joined(separator: " ")
        lock.withLock { commands.append(line) }
        if line == "systemctl is-active --quiet NetworkManager.service" { return (networkManagerRuns ? 0 : 3, "") }
        if line.contains(" CheckpointCreate ") { return (0, "o \"/org/freedesktop/NetworkManager/Checkpoint/7\"\n") }
        if line.contains(" CheckpointRollback ") {
            return (0, "a{su} 1 \"/org/freedesktop/NetworkManager/Devices/3\" 0\n")
        }
        if line.contains("GENERAL.STATE") { return (0, connectionState) }
        if command.first == "ping" {
            if let hook = atFirstPing {
                atFirstPing = nil
                hook()
            }
            return gatewayAnswers && !silent.contains(command.last ?? "") ? (0, "") : (1, "")
        }
        return (0, "")
    }

    /// The index of the first command containing `text`, or nil.
    func index(_ text: String) -> Int? { ran.firstIndex { $0.contains(text) } }
}

/// A monotonic clock that only moves when the agent sleeps.
final class StoppedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 1000.0
    var now: Double { lock.withLock { seconds } }
    func sleep(_ interval: Double) { lock.withLock { seconds += interval } }
}
