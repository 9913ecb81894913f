import CArchive
import Foundation

/// A reproducible tar.gz written with libarchive: entries sorted, owned by root (0:0), one fixed mtime,
/// no gzip timestamp or name, so the same files always give the same bytes.
public enum Tarball {
    /// One file to archive: a path relative to the archive root, its mode and bytes.
    public struct Entry: Sendable {
        public var path: String
        public var mode: Int
        public var bytes: [UInt8]
        public init(path: String, mode: Int, bytes: [UInt8]) {
            self.path = path
            self.mode = mode
            self.bytes = bytes
        }
    }

    /// Why libarchive could not write the archive.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The archive bytes. Parent directories get their own entries (0755), so extraction needs no umask luck.
    public static func gzip(_ entries: [Entry], mtime: Int) throws -> [UInt8] {
        guard let archive = archive_write_new() else { throw Failure(description: "libarchive: out of memory") }
        defer { archive_write_free(archive) }
        func check(_ status: Int32, _ what: String) throws {
            if status != ARCHIVE_OK {
                throw Failure(description: "libarchive \(what): \(archive_error_string(archive).map { String(cString: $0) } ?? "error \(status)")")
            }
        }
        try check(archive_write_set_format_pax_restricted(archive), "format")
        try check(archive_write_add_filter_gzip(archive), "gzip")
        // Level 6 (gzip's default): level 9 took three times as long for a few bytes less on these small text files.
        try check(archive_write_set_options(archive, "gzip:!timestamp,gzip:compression-level=6"), "options")
        // Without this libarchive pads the gzip stream with zeros to a 10 KiB block: a 3 KiB tarball became 10 KiB.
        try check(archive_write_set_bytes_in_last_block(archive, 1), "block size")
        let sink = Sink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        try check(archive_write_open2(archive, context, nil, { _, context, buffer, length in
            guard let context, let buffer else { return -1 }
            let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
            return length
        }, nil, nil), "open")

        var directories = Set<String>()
        for entry in entries {
            var parent = Substring(entry.path)
            while let slash = parent.lastIndex(of: "/"), slash != parent.startIndex {
                parent = parent[..<slash]
                if !directories.insert(String(parent)).inserted { break }
            }
        }
        let all = directories.map { Entry(path: $0, mode: -1, bytes: []) } + entries
        for item in all.sorted(by: { $0.path < $1.path }) {
            guard let header = archive_entry_new() else { throw Failure(description: "libarchive: out of memory") }
            defer { archive_entry_free(header) }
            archive_entry_set_pathname(header, item.path)
            let isDirectory = item.mode < 0
            archive_entry_set_filetype(header, UInt32(isDirectory ? CArchive.S_IFDIR : CArchive.S_IFREG))
            archive_entry_set_perm(header, mode_t(isDirectory ? 0o755 : item.mode))
            archive_entry_set_size(header, la_int64_t(item.bytes.count))
            archive_entry_set_uid(header, 0)
            archive_entry_set_gid(header, 0)
            archive_entry_set_uname(header, "root")
            archive_entry_set_gname(header, "root")
            archive_entry_set_mtime(header, time_t(mtime), 0)
            try check(archive_write_header(archive, header), "header for \(item.path)")
            if !item.bytes.isEmpty {
                let written = item.bytes.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
                if written != item.bytes.count { try check(ARCHIVE_FATAL, "data for \(item.path)") }
            }
        }
        try check(archive_write_close(archive), "close")
        return sink.bytes
    }

    private final class Sink {
        var bytes: [UInt8] = []
    }
}
