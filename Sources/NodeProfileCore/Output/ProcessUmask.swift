import Foundation
import NodeProfileManifest

/// The process's umask, to skip the chmod after a create when the umask left the mode whole: a chmod to the same
/// mode still changes the inode, one more metadata write for the disk's journal per file and directory.
public enum ProcessUmask {
    /// The umask from /proc/self/status, read once; nil when it cannot be read (then every mode is set explicitly).
    /// umask(2) reads it only by setting it, which would race the files a fleet's threads create.
    public static let current: mode_t? = {
        guard case .success(let bytes) = RegularFile.read("/proc/self/status", limit: 64 << 10) else { return nil }
        for line in bytes.split(separator: UInt8(ascii: "\n")) where line.starts(with: Array("Umask:".utf8)) {
            let digits = line.dropFirst(6).filter { $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: " ") }
            return mode_t(String(decoding: digits, as: UTF8.self), radix: 8)
        }
        return nil
    }()

    /// True when a file created with `mode` may have lost bits to the umask, so its mode must be set after creation.
    public static func narrows(_ mode: mode_t) -> Bool {
        guard let mask = current else { return true }
        return mode & mask != 0
    }
}
