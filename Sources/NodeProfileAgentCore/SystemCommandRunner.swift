import Glibc

/// Runs commands on the device. Injected so ordering and failure paths can be tested with a fake.
public protocol CommandRunner: Sendable {
    /// Runs a command; returns its exit status and combined output.
    func run(_ command: [String]) -> (status: Int32, output: String)
}

/// Runs real commands with posix_spawn(3), found in the usual system directories, as Foundation's `Process` ran them:
/// the agent's environment, stdin from /dev/null, stdout and stderr together into one pipe read to its end, no other
/// descriptor inherited, the child in a process group of its own. The status is the exit status, or the number of the
/// signal that killed it; 127 when the command is not found, 126 when it cannot be started. No time limit: each command
/// the agent runs bounds itself (`nmcli --wait 60`, `systemctl --no-block`), and systemd bounds the whole unit.
public struct SystemCommandRunner: CommandRunner {
    /// Where commands are looked for, in order.
    public var searchPath: [String]

    /// A runner that looks commands up in `searchPath`.
    public init(searchPath: [String] = ["/usr/bin", "/usr/sbin", "/bin", "/sbin"]) { self.searchPath = searchPath }

    /// Runs `command` (a program name looked up in `searchPath`, then its arguments; never empty) and waits for
    /// it: its status as the type describes, and stdout and stderr together as text.
    public func run(_ command: [String]) -> (status: Int32, output: String) {
        let name = command[0]
        let candidates: [String] = searchPath.map { "\($0)/\(name)" }
        guard let path = candidates.first(where: { access($0, X_OK) == 0 }) else { return (127, "\(name): not found") }
        var pipe: [Int32] = [-1, -1]
        guard systemPipe2(&pipe, O_CLOEXEC) == 0 else {
            return (126, "\(name): cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        defer { close(pipe[0]) }
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        // In order: stdin, stdout and stderr first, then every other descriptor closed (the pipe's own ends included).
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], STDERR_FILENO)
        systemAddClosefrom(&actions, 3)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        var arguments = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, &arguments, environ)
        close(pipe[1])
        guard spawned == 0 else { return (126, "\(name): \(String(cString: strerror(spawned)))") }
        let output = Self.readAll(pipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // As in <sys/wait.h>: the low seven bits are the signal that ended it, else the exit status is above them.
        let signal = status & 0x7F
        return (signal == 0 ? (status >> 8) & 0xFF : signal, String(decoding: output, as: UTF8.self))
    }

    /// Everything written to the descriptor until every writer has closed it.
    static func readAll(_ descriptor: Int32) -> [UInt8] {
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return output }
            output += buffer[0..<count]
        }
    }
}

/// glibc's pipe2(2) and posix_spawn_file_actions_addclosefrom_np(3) (2.34), which Swift's Glibc module leaves out
/// (declared under _GNU_SOURCE only).
@_silgen_name("pipe2")
private func systemPipe2(_ descriptors: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32

@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
@discardableResult
private func systemAddClosefrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32
