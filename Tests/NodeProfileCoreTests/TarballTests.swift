import NodeProfileTestSupport
import Testing

@testable import NodeProfileCore

/// The tarball writer: plain ustar entries are written by nodeprofile and deflated with zlib, anything needing a pax
/// extended header by libarchive; either way the bytes must be libarchive's, as earlier releases wrote them.
@Suite("Tarball")
struct TarballTests {
    static let top = "nodeprofile-store-00001-2.0.0"

    /// A bundle's usual entries, with paths of every length around ustar's 100-byte name and its prefix split.
    static var bundleEntries: [Tarball.Entry] {
        var entries = [
            Tarball.Entry(path: "\(top)/manifest.json", mode: 0o644, bytes: Array("{\"files\": []}\n".utf8)),
            Tarball.Entry(
                path: "\(top)/root/etc/NetworkManager/system-connections/ovs-if-br-ex.nmconnection", mode: 0o600,
                bytes: Array(repeating: Array("[connection]\nid=ovs-if-br-ex\n".utf8), count: 40).flatMap { $0 }),
            Tarball.Entry(path: "\(top)/root/usr/lib/systemd/system/empty.conf", mode: 0o644, bytes: []),
        ]
        for length in 95...110 {
            let stem = "\(top)/root/etc/"
            entries.append(
                Tarball.Entry(
                    path: stem + String(repeating: "x", count: length - stem.count), mode: 0o644, bytes: [UInt8(length)]
                ))
        }
        return entries
    }

    @Test("a bundle's entries are written without libarchive, in libarchive's bytes")
    func ustarMatchesLibArchive() throws {
        let entries = Self.bundleEntries
        #expect(USTAR.stream(Tarball.withParents(entries), mtime: 946_684_800) != nil, "every entry fits plain ustar")
        #expect(
            try Tarball.gzip(entries, mtime: 946_684_800) == Tarball.gzipWithLibArchive(entries, mtime: 946_684_800))
    }

    @Test("a file larger than deflate's window and one of several blocks compress as libarchive compresses them")
    func largeFile() throws {
        var generator = SplitMix64(seed: 7)
        let alphabet = Array("abcdefghij \n".utf8)
        let bytes = (0..<100_000).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
        let entries = [Tarball.Entry(path: "\(Self.top)/root/etc/large", mode: 0o644, bytes: bytes)]
        #expect(try Tarball.gzip(entries, mtime: 0) == Tarball.gzipWithLibArchive(entries, mtime: 0))
    }

    @Test(
        "entries ustar cannot hold go to libarchive, with its pax headers or its error",
        arguments: [
            // no prefix of 155 bytes or less
            String(repeating: "d", count: 160) + "/" + String(repeating: "f", count: 20),
            "\(top)/root/etc/" + String(repeating: "f", count: 120), // a name longer than 100 bytes after the last '/'
            "\(top)/root/etc/caf\u{E9}.conf", // not ASCII
        ])
    func paxEntries(_ path: String) throws {
        let entries = [Tarball.Entry(path: path, mode: 0o644, bytes: Array("x\n".utf8))]
        #expect(USTAR.stream(Tarball.withParents(entries), mtime: 0) == nil)
        let ours = Result { try Tarball.gzip(entries, mtime: 0) }
        let theirs = Result { try Tarball.gzipWithLibArchive(entries, mtime: 0) }
        switch (ours, theirs) {
        case (.success(let bytes), .success(let expected)): #expect(bytes == expected && bytes.count > 20)
        case (.failure(let error), .failure(let expected)): #expect("\(error)" == "\(expected)")
        default: Issue.record("gzip gave \(ours), libarchive \(theirs)")
        }
    }

    @Test(
        "times from 0 to 2^31 - 2 fit ustar; before 1970 or from 2^31 - 1 on, libarchive writes a pax header",
        arguments: [(0, true), (0x7FFF_FFFE, true), (-1, false), (0x7FFF_FFFF, false), (0o100000000000, false)])
    func times(_ mtime: Int, _ plain: Bool) throws {
        let entries = [Tarball.Entry(path: "\(Self.top)/manifest.json", mode: 0o644, bytes: [])]
        #expect((USTAR.stream(Tarball.withParents(entries), mtime: mtime) != nil) == plain)
        #expect(try Tarball.gzip(entries, mtime: mtime) == Tarball.gzipWithLibArchive(entries, mtime: mtime))
    }

    @Test("ustar's split of a long path: the first '/' that leaves a name of at most 100 bytes")
    func split() throws {
        let path = Array(
            (String(repeating: "a", count: 60) + "/" + String(repeating: "b", count: 50) + "/"
                + String(repeating: "c", count: 40)).utf8)
        let (prefix, name) = try #require(USTAR.split(path))
        #expect(prefix.count == 60)
        #expect(name.count == 91)
    }
}
