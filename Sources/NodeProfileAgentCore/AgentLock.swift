import Glibc
import NodeProfileManifest

/// One agent at a time: an exclusive flock(2) on ROOT/var/lib/nodeprofile/lock, held for apply, rollback and
/// recovery. A second run waits up to a bounded time, then gives up with a message naming the holder. The lock goes
/// with the process: a crashed or killed agent never leaves it held.
public final class AgentLock: @unchecked Sendable {
    /// The lock file, as a device path.
    public static let path = StateStore.directory + "/lock"
    /// How long a second run waits by default: longer than an apply that resolves facts with retries takes.
    public static let defaultTimeout: Double = 90

    private var descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Takes the lock, polling every 50 ms for up to `timeout` seconds; `waiting` is told once when another run holds it.
    public static func acquire(in fs: RootFS, timeout: Double = defaultTimeout, waiting: (String) -> Void = { _ in })
        throws -> AgentLock
    {
        let descriptor = try fs.withParent(of: path, create: true) { directory, name in
            openat(directory, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o600)
        }
        guard descriptor >= 0 else { throw AgentError.io("cannot open the lock \(fs.host(path))", errno) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw AgentError.state("\(fs.host(path)) is not a regular file; move it aside")
        }
        let deadline = Self.now() + timeout
        var told = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let code = errno
                close(descriptor)
                throw AgentError.io("cannot lock \(fs.host(path))", code)
            }
            let holder = Self.holder(descriptor)
            if !told {
                waiting(
                    "another nodeprofile-agent\(holder) is running; waiting up to \(Int(timeout)) s for it to finish")
                told = true
            }
            guard Self.now() < deadline else {
                close(descriptor)
                throw AgentError.busy(
                    "another nodeprofile-agent\(holder) still holds \(fs.host(path)) after \(Int(timeout)) s; "
                        + "nothing was changed: run again when it has finished")
            }
            usleep(50_000)
        }
        // Record the holder for the message a waiting run prints.
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return AgentLock(descriptor: descriptor)
    }

    /// " (pid N)" from the lock file, or nothing.
    private static func holder(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0, let pid = Int(String(decoding: buffer[0..<count], as: UTF8.self).trimmingWhitespace()) else {
            return ""
        }
        return " (pid \(pid))"
    }

    /// Seconds on the monotonic clock: a deadline that a change of the wall clock (NTP at boot) cannot move.
    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Releases the lock (also released when the process exits).
    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
