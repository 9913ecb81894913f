import Glibc
import NodeProfileManifest

/// The filesystem the agent changes, seen from a root directory ("/" on a device, a scratch tree in tests).
/// Writes are atomic (temp file, mode, owner, rename; fsync of the file and directory, or one `syncAll()` per batch)
/// and never follow symlinks (RootFS+Directories walks to each directory).
public struct RootFS: Sendable {
    /// The root directory, without a trailing slash ("" for "/").
    public let root: String
    /// The directories kept open for the run (`keepingDirectories`); nil walks from the root each time.
    var handles: DirectoryHandles?

    /// The filesystem under `root`; trailing slashes are dropped, so "/" becomes "".
    public init(root: String) {
        var trimmed = root
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed
    }

    /// The host path of a device path.
    public func host(_ path: String) -> String { root + path }

    /// The largest file the agent reads from a root or a bundle (manifests, bundle files, state, keys).
    public static let readLimit = 16 << 20

    /// The bytes at a device path, or nil when there is no regular file of at most `readLimit` bytes there.
    public func read(_ path: String) -> [UInt8]? { try? readFile(path).get() }

    /// The bytes at a device path, or why they were not read: only a regular file is read (a FIFO, a device or a
    /// symlink is refused without blocking), and only up to `limit` bytes.
    public func readFile(_ path: String, limit: Int = RootFS.readLimit) -> Result<[UInt8], RegularFile.Failure> {
        do {
            return try withParent(of: path, create: false) { directory, name in
                RegularFile.read(name, in: directory, limit: limit, followSymlinks: false)
            }
        } catch AgentError.io(_, ENOENT) {
            return .failure(.missing)
        } catch {
            return .failure(.unreadable("\(error)"))
        }
    }

    /// Permission bits of the file at a device path, or nil.
    public func mode(_ path: String) -> Int? {
        status(path).map { Int($0.st_mode & 0o7777) }
    }

    /// What is at the path when it is not a regular file ("a symlink to TARGET", "a directory", "a FIFO or a device"),
    /// or nil for a regular file or nothing.
    public func notRegular(_ path: String) -> String? {
        guard let status = status(path) else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFLNK:
            var buffer = [CChar](repeating: 0, count: 4096)
            let count = readlink(host(path), &buffer, buffer.count - 1)
            let target =
                count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
            return "a symlink to \(target)"
        case S_IFDIR: return "a directory"
        default: return "a FIFO, a socket or a device"
        }
    }

    /// True when something (file, link, directory) is at the path.
    public func exists(_ path: String) -> Bool { status(path) != nil }

    /// Writes `bytes` atomically with `mode`, owned by root, creating parent directories (0755). With `durable`
    /// false the file and its directory are not synced: the caller calls `syncAll()` once for a whole batch.
    public func write(_ path: String, _ bytes: [UInt8], mode: Int, durable: Bool = true) throws {
        try withParent(of: path, create: true) { directory, name in
            try write(bytes, mode: mode, durable: durable, to: name, in: directory, path)
        }
    }

    private func write(
        _ bytes: [UInt8], mode: Int, durable: Bool, to name: String, in directory: Int32, _ path: String
    ) throws {
        let temporary = ".nodeprofile-\(getpid())-\(name)"
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        var descriptor = openat(directory, temporary, flags, mode_t(mode))
        if descriptor < 0 && errno == EEXIST {
            // Left by a crashed run of the same process id: never written through, replaced.
            unlinkat(directory, temporary, 0)
            descriptor = openat(directory, temporary, flags, mode_t(mode))
        }
        guard descriptor >= 0 else { throw AgentError.io("cannot create a temporary file beside \(host(path))", errno) }
        var ok = false
        defer {
            close(descriptor)
            if !ok { unlinkat(directory, temporary, 0) }
        }
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                guard written > 0 else { throw AgentError.io("cannot write beside \(host(path))", errno) }
                offset += written
            }
        }
        guard fchmod(descriptor, mode_t(mode)) == 0 else {
            throw AgentError.io("cannot set the mode for \(host(path))", errno)
        }
        if geteuid() == 0 { _ = fchown(descriptor, 0, 0) }
        if durable { guard fsync(descriptor) == 0 else { throw AgentError.io("cannot sync \(host(path))", errno) } }
        // rename(2) replaces a symlink at the target itself rather than following it.
        guard renameat(directory, temporary, directory, name) == 0 else {
            throw AgentError.io("cannot rename onto \(host(path))", errno)
        }
        ok = true
        if durable { fsync(directory) }
    }

    /// Flushes every write on the root's filesystem to disk (syncfs(2)): one barrier for a batch of writes made
    /// with `durable: false`, instead of two fsyncs per file.
    public func syncAll() throws {
        try withRoot { descriptor in
            guard systemSyncfs(descriptor) == 0 else {
                throw AgentError.io("cannot sync the filesystem of \(root.isEmpty ? "/" : root)", errno)
            }
        }
    }

    /// Removes the file at a device path (a missing file or directory is fine).
    public func remove(_ path: String, durable: Bool = true) throws {
        do {
            try withParent(of: path, create: false) { directory, name in
                if unlinkat(directory, name, 0) != 0 && errno != ENOENT {
                    throw AgentError.io("cannot remove \(host(path))", errno)
                }
                if durable { fsync(directory) }
            }
        } catch AgentError.io(_, ENOENT) {
            return
        }
    }

}

/// What can go wrong while applying, in words for the journal and the report.
public enum AgentError: Error, CustomStringConvertible, Sendable {
    case io(String, Int32)
    case bundle(String)
    case fact(String)
    case action(String)
    case verification(String)
    case state(String)
    /// Another agent holds the lock (exit status 75).
    case busy(String)

    /// The message for the user; for `io`, what failed and the system's error text.
    public var description: String {
        switch self {
        case .io(let what, let code): "\(what): \(String(cString: strerror(code)))"
        case .bundle(let message), .fact(let message), .action(let message), .verification(let message),
            .state(let message),
            .busy(let message):
            message
        }
    }
}

/// glibc's syncfs(2), which Swift's Glibc module leaves out (it is declared under _GNU_SOURCE only).
@_silgen_name("syncfs")
private func systemSyncfs(_ descriptor: Int32) -> Int32
