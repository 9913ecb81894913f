/// A reproducible tar.gz: entries sorted, owned by root (0:0), one fixed mtime, no gzip timestamp or name, so the same
/// files always give the same bytes.
///
/// The bytes are libarchive's (pax_restricted, gzip level 6), as every earlier release wrote them. Entries that fit a
/// plain ustar header, which is every entry of a bundle with ASCII paths, are written here and deflated with zlib;
/// a tarball with an entry that needs a pax extended header (a path that cannot be split into ustar's prefix and
/// name, a byte outside ASCII, an mtime ustar cannot hold) is written by libarchive itself (`LibArchiveTarball`).
/// A test holds the two to the same bytes.
public enum Tarball {
    /// One file to archive: a path relative to the archive root, its mode and bytes.
    public struct Entry: Sendable {
        /// The path inside the archive, relative to its root.
        public var path: String
        /// The permission bits.
        public var mode: Int
        /// The file's content.
        public var bytes: [UInt8]
        /// A file entry.
        public init(path: String, mode: Int, bytes: [UInt8]) {
            self.path = path
            self.mode = mode
            self.bytes = bytes
        }

        /// A directory entry (mode 0755, no bytes).
        static func directory(_ path: String) -> Entry { Entry(path: path, mode: -1, bytes: []) }

        var isDirectory: Bool { mode < 0 }
    }

    /// Why the archive could not be written.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// The archive bytes. Parent directories get their own entries (0755), so extraction needs no umask luck.
    public static func gzip(_ entries: [Entry], mtime: Int) throws -> [UInt8] {
        let all = withParents(entries)
        if let stream = USTAR.stream(all, mtime: mtime) { return try GzipMember.compress(stream) }
        return try LibArchiveTarball.gzip(all, mtime: mtime)
    }

    /// The archive uncompressed (plain ustar), for a fleet image's Source0: its RPM compresses the payload anyway, and
    /// gzip's compress and rpmbuild's decompress of 150 MB cost more than the disk does.
    public static func plain(_ entries: [Entry], mtime: Int) throws -> [UInt8] {
        guard let stream = USTAR.stream(withParents(entries), mtime: mtime) else {
            throw Failure(description: "an entry does not fit a plain ustar header")
        }
        return stream
    }

    /// The same archive as libarchive writes it, whatever the entries: what `gzip` is tested against.
    static func gzipWithLibArchive(_ entries: [Entry], mtime: Int) throws -> [UInt8] {
        try LibArchiveTarball.gzip(withParents(entries), mtime: mtime)
    }

    /// The entries and every parent directory of theirs, sorted by path.
    static func withParents(_ entries: [Entry]) -> [Entry] {
        var directories = Set<String>()
        for entry in entries {
            let path = entry.path.utf8
            var end = path.endIndex
            // Each parent, from the nearest up; the first one already seen has its own parents in the set too.
            while let slash = path[..<end].lastIndex(of: UInt8(ascii: "/")), slash != path.startIndex {
                if !directories.insert(String(entry.path[..<slash])).inserted { break }
                end = slash
            }
        }
        return (directories.map(Entry.directory) + entries).sorted { $0.path < $1.path }
    }
}

/// The tar stream of entries that all fit plain ustar headers, byte for byte as libarchive's pax_restricted writer
/// makes it: octal fields zero-padded with its terminators, directories named with a trailing '/', data padded to
/// 512 bytes, two zero blocks at the end.
enum USTAR {
    static let block = 512

    /// The stream, or nil when some entry needs a pax extended header.
    static func stream(_ entries: [Tarball.Entry], mtime: Int) -> [UInt8]? {
        // libarchive's pax writer gives times outside 0 ..< 2^31 - 1 a pax header (32-bit readers), ustar's field aside.
        guard mtime >= 0, mtime < 0x7FFF_FFFF else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(entries.reduce(2 * block) { $0 + block + ($1.bytes.count + block - 1) / block * block })
        for entry in entries {
            guard entry.bytes.count < 0o77777777777, append(header: entry, mtime: mtime, to: &out) else { return nil }
            out.append(contentsOf: entry.bytes)
            out.append(contentsOf: repeatElement(0, count: (block - entry.bytes.count % block) % block))
        }
        out.append(contentsOf: repeatElement(0, count: 2 * block))
        return out
    }

    /// Appends the entry's 512-byte header; false (appending nothing) when its path does not fit ustar.
    private static func append(header entry: Tarball.Entry, mtime: Int, to out: inout [UInt8]) -> Bool {
        var path = Array(entry.path.utf8)
        if entry.isDirectory, path.last != UInt8(ascii: "/") { path.append(UInt8(ascii: "/")) }
        guard !path.isEmpty, path.allSatisfy({ $0 != 0 && $0 < 0x80 }), let (prefix, name) = split(path) else {
            return false
        }
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: block))
        out.withUnsafeMutableBufferPointer { buffer in
            let header = UnsafeMutableBufferPointer(rebasing: buffer[start..<start + block])
            func put(_ bytes: some Collection<UInt8>, at offset: Int) {
                _ = UnsafeMutableBufferPointer(rebasing: header[offset..<offset + bytes.count]).initialize(from: bytes)
            }
            /// `value` in octal, zero-padded to `digits`, then the terminator bytes.
            func octal(_ value: Int, digits: Int, at offset: Int, then terminator: [UInt8]) {
                var rest = value
                for index in stride(from: offset + digits - 1, through: offset, by: -1) {
                    header[index] = UInt8(ascii: "0") + UInt8(rest & 7)
                    rest >>= 3
                }
                put(terminator, at: offset + digits)
            }
            put(name, at: 0)
            octal(entry.isDirectory ? 0o755 : entry.mode & 0o7777, digits: 6, at: 100, then: [0x20, 0])
            octal(0, digits: 6, at: 108, then: [0x20, 0]) // uid
            octal(0, digits: 6, at: 116, then: [0x20, 0]) // gid
            octal(entry.bytes.count, digits: 11, at: 124, then: [0x20])
            octal(mtime, digits: 11, at: 136, then: [0x20])
            put(repeatElement(0x20, count: 8), at: 148) // the checksum counts its own field as spaces
            header[156] = UInt8(ascii: entry.isDirectory ? "5" : "0")
            put("ustar\u{0}00".utf8, at: 257)
            put("root".utf8, at: 265) // uname
            put("root".utf8, at: 297) // gname
            octal(0, digits: 6, at: 329, then: [0x20, 0]) // devmajor
            octal(0, digits: 6, at: 337, then: [0x20, 0]) // devminor
            put(prefix, at: 345)
            octal(header.reduce(0) { $0 + Int($1) }, digits: 6, at: 148, then: [0, 0x20])
        }
        return true
    }

    /// The path as ustar's prefix (at most 155 bytes) and name (at most 100), split at a '/' the way libarchive splits
    /// it; nil when it cannot be.
    static func split(_ path: [UInt8]) -> (prefix: ArraySlice<UInt8>, name: ArraySlice<UInt8>)? {
        if path.count <= 100 { return (path[0..<0], path[...]) }
        let slash = UInt8(ascii: "/")
        // The first '/' from the last 101 bytes on, but never the first byte: ustar has no empty prefix.
        guard var separator = path[(path.count - 101)...].firstIndex(of: slash) else { return nil }
        if separator == 0 {
            guard let next = path[1...].firstIndex(of: slash) else { return nil }
            separator = next
        }
        guard separator + 1 < path.count, separator <= 155 else { return nil }
        return (path[..<separator], path[(separator + 1)...])
    }
}
