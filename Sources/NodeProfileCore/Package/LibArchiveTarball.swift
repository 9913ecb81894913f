import CArchive
import Foundation

/// The tarball written by libarchive (pax_restricted, gzip level 6), for entries that need what only it writes: pax
/// extended headers. libarchive.so.13 (Debian's libarchive13, RHEL's libarchive) is opened on first use.
enum LibArchiveTarball {
    /// libarchive's writer functions.
    private struct LibArchive {
        let writeNew: nodeprofile_archive_write_new
        let writeFree: nodeprofile_archive_write_free
        let setFormatPaxRestricted: nodeprofile_archive_write_set_format_pax_restricted
        let addFilterGzip: nodeprofile_archive_write_add_filter_gzip
        let setOptions: nodeprofile_archive_write_set_options
        let setBytesInLastBlock: nodeprofile_archive_write_set_bytes_in_last_block
        let open: nodeprofile_archive_write_open2
        let errorString: nodeprofile_archive_error_string
        let writeHeader: nodeprofile_archive_write_header
        let writeData: nodeprofile_archive_write_data
        let close: nodeprofile_archive_write_close
        let entryNew: nodeprofile_archive_entry_new
        let entryFree: nodeprofile_archive_entry_free
        let setPathname: nodeprofile_archive_entry_set_pathname
        let setFiletype: nodeprofile_archive_entry_set_filetype
        let setPerm: nodeprofile_archive_entry_set_perm
        let setSize: nodeprofile_archive_entry_set_size
        let setUID: nodeprofile_archive_entry_set_uid
        let setGID: nodeprofile_archive_entry_set_gid
        let setUname: nodeprofile_archive_entry_set_uname
        let setGname: nodeprofile_archive_entry_set_gname
        let setMtime: nodeprofile_archive_entry_set_mtime

        init() throws(SharedLibrary.Failure) {
            let library = try SharedLibrary("libarchive.so.13", packages: "libarchive13 on Debian, libarchive on RHEL")
            writeNew = try library.function("archive_write_new")
            writeFree = try library.function("archive_write_free")
            setFormatPaxRestricted = try library.function("archive_write_set_format_pax_restricted")
            addFilterGzip = try library.function("archive_write_add_filter_gzip")
            setOptions = try library.function("archive_write_set_options")
            setBytesInLastBlock = try library.function("archive_write_set_bytes_in_last_block")
            open = try library.function("archive_write_open2")
            errorString = try library.function("archive_error_string")
            writeHeader = try library.function("archive_write_header")
            writeData = try library.function("archive_write_data")
            close = try library.function("archive_write_close")
            entryNew = try library.function("archive_entry_new")
            entryFree = try library.function("archive_entry_free")
            setPathname = try library.function("archive_entry_set_pathname")
            setFiletype = try library.function("archive_entry_set_filetype")
            setPerm = try library.function("archive_entry_set_perm")
            setSize = try library.function("archive_entry_set_size")
            setUID = try library.function("archive_entry_set_uid")
            setGID = try library.function("archive_entry_set_gid")
            setUname = try library.function("archive_entry_set_uname")
            setGname = try library.function("archive_entry_set_gname")
            setMtime = try library.function("archive_entry_set_mtime")
        }
    }

    private static let library = Result { () throws(SharedLibrary.Failure) in try LibArchive() }

    /// The archive of `entries`, already sorted and with their parent directories.
    static func gzip(_ entries: [Tarball.Entry], mtime: Int) throws -> [UInt8] {
        let lib: LibArchive
        switch library {
        case .success(let loaded): lib = loaded
        case .failure(let failure): throw Tarball.Failure(description: "libarchive: \(failure)")
        }
        let sink = Sink()
        guard let archive = lib.writeNew() else { throw Tarball.Failure(description: "libarchive: out of memory") }
        // Freeing an archive that was not closed (after an error) flushes it into the sink: the sink must outlive it.
        defer {
            _ = lib.writeFree(archive)
            withExtendedLifetime(sink) {}
        }
        func check(_ status: Int32, _ what: String) throws {
            if status != ARCHIVE_OK {
                throw Tarball.Failure(
                    description:
                        "libarchive \(what): \(lib.errorString(archive).map { String(cString: $0) } ?? "error \(status)")"
                )
            }
        }
        try check(lib.setFormatPaxRestricted(archive), "format")
        try check(lib.addFilterGzip(archive), "gzip")
        try check(lib.setOptions(archive, "gzip:!timestamp,gzip:compression-level=\(GzipMember.level)"), "options")
        // Without this libarchive pads the gzip stream with zeros to a 10 KiB block: a 3 KiB tarball became 10 KiB.
        try check(lib.setBytesInLastBlock(archive, 1), "block size")
        let context = Unmanaged.passUnretained(sink).toOpaque()
        try check(
            lib.open(
                archive, context, nil,
                { _, context, buffer, length in
                    guard let context, let buffer else { return -1 }
                    let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
                    sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
                    return length
                }, nil, nil), "open")
        for item in entries {
            guard let header = lib.entryNew() else { throw Tarball.Failure(description: "libarchive: out of memory") }
            defer { lib.entryFree(header) }
            lib.setPathname(header, item.path)
            lib.setFiletype(header, UInt32(item.isDirectory ? CArchive.S_IFDIR : CArchive.S_IFREG))
            lib.setPerm(header, mode_t(item.isDirectory ? 0o755 : item.mode))
            lib.setSize(header, la_int64_t(item.bytes.count))
            lib.setUID(header, 0)
            lib.setGID(header, 0)
            lib.setUname(header, "root")
            lib.setGname(header, "root")
            lib.setMtime(header, time_t(mtime), 0)
            try check(lib.writeHeader(archive, header), "header for \(item.path)")
            if !item.bytes.isEmpty {
                let written = item.bytes.withUnsafeBytes { lib.writeData(archive, $0.baseAddress, $0.count) }
                if written != item.bytes.count { try check(ARCHIVE_FATAL, "data for \(item.path)") }
            }
        }
        try check(lib.close(archive), "close")
        return sink.bytes
    }

    private final class Sink {
        var bytes: [UInt8] = []
    }
}
