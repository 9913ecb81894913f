import Foundation
import NodeProfileManifest

/// The filesystem the agent changes, seen from a root directory ("/" on a device, a scratch tree in tests).
/// Writes are atomic (temp file, fsync, mode, owner, rename, fsync of the directory) and never follow symlinks.
public struct RootFS: Sendable {
    /// The root directory, without a trailing slash ("" for "/").
    public let root: String

    public init(root: String) {
        var trimmed = root
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed
    }

    /// The host path of a device path.
    public func host(_ path: String) -> String { root + path }

    /// The bytes at a device path, or nil when there is no regular file there.
    public func read(_ path: String) -> [UInt8]? {
        let descriptor = open(host(path), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return bytes
    }

    /// Permission bits of the file at a device path, or nil.
    public func mode(_ path: String) -> Int? {
        var status = stat()
        guard lstat(host(path), &status) == 0 else { return nil }
        return Int(status.st_mode & 0o7777)
    }

    /// True when something (file, link, directory) is at the path.
    public func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(host(path), &status) == 0
    }

    /// Writes `bytes` atomically with `mode`, owned by root, creating parent directories (0755).
    public func write(_ path: String, _ bytes: [UInt8], mode: Int) throws {
        let target = host(path)
        let directory = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        let temporary = "\(directory)/.nodeprofile-\(getpid())-\((target as NSString).lastPathComponent)"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(mode))
        guard descriptor >= 0 else { throw AgentError.io("cannot create \(temporary)", errno) }
        var ok = false
        defer {
            close(descriptor)
            if !ok { unlink(temporary) }
        }
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                guard written > 0 else { throw AgentError.io("cannot write \(temporary)", errno) }
                offset += written
            }
        }
        guard fchmod(descriptor, mode_t(mode)) == 0 else { throw AgentError.io("cannot set the mode of \(temporary)", errno) }
        if geteuid() == 0 { _ = fchown(descriptor, 0, 0) }
        guard fsync(descriptor) == 0 else { throw AgentError.io("cannot sync \(temporary)", errno) }
        guard rename(temporary, target) == 0 else { throw AgentError.io("cannot rename onto \(target)", errno) }
        ok = true
        syncDirectory(directory)
    }

    /// Removes the file at a device path (a missing file is fine).
    public func remove(_ path: String) throws {
        if unlink(host(path)) != 0 && errno != ENOENT { throw AgentError.io("cannot remove \(host(path))", errno) }
        syncDirectory((host(path) as NSString).deletingLastPathComponent)
    }

    private func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
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

    public var description: String {
        switch self {
        case .io(let what, let code): "\(what): \(String(cString: strerror(code)))"
        case .bundle(let message), .fact(let message), .action(let message), .verification(let message): message
        }
    }
}
