import Glibc

/// Reaching directories under the root: one component at a time with O_NOFOLLOW, so that a symlink planted anywhere on
/// the way is refused and nothing is ever written outside the root; within a run (`keepingDirectories`) each directory
/// is opened once and kept.
extension RootFS {
    /// Runs `body` with a copy of this filesystem that keeps each directory it reaches open until `body` returns (one
    /// agent run): every read, stat, write and removal under the root then opens each directory once. Within a copy
    /// that keeps directories already, `body` shares its cache. Directories are removed or renamed only through
    /// `removeTree` and `move` meanwhile.
    func keepingDirectories<T>(_ body: (RootFS) throws -> T) rethrows -> T {
        if handles != nil { return try body(self) }
        var kept = self
        let handles = DirectoryHandles()
        kept.handles = handles
        defer { handles.closeAll() }
        return try body(kept)
    }

    /// Runs `body` with the directory holding a device path and the path's last component, creating missing
    /// directories (0755) when `create` is true. The descriptor is only lent to `body`.
    func withParent<T>(of path: String, create: Bool, _ body: (_ directory: Int32, _ name: String) throws -> T) throws
        -> T
    {
        // Split on bytes: a path is bytes to the kernel, and Character splitting is costly on every read.
        let components = path.utf8.split(separator: 0x2F).map { String(decoding: $0, as: UTF8.self) }
        guard let name = components.last, !components.contains(where: { $0 == ".." || $0 == "." }) else {
            throw AgentError.bundle("\(path) is not a plain absolute path")
        }
        let (directory, owned) = try openDirectory(Array(components.dropLast()), create: create, for: path)
        defer { if owned { close(directory) } }
        return try body(directory, name)
    }

    /// Runs `body` with the root directory itself.
    func withRoot<T>(_ body: (_ directory: Int32) throws -> T) throws -> T {
        let (directory, owned) = try openDirectory([], create: false, for: "/")
        defer { if owned { close(directory) } }
        return try body(directory)
    }

    /// The directory `components` below the root and whether the caller closes it (false: the run's cache holds it).
    /// Starts from the deepest directory the run holds open; a directory the run found missing is not looked for
    /// again, and below a directory it has just created, nothing is looked for before it is created.
    private func openDirectory(_ components: [String], create: Bool, for path: String) throws -> (Int32, owned: Bool) {
        var prefixes = [""]
        for component in components { prefixes.append(prefixes[prefixes.count - 1] + "/" + component) }
        var depth = 0
        var current: Int32 = -1
        if let handles {
            for candidate in stride(from: components.count, through: 0, by: -1) {
                guard let entry = handles.entry(prefixes[candidate]) else { continue }
                if case .open(let descriptor) = entry {
                    (depth, current) = (candidate, descriptor)
                    break
                }
                if !create {
                    throw AgentError.io("cannot open \(components[candidate - 1]) on the way to \(host(path))", ENOENT)
                }
            }
        }
        var owned = false
        if current < 0 {
            current = open(root.isEmpty ? "/" : root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            let failure = errno
            handles?.noteTried("", opened: current >= 0)
            guard current >= 0 else { throw AgentError.io("cannot open the root \(root)", failure) }
            owned = !(handles?.keep("", current) ?? false)
        }
        var created = false
        for (component, walked) in zip(components[depth...], prefixes[(depth + 1)...]) {
            // Below a directory just created, or one found missing before, there is nothing to open yet.
            let missing = created || handles?.entry(walked) == .missing
            var next: Int32 = -1
            var failure = ENOENT
            if !missing {
                next = openat(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                failure = errno
                handles?.noteTried(walked, opened: next >= 0)
            }
            if next < 0 && failure == ENOENT {
                if create {
                    created = mkdirat(current, component, 0o755) == 0
                    if !created && errno != EEXIST {
                        let code = errno
                        if owned { close(current) }
                        throw AgentError.io("cannot create \(component) on the way to \(host(path))", code)
                    }
                    next = openat(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    failure = errno
                    handles?.noteTried(walked, opened: next >= 0)
                } else {
                    handles?.noteMissing(walked)
                }
            }
            if owned { close(current) }
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
            owned = !(handles?.keep(walked, current) ?? false)
        }
        return (current, owned)
    }

    /// What lstat(2) says of a device path, or nil when nothing is there. Within a run, asked of the directory holding
    /// it (fstatat, the final component not followed); outside one, or when a symlink or a file stands on the way
    /// there, of the host path, as a stat always was (the same answer: no walk is worth it for one stat).
    func status(_ path: String) -> stat? {
        var status = stat()
        guard handles != nil else { return lstat(host(path), &status) == 0 ? status : nil }
        do {
            return try withParent(of: path, create: false) { directory, name in
                fstatat(directory, name, &status, AT_SYMLINK_NOFOLLOW) == 0 ? status : nil
            }
        } catch AgentError.io(_, ENOENT) {
            return nil
        } catch {
            return lstat(host(path), &status) == 0 ? status : nil
        }
    }

    /// The names in the directory at a device path (no `.` or `..`), unsorted; nil when there is none. Within a run,
    /// read through the run's descriptor of it; outside one, or when a symlink or a file stands on the way there,
    /// through the host path, as a listing always was.
    func names(in path: String) -> [String]? {
        guard handles != nil else { return HostFiles.names(in: host(path)) }
        let components = path.utf8.split(separator: 0x2F).map { String(decoding: $0, as: UTF8.self) }
        guard !components.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        do {
            let (directory, owned) = try openDirectory(components, create: false, for: path)
            defer { if owned { close(directory) } }
            // A descriptor of its own for the listing, which moves the directory's offset (the kept one is only ever
            // used with *at calls, which do not).
            return HostFiles.names(of: fcntl(directory, F_DUPFD_CLOEXEC, 0))
        } catch AgentError.io(_, ENOENT) {
            return nil
        } catch {
            return HostFiles.names(in: host(path))
        }
    }

    /// Removes the file or directory tree at a device path, never following a symlink (a missing path is fine), after
    /// the run's cache forgets every directory in it; then the cache knows it is missing.
    public func removeTree(_ path: String) throws {
        handles?.forget(under: path)
        do {
            try withParent(of: path, create: false) { directory, name in
                try HostFiles.removeTree(name, in: directory, shown: host(path))
            }
        } catch AgentError.io(_, ENOENT) {
            // No directory on the way: nothing to remove.
        }
        handles?.noteMissing(path)
    }

    /// Renames a file or directory at a device path to another (one filesystem, as rename(2)); the run's cache
    /// forgets both trees first.
    public func move(_ source: String, to destination: String) throws {
        handles?.forget(under: source)
        handles?.forget(under: destination)
        try withParent(of: source, create: false) { from, sourceName in
            try withParent(of: destination, create: false) { to, destinationName in
                guard renameat(from, sourceName, to, destinationName) == 0 else {
                    throw AgentError.io("cannot move \(host(source)) to \(host(destination))", errno)
                }
            }
        }
        handles?.noteMissing(source)
    }
}
