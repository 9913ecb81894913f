import Glibc
import NodeProfileManifest

/// The filesystem the agent changes, seen from a root directory ("/" on a device, a scratch tree in tests).
/// Writes are atomic (temp file, mode, owner, rename; fsync of the file and directory, or one `syncAll()` per batch)
/// and never follow symlinks.
public struct RootFS: Sendable {
    /// The root directory, without a trailing slash ("" for "/").
    public let root: String
    /// The directories kept open for a batch of writes (`keepingDirectories`); nil walks from the root each time.
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
        let parent: (directory: Int32, name: String)
        do {
            parent = try openParent(of: path, create: false)
        } catch AgentError.io(_, ENOENT) {
            return .failure(.missing)
        } catch {
            return .failure(.unreadable("\(error)"))
        }
        defer { close(parent.directory) }
        return RegularFile.read(parent.name, in: parent.directory, limit: limit, followSymlinks: false)
    }

    /// Permission bits of the file at a device path, or nil.
    public func mode(_ path: String) -> Int? {
        var status = stat()
        guard lstat(host(path), &status) == 0 else { return nil }
        return Int(status.st_mode & 0o7777)
    }

    /// What is at the path when it is not a regular file ("a symlink to TARGET", "a directory", "a FIFO or a device"),
    /// or nil for a regular file or nothing.
    public func notRegular(_ path: String) -> String? {
        var status = stat()
        guard lstat(host(path), &status) == 0 else { return nil }
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
    public func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(host(path), &status) == 0
    }

    /// Opens the directory holding a device path, walking from the root one component at a time with
    /// O_NOFOLLOW and creating missing directories (0755): a symlink planted anywhere on the way is refused,
    /// so nothing is ever written outside the root. The caller closes the descriptor.
    func openParent(of path: String, create: Bool) throws -> (directory: Int32, name: String) {
        // Split on bytes: a path is bytes to the kernel, and Character splitting is costly on every read.
        let components = path.utf8.split(separator: 0x2F).map { String(decoding: $0, as: UTF8.self) }
        guard let name = components.last, !components.contains(where: { $0 == ".." || $0 == "." }) else {
            throw AgentError.bundle("\(path) is not a plain absolute path")
        }
        let parentPath = components.dropLast().map { "/" + $0 }.joined()
        if let kept = handles?.duplicate(parentPath) { return (kept, name) }
        var current = open(root.isEmpty ? "/" : root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard current >= 0 else { throw AgentError.io("cannot open the root \(root)", errno) }
        var walked = ""
        for component in components.dropLast() {
            walked += "/" + component
            var next = openat(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 && errno == ENOENT && create {
                if mkdirat(current, component, 0o755) != 0 && errno != EEXIST {
                    close(current)
                    throw AgentError.io("cannot create \(component) on the way to \(host(path))", errno)
                }
                next = openat(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            let failure = errno
            close(current)
            guard next >= 0 else {
                if failure == ELOOP || failure == ENOTDIR {
                    throw AgentError.bundle(
                        "cannot write \(path): \(host(walked)) is a symlink or a file, and the agent writes only through "
                            + "real directories (so nothing lands outside the root); make it a directory, then apply again"
                    )
                }
                throw AgentError.io("cannot open \(component) on the way to \(host(path))", failure)
            }
            current = next
        }
        handles?.keep(parentPath, current)
        return (current, name)
    }

    /// Runs `body` with a copy of this filesystem that keeps each directory it walks to open until `body` returns,
    /// so a batch of writes opens each path from the root once. `body` must remove or rename no directory.
    func keepingDirectories<T>(_ body: (RootFS) throws -> T) rethrows -> T {
        var kept = self
        let handles = DirectoryHandles()
        kept.handles = handles
        defer { handles.closeAll() }
        return try body(kept)
    }

    /// Writes `bytes` atomically with `mode`, owned by root, creating parent directories (0755). With `durable`
    /// false the file and its directory are not synced: the caller calls `syncAll()` once for a whole batch.
    public func write(_ path: String, _ bytes: [UInt8], mode: Int, durable: Bool = true) throws {
        let (directory, name) = try openParent(of: path, create: true)
        defer { close(directory) }
        let temporary = ".nodeprofile-\(getpid())-\(name)"
        unlinkat(directory, temporary, 0)
        let descriptor = openat(
            directory, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(mode))
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
        let descriptor = open(root.isEmpty ? "/" : root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw AgentError.io("cannot open \(root.isEmpty ? "/" : root) to sync it", errno) }
        defer { close(descriptor) }
        guard systemSyncfs(descriptor) == 0 else {
            throw AgentError.io("cannot sync the filesystem of \(root.isEmpty ? "/" : root)", errno)
        }
    }

    /// Removes the file at a device path (a missing file or directory is fine).
    public func remove(_ path: String, durable: Bool = true) throws {
        let parent: (directory: Int32, name: String)
        do {
            parent = try openParent(of: path, create: false)
        } catch AgentError.io(_, ENOENT) {
            return
        }
        defer { close(parent.directory) }
        if unlinkat(parent.directory, parent.name, 0) != 0 && errno != ENOENT {
            throw AgentError.io("cannot remove \(host(path))", errno)
        }
        if durable { fsync(parent.directory) }
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
