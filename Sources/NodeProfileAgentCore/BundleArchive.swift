import CZlib
import Glibc
import NodeProfileManifest

/// A bundle's tarball as `nodeprofile build` and `package` write it (`nodeprofile-NAME-VERSION.tar.gz`: one top
/// folder holding manifest.json, manifest.json.sig when signed, and root/), or a fleet image's (`package FLEET`:
/// `nodeprofile-FLEET-VERSION.tar`, plain tar, holding fleet.index and the packed objects), unpacked into a private directory so
/// `apply --bundle FILE` and `verify --bundle FILE` read it as they read a bundle directory. Only directories and
/// regular files are taken, at plain relative paths inside the top folder: a link, a device, `..` or a second top
/// folder is refused, so nothing is ever written outside the directory.
public enum BundleArchive {
    /// The largest tarball read, and the largest it may inflate to.
    public static let limit = 256 << 20

    /// True when `path` names a regular file (not a bundle directory).
    public static func isArchive(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    /// Unpacks the tarball at `path` into a new directory under `parent` (mode 0700) and returns it; the caller
    /// removes it. Fails, removing what it wrote, with what is wrong with the file.
    public static func unpack(_ path: String, into parent: String) throws -> String {
        let compressed: [UInt8]
        switch RegularFile.read(path, limit: limit) {
        case .success(let bytes): compressed = bytes
        case .failure(let failure): throw AgentError.bundle("\(path): \(failure)")
        }
        // A fleet image's tarball is plain tar (the RPM compresses its payload); a bundle's is gzip'd.
        let tar =
            compressed.starts(with: [0x1f, 0x8b]) || !isTar(compressed) ? try inflate(compressed, path) : compressed
        var template = Array((parent + "/nodeprofile-bundle-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw AgentError.io("cannot create a directory in \(parent)", errno)
        }
        let directory = String(cString: made)
        do {
            try extract(tar, into: RootFS(root: directory), path)
        } catch {
            try? HostFiles.removeTree(directory)
            throw error
        }
        return directory
    }

    /// True when `bytes` begin with a ustar header (POSIX and GNU tar both write the magic at byte 257).
    static func isTar(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 512 && Array(bytes[257..<262]) == Array("ustar".utf8)
    }

    /// The files a bundle (manifest.json, its signature, root/) or a fleet image (fleet.index, its signature, the
    /// packed objects) holds at its top.
    static let topFiles: Set<String> = [
        "manifest.json", "manifest.json.sig", FleetIndex.fileName, FleetIndex.signatureFileName,
        ObjectPack.tableFileName, ObjectPack.packFileName, ObjectPack.secretPackFileName,
    ]

    /// The gzip member inflated, or an error saying the file is not a gzip'd tarball.
    static func inflate(_ bytes: [UInt8], _ path: String) throws -> [UInt8] {
        var stream = z_stream()
        guard nodeprofile_inflateInit2(&stream, 15 + 16) == Z_OK else {
            throw AgentError.bundle("\(path): zlib failed")
        }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = bytes
        var status = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    out += buffer[0..<(buffer.count - Int(stream.avail_out))]
                }
            } while status == Z_OK && out.count <= limit
        }
        guard status == Z_STREAM_END else {
            throw AgentError.bundle(
                "\(path): not a bundle tarball (\(out.count > limit ? "larger than 256 MiB unpacked" : "not gzip data"))"
            )
        }
        return out
    }

    /// Writes the tarball's directories and regular files below `fs`, stripping the top folder.
    static func extract(_ tar: [UInt8], into fs: RootFS, _ path: String) throws {
        var offset = 0
        var top: String?
        var longName: String?
        while offset + 512 <= tar.count {
            let base = offset
            let header = tar[base..<base + 512]
            if header.allSatisfy({ $0 == 0 }) { return }
            func field(_ start: Int, _ length: Int) -> String {
                let bytes = header[base + start..<base + start + length].prefix { $0 != 0 }
                return String(decoding: bytes, as: UTF8.self)
            }
            guard let size = Int(field(124, 12).trimmingWhitespace(), radix: 8) else {
                throw AgentError.bundle("\(path): not a bundle tarball (a header at byte \(offset) has no size)")
            }
            let type = header[base + 156]
            guard size >= 0, size <= tar.count else { throw AgentError.bundle("\(path): the tarball is cut short") }
            let body = Array(tar[min(base + 512, tar.count)..<min(base + 512 + size, tar.count)])
            guard body.count == size else { throw AgentError.bundle("\(path): the tarball is cut short") }
            offset += 512 + (size + 511) / 512 * 512
            let prefix = field(345, 155)
            let name = longName ?? (prefix.isEmpty ? field(0, 100) : prefix + "/" + field(0, 100))
            longName = nil
            switch type {
            case UInt8(ascii: "x"):
                longName = paxPath(body)
                continue
            case UInt8(ascii: "g"):
                continue
            case UInt8(ascii: "0"), 0, UInt8(ascii: "5"):
                break
            default:
                throw AgentError.bundle(
                    "\(path): \(name) is not a file or a directory; a bundle tarball holds only those")
            }
            let parts = name.split(separator: "/").map(String.init)
            guard let first = parts.first, !parts.contains(".."), !parts.contains("."), !name.hasPrefix("/"),
                top == nil || top == first
            else { throw AgentError.bundle("\(path): \(name) is outside the bundle's one top folder") }
            top = first
            let inner = parts.dropFirst()
            guard !inner.isEmpty else { continue }
            guard inner.first == "root" || (inner.count == 1 && topFiles.contains(inner.first!)) else {
                throw AgentError.bundle(
                    "\(path): \(name) is not part of a bundle (manifest.json, its signature, root/) or a fleet image "
                        + "(fleet.index, its signature, objects.idx, objects.pack, secrets.pack)")
            }
            if type != UInt8(ascii: "5") {
                try fs.write("/" + inner.joined(separator: "/"), body, mode: 0o600, durable: false)
            }
        }
        throw AgentError.bundle("\(path): the tarball has no end marker")
    }

    /// The `path` record of a pax extended header, if it has one.
    static func paxPath(_ body: [UInt8]) -> String? {
        var index = 0
        while index < body.count {
            guard let space = body[index...].firstIndex(of: 0x20),
                let length = Int(String(decoding: body[index..<space], as: UTF8.self)),
                length > 0, index + length <= body.count
            else { return nil }
            let record = String(decoding: body[(space + 1)..<(index + length - 1)], as: UTF8.self)
            if record.hasPrefix("path=") { return String(record.dropFirst(5)) }
            index += length
        }
        return nil
    }
}
