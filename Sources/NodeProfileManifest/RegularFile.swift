import Glibc

/// Reads only regular files: opened with O_NONBLOCK (a FIFO or a device cannot make the open wait for a writer),
/// checked with fstat before a byte is read, and refused past a size limit. Used for profiles, password files,
/// bundles, signatures, keys and the agent's state, so no input can hang a tool or make it read without end.
public enum RegularFile {
    /// Why a file was not read, in words for the user.
    public enum Failure: Error, Equatable, CustomStringConvertible, Sendable {
        case missing
        case unreadable(String)
        case notRegular(String)
        case tooLarge(limit: Int)

        /// The reason in words, to follow the file's name in a message.
        public var description: String {
            switch self {
            case .missing: "no such file"
            case .unreadable(let reason): "cannot read the file (\(reason))"
            case .notRegular(let kind): "is \(kind), not a regular file; refusing to read it"
            case .tooLarge(let limit): "is larger than \(RegularFile.describe(limit)), the limit for this file"
            }
        }
    }

    /// Reads the file at `path` (relative to `directory` when given, an open directory descriptor) if it is a
    /// regular file of at most `limit` bytes. With `followSymlinks` false, a symlink at the last component is refused.
    public static func read(_ path: String, in directory: Int32 = AT_FDCWD, limit: Int, followSymlinks: Bool = true)
        -> Result<[UInt8], Failure>
    {
        let flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (followSymlinks ? 0 : O_NOFOLLOW)
        let descriptor = openat(directory, path, flags)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { return .failure(.missing) }
            if code == ELOOP { return .failure(.notRegular("a symlink")) }
            if code == ENXIO { return .failure(.notRegular("a socket or a FIFO with no writer")) }
            return .failure(.unreadable(String(cString: strerror(code))))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(.unreadable(String(cString: strerror(errno)))) }
        guard status.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegular(kind(of: status.st_mode))) }
        guard Int(status.st_size) <= limit else { return .failure(.tooLarge(limit: limit)) }
        // Straight into the array, one byte more than fstat says so that the end (or a file that grew) shows without
        // a second read; no zero-filled buffer and no copy (a no-op run reads about forty small files).
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: Int(status.st_size) + 1) { buffer, count in
            count = 0
            while count < buffer.count {
                let read = Glibc.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
                if read < 0 && errno == EINTR { continue }
                if read <= 0 {
                    failure = read < 0 ? errno : 0
                    break
                }
                count += read
            }
        }
        guard failure == 0 else { return .failure(.unreadable(String(cString: strerror(failure)))) }
        guard bytes.count > Int(status.st_size) else { return .success(bytes) }
        // Longer than fstat said: /proc and /sys report 0 or 4096 bytes, or the file grew while it was read.
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            guard bytes.count <= limit else { return .failure(.tooLarge(limit: limit)) }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return .failure(.unreadable(String(cString: strerror(errno)))) }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        // A file that grows while it is read is held to the same limit.
        guard bytes.count <= limit else { return .failure(.tooLarge(limit: limit)) }
        return .success(bytes)
    }

    /// The kind of a non-regular file in words.
    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFLNK: "a symlink"
        default: "not a regular file"
        }
    }

    /// "1 MiB", "64 KiB", "300 bytes".
    public static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
