import Foundation
import NodeProfileManifest

/// Reads files a profile refers to (the proxy passwordFile), relative to the profile.
/// Injected so validation stays a function of its inputs: tests pass files in memory.
public protocol ResourceReader: Sendable {
    /// The bytes of `relativePath`, or why it cannot be read.
    func read(_ relativePath: String) -> Result<[UInt8], ValueError>
    /// The permission bits of `relativePath` (such as 0o644), or nil when unknown. No default: a reader that wraps
    /// another must pass them on, or the password file's mode check is silently lost.
    func permissions(_ relativePath: String) -> UInt32?
}

/// Files in memory, keyed by their path as written in the profile.
public struct InMemoryResources: ResourceReader {
    /// Path -> content.
    public var files: [String: [UInt8]]
    /// Path -> permission bits, for files that have them.
    public var modes: [String: UInt32]

    /// Resources from `files`, keyed by the path the profile writes, with the permission bits in `modes`.
    public init(_ files: [String: [UInt8]] = [:], modes: [String: UInt32] = [:]) {
        self.files = files
        self.modes = modes
    }

    /// The permission bits given for the file, if any.
    public func permissions(_ relativePath: String) -> UInt32? { modes[relativePath] }

    /// The file's bytes, or "no such file".
    public func read(_ relativePath: String) -> Result<[UInt8], ValueError> {
        files[relativePath].map(Result.success) ?? .failure(ValueError("no such file"))
    }
}

/// Files on disk, resolved against the directory of the profile.
public struct FileSystemResources: ResourceReader {
    /// The directory relative paths start from.
    public var baseDirectory: URL

    /// Resources beside the profile at `profilePath`.
    public init(profilePath: String) {
        baseDirectory = URL(fileURLWithPath: profilePath).deletingLastPathComponent()
    }

    /// The permission bits of the file the path names (after symlinks, as `read` opens it), or nil.
    public func permissions(_ relativePath: String) -> UInt32? {
        var status = stat()
        guard stat(url(relativePath).path, &status) == 0 else { return nil }
        return UInt32(status.st_mode) & 0o7777
    }

    private func url(_ relativePath: String) -> URL {
        relativePath.hasPrefix("/")
            ? URL(fileURLWithPath: relativePath) : baseDirectory.appendingPathComponent(relativePath)
    }

    /// The file's bytes (absolute paths as they are, others from the profile's directory) if it is a regular file within the size limit.
    public func read(_ relativePath: String) -> Result<[UInt8], ValueError> {
        let url = url(relativePath)
        // Only a regular file is read (a FIFO or a device would hang the build or never end), and only up to the limit.
        switch RegularFile.read(url.path, limit: ProxyPassword.maxBytes) {
        case .success(let bytes): return .success(bytes)
        case .failure(.missing): return .failure(ValueError("no such file (looked for \(url.path))"))
        case .failure(.notRegular("a directory")): return .failure(ValueError("it is a directory"))
        case .failure(.tooLarge): return .failure(ValueError("is larger than \(ProxyPassword.maxBytes) bytes"))
        case .failure(let failure): return .failure(ValueError("\(failure)"))
        }
    }
}
