import NodeProfileManifest

/// A NetworkManager checkpoint of every device, taken through its D-Bus API with `busctl` (systemd's, on every
/// device the agent runs on; nmcli has no checkpoint command). NetworkManager rolls the devices and their connections
/// back to it by itself when its rollback timeout runs out, so an agent that dies before it confirms leaves the
/// network as it was.
public struct NetworkCheckpoint: Sendable, Equatable {
    /// The checkpoint's D-Bus object path, such as /org/freedesktop/NetworkManager/Checkpoint/1.
    public var path: String

    static let service = "org.freedesktop.NetworkManager"
    static let object = "/org/freedesktop/NetworkManager"
    /// NM_CHECKPOINT_CREATE_FLAG_DELETE_NEW_CONNECTIONS (0x2) | NM_CHECKPOINT_CREATE_FLAG_DISCONNECT_NEW_DEVICES (0x4):
    /// a rollback also removes connections and devices the new generation brought. Not DESTROY_ALL: another tool's
    /// checkpoint is not ours to drop; NetworkManager refuses an overlapping one, and the run fails before activating.
    static let flags = 0x6

    /// The `busctl call` of `method` on NetworkManager's main object.
    static func call(_ method: String, _ signature: String, _ arguments: [String]) -> [String] {
        ["busctl", "call", service, object, service, method, signature] + arguments
    }

    /// Takes a checkpoint of all devices that NetworkManager rolls back by itself after `rollbackTimeout` seconds.
    public static func create(runner: any CommandRunner, rollbackTimeout: Int) throws -> NetworkCheckpoint {
        let result = runner.run(call("CheckpointCreate", "aouu", ["0", String(rollbackTimeout), String(flags)]))
        // busctl prints the reply as its signature and value: `o "/org/freedesktop/NetworkManager/Checkpoint/1"`.
        let words = result.output.trimmingWhitespace().split(separator: " ", maxSplits: 1)
        guard result.status == 0, words.count == 2, words[0] == "o" else {
            throw AgentError.action(
                "NetworkManager did not take a checkpoint (busctl call \(service) CheckpointCreate: exit \(result.status)"
                    + "\(result.output.isEmpty ? "" : ", \(LiveNetwork.firstLine(result.output))"))")
        }
        return NetworkCheckpoint(path: String(words[1]).trimmingCharacters(in: "\""))
    }

    /// Makes NetworkManager roll back `seconds` from now, unless the checkpoint is destroyed first.
    public func adjust(runner: any CommandRunner, seconds: Int) throws {
        try expect(runner, Self.call("CheckpointAdjustRollbackTimeout", "ou", [path, String(seconds)]))
    }

    /// Keeps what the devices now run: the checkpoint and its timeout are dropped.
    public func destroy(runner: any CommandRunner) throws {
        try expect(runner, Self.call("CheckpointDestroy", "o", [path]))
    }

    /// Returns every device to the checkpoint. NetworkManager answers each device's result (`a{su}`: 0 done,
    /// 1 no such device, 2 unmanaged, 3 failed); a failed device is an error naming it.
    public func rollback(runner: any CommandRunner) throws {
        let output = try expect(runner, Self.call("CheckpointRollback", "o", [path]))
        let words = output.split(separator: " ").map(String.init)
        var failed: [String] = []
        var index = 2
        while index + 1 < words.count {
            if words[index + 1] == "3" { failed.append(words[index].trimmingCharacters(in: "\"")) }
            index += 2
        }
        if !failed.isEmpty {
            throw AgentError.action(
                "NetworkManager could not roll back \(failed.joined(separator: ", ")) to the checkpoint")
        }
    }

    @discardableResult
    private func expect(_ runner: any CommandRunner, _ command: [String]) throws -> String {
        let result = runner.run(command)
        guard result.status == 0 else {
            throw AgentError.action(
                "\(command[0...1].joined(separator: " ")) \(command[5]) \(path) failed (exit \(result.status))"
                    + "\(result.output.isEmpty ? "" : ": \(LiveNetwork.firstLine(result.output))")")
        }
        return result.output.trimmingWhitespace()
    }
}

extension String {
    /// The string without `character` at either end.
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text = text.dropFirst() }
        while text.last == character { text = text.dropLast() }
        return String(text)
    }
}
