import Glibc
import NodeProfileManifest

/// A fleet image's objects as the agent reads them (`ObjectPack`): each object is found by binary search over the
/// table's lines, read from the file one at a time, and read from its pack at its offset; the caller checks its
/// digest.
struct PackedObjects {
    /// The image directory.
    let image: RootFS
    /// The size of objects.idx.
    let tableSize: Int

    /// The objects of the image at `image`; an error when it has no table.
    init(_ image: RootFS) throws {
        self.image = image
        var status = stat()
        guard stat(image.host("/" + ObjectPack.tableFileName), &status) == 0 else {
            throw AgentError.io("cannot read \(image.root)/\(ObjectPack.tableFileName)", errno)
        }
        tableSize = Int(status.st_size)
    }

    /// `length` bytes at `offset` of the file `path` below the image, or nil when it is shorter.
    func read(_ path: String, offset: Int, length: Int) -> [UInt8]? {
        let descriptor = open(image.host(path), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let read = bytes.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + done, length - done, off_t(offset + done))
            }
            if read < 0 && errno == EINTR { continue }
            guard read > 0 else { return nil }
            done += read
        }
        return bytes
    }

    /// The bytes of the object `name` (`what` it is, for messages).
    func object(_ name: String, shown: String, for what: String) throws -> [UInt8] {
        let width = ObjectPack.tableLineLength
        guard FleetIndex.isDigest(name), tableSize % width == 0,
            let location = ObjectPack.find(
                name, lines: tableSize / width,
                line: { read("/" + ObjectPack.tableFileName, offset: $0 * width, length: width) })
        else {
            throw AgentError.bundle("\(shown): the image has no object \(name) (\(what))")
        }
        let pack = "/" + (location.secret ? ObjectPack.secretPackFileName : ObjectPack.packFileName)
        guard let bytes = read(pack, offset: location.offset, length: location.length) else {
            throw AgentError.bundle("\(shown)\(pack) is missing or cut short (object \(name), \(what))")
        }
        return bytes
    }
}
