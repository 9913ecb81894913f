import Glibc
import NodeProfileManifest

/// The few whole-path operations the agent does on host paths (state directories, keys.d, bundle lists, /proc and
/// /sys), with POSIX calls: what Foundation's FileManager did for it. Device paths under a root go through `RootFS`.
public enum HostFiles {
    /// The names in a directory (no `.` or `..`), unsorted; nil when it cannot be opened.
    public static func names(in path: String) -> [String]? {
        names(of: open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC))
    }

    /// The names in the open directory `descriptor` (closed on return; -1 gives nil), from its start, unsorted.
    static func names(of descriptor: Int32) -> [String]? {
        guard descriptor >= 0 else { return nil }
        guard let directory = fdopendir(descriptor) else {
            close(descriptor)
            return nil
        }
        defer { closedir(directory) }
        rewinddir(directory)
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// A small text file (such as /proc/net/route or a /sys attribute) as UTF-8, or nil when it cannot be read or is not text.
    public static func text(_ path: String) -> String? {
        guard case .success(let bytes) = RegularFile.read(path, limit: 1 << 20) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// True when something (file, link, directory) is at the path.
    public static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Removes a file, or a directory with everything in it; symlinks are removed, never followed. A missing path is fine.
    public static func removeTree(_ path: String) throws {
        try removeTree(path, in: AT_FDCWD, shown: path)
    }

    /// Removes `name` in the open directory `parent` (AT_FDCWD: a path), a file or a directory with everything in it;
    /// symlinks are removed, never followed, and a missing name is fine. Messages name it `shown`.
    static func removeTree(_ name: String, in parent: Int32, shown path: String) throws {
        let descriptor = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if descriptor < 0 {
            guard errno == ENOTDIR || errno == ELOOP else {
                if errno == ENOENT { return }
                throw AgentError.io("cannot open \(path) to remove it", errno)
            }
            guard unlinkat(parent, name, 0) == 0 || errno == ENOENT else {
                throw AgentError.io("cannot remove \(path)", errno)
            }
            return
        }
        try removeContents(of: descriptor, path)
        guard unlinkat(parent, name, AT_REMOVEDIR) == 0 || errno == ENOENT else {
            throw AgentError.io("cannot remove \(path)", errno)
        }
    }

    /// Empties the open directory `descriptor` (closed on return), depth first.
    private static func removeContents(of descriptor: Int32, _ path: String) throws {
        guard let directory = fdopendir(descriptor) else {
            close(descriptor)
            throw AgentError.io("cannot read \(path) to remove it", errno)
        }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
            }
            if name == "." || name == ".." { continue }
            let child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if child >= 0 {
                try removeContents(of: child, "\(path)/\(name)")
                guard unlinkat(descriptor, name, AT_REMOVEDIR) == 0 else {
                    throw AgentError.io("cannot remove \(path)/\(name)", errno)
                }
            } else {
                guard unlinkat(descriptor, name, 0) == 0 || errno == ENOENT else {
                    throw AgentError.io("cannot remove \(path)/\(name)", errno)
                }
            }
        }
    }
}

/// Writing to the agent's standard error: one write(2) per message, unbuffered, as the log and errors need.
public enum StandardError {
    /// Writes `text` whole (retrying short writes).
    public static func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}

/// The process environment as a dictionary (what `ProcessInfo.processInfo.environment` gave).
public enum Environment {
    /// Every `NAME=VALUE` of the environment; the first of a repeated name wins.
    public static var variables: [String: String] {
        var variables: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry).utf8
            if let equals = text.firstIndex(of: 0x3D) {
                let name = String(decoding: text[..<equals], as: UTF8.self)
                if variables[name] == nil {
                    variables[name] = String(decoding: text[text.index(after: equals)...], as: UTF8.self)
                }
            }
            cursor += 1
        }
        return variables
    }
}
