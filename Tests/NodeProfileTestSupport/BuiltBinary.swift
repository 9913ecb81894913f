import Foundation
import Testing

/// Runs the built executables as a user would, capturing what they print and how they exit.
public enum BuiltBinary {
    /// The directory holding the built products (beside the test bundle).
    public static let productsDirectory: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        var directory = bundle.deletingLastPathComponent()
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        return directory
    }()

    /// The repository root, where the binaries run.
    public static var repository: URL { Repository.root }

    /// What a run produced.
    public struct Run: Sendable {
        /// The exit status, or the number of the signal that ended it.
        public var status: Int32
        /// Standard output as UTF-8 text.
        public var stdout: String
        /// Standard error as UTF-8 text.
        public var stderr: String
        /// Standard output as bytes, for programs that print binary (openssl's DER).
        public var standardOutput: Data
    }

    /// The path of a product, or a recorded failure saying how to build it.
    public static func path(_ product: String) throws -> String {
        let url = productsDirectory.appendingPathComponent(product)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            Issue.record("\(url.path) is missing: run `swift build` (make test does) before the CLI tests")
            throw CancellationError()
        }
        return url.path
    }

    /// Runs `product` with `arguments` in the repository root.
    public static func run(
        _ arguments: [String], product: String = "nodeprofile", environment: [String: String] = [:],
        stdin: String? = nil
    ) throws -> Run {
        try execute(path(product), arguments, environment: environment, stdin: stdin)
    }

    /// Starts a program that daemonizes (`--detach`) and waits for its foreground part, with posix_spawn and
    /// waitpid: Foundation's Process can miss the exit of a parent whose child lives on. Output goes to /dev/null,
    /// since a daemon keeps inherited pipes open.
    public static func startDaemon(_ executable: String, _ arguments: [String], environment: [String: String] = [:])
        throws -> Int32
    {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            posix_spawn_file_actions_addopen(
                &actions, descriptor, "/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0)
        }
        // Nothing else open in the test process reaches the daemon: it would hold, for as long as it lives, a file
        // another test thread was writing at that moment, and executing that file then fails with ETXTBSY ("Text
        // file busy", seen from rpm's scriptlet shell while OVS's daemons started beside it).
        guard let closeFrom = closeFromAction, closeFrom(&actions, 3) == 0 else {
            throw POSIXError(.ENOSYS)
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        // Test threads block signals; without this the daemon would inherit a mask that ignores SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        var defaults = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// glibc's posix_spawn_file_actions_addclosefrom_np (2.34), which Swift's Glibc module does not declare.
    static let closeFromAction: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(
            symbol,
            to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Runs any executable and waits for it, in the repository root or in `directory`.
    public static func execute(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        stdin: String? = nil, timeoutSeconds: Int = 120, directory: URL? = nil
    ) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? repository
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        // Builds holding a secret are reproducible only with a seed for their secret-file key; tests that compare two
        // builds rely on it. `SecretTests` runs without one (an empty value) to show that the key is random then.
        env["NODEPROFILE_SECRET_SEED"] = "nodeprofile-tests"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // A hung tool must fail its test, not stall the suite: kill it after a generous limit.
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(timeoutSeconds), execute: watchdog)
        defer { watchdog.cancel() }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a chatty child cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL {
            Issue.record(
                "\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeoutSeconds) s and was killed"
            )
        }
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), standardOutput: outData)
    }

    /// Writes `text` to a fresh temporary file with the given name and returns its path.
    public static func temporaryFile(_ name: String, _ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "nodeprofile-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
