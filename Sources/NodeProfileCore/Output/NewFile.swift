import Foundation

/// Creates a file that must not exist yet, with its final mode from the start (a secret is never readable by others,
/// not even briefly) and without following a symlink; no fsync: callers write into staging directories they swap in.
public enum NewFile {
    /// Writes `bytes` to the new file `path` with `mode`; fails if anything is there.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws {
        try write(bytes, to: path, mode: mode, exactly: true)
    }

    /// Writes `bytes` to the new file `path` with 0666 less the umask, the mode Foundation's `Data.write` gives a
    /// file, and without its fsync (the file is in a staging directory, as every other output file is).
    public static func writeUmasked(_ bytes: [UInt8], to path: String) throws {
        try write(bytes, to: path, mode: 0o666, exactly: false)
    }

    private static func write(_ bytes: [UInt8], to path: String, mode: mode_t, exactly: Bool) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        // The umask may have narrowed the mode open(2) applied.
        if exactly, ProcessUmask.narrows(mode) {
            guard fchmod(descriptor, mode) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                guard written > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                offset += written
            }
        }
    }
}
