import Foundation

/// Checks an output path given with `-o` before anything is written: an empty path, `/`, a system directory,
/// the home directory, or a directory holding the current one are refused by name. A shell variable that expanded
/// to nothing (`-o "$OUT/"` with OUT unset) must never become a build over `/`.
public enum OutputPath {
    /// Directories no build may write into or replace, whatever they hold.
    public static let systemDirectories: Set<String> = [
        "/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/libx32", "/media", "/mnt", "/opt",
        "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var", "/usr/bin", "/usr/lib", "/usr/lib64",
        "/usr/libexec", "/usr/local", "/usr/local/bin", "/usr/local/lib", "/usr/sbin", "/usr/share", "/usr/src",
        "/var/lib",
        "/var/log", "/var/tmp", "/var/cache", "/var/spool", "/var/lib/nodeprofile", "/usr/lib/nodeprofile",
        "/etc/nodeprofile",
    ]

    /// The path as an absolute, standardized path with symlinks in its existing parents resolved, or the reason it is refused.
    public static func resolve(_ path: String, option: String = "-o") -> Result<String, OutputError> {
        guard !path.isEmpty else {
            return .failure(
                OutputError(
                    "\(option) \"\": error: the output path is empty (did a shell variable expand to nothing?); refusing"
                ))
        }
        let current = FileManager.default.currentDirectoryPath
        let absolute = path.hasPrefix("/") ? path : current + "/" + path
        let standardized = standardize(absolute)
        // Resolve symlinks in the parent (the output itself is checked with lstat where it is replaced).
        let parent = (standardized as NSString).deletingLastPathComponent
        let name = (standardized as NSString).lastPathComponent
        let resolvedParent = realPath(parent) ?? parent
        let resolved = standardized == "/" ? "/" : standardize(resolvedParent + "/" + name)
        for candidate in [standardized, resolved] {
            if candidate == "/" {
                return .failure(
                    OutputError(
                        "\(path): error: the output directory is / (did a shell variable expand to nothing?); refusing")
                )
            }
            if systemDirectories.contains(candidate) {
                return .failure(
                    OutputError(
                        "\(path): error: \(candidate) is a system directory; refusing to write the output there (give a new directory, such as ./out)"
                    ))
            }
            if let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty, standardize(home) == candidate {
                return .failure(
                    OutputError(
                        "\(path): error: \(candidate) is your home directory; refusing to write the output there (give a new directory, such as ./out)"
                    ))
            }
        }
        let here = realPath(current) ?? current
        if here == resolved || here.hasPrefix(resolved + "/") {
            return .failure(
                OutputError(
                    "\(path): error: the output directory is the current directory or holds it; give a new directory, such as ./out"
                ))
        }
        return .success(resolved)
    }

    /// Removes `.` and `..` components, doubled and trailing slashes (textually).
    public static func standardize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// realpath(3) of the longest existing prefix of `path`, with the rest appended; nil when nothing resolves.
    public static func realPath(_ path: String) -> String? {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let parent = (path as NSString).deletingLastPathComponent
        guard parent != path, let base = realPath(parent) else { return nil }
        return standardize(base + "/" + (path as NSString).lastPathComponent)
    }
}

/// Why an output path or directory was refused: one line, printed as is.
public struct OutputError: Error, CustomStringConvertible {
    /// The message, `PATH: error: REASON`.
    public var description: String
    /// An error with the message `description`.
    public init(_ description: String) { self.description = description }
}
