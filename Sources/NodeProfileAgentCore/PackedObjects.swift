import Glibc
import NodeProfileManifest

/// A fleet image's objects as the agent reads them (`ObjectPack`): the table is read once, each object is found by
/// binary search and read from its pack at its offset; the caller checks its digest.
struct PackedObjects {
    /// The image directory.
    let image: RootFS
    /// objects.idx.
    let table: [UInt8]

    /// The objects of the image at `image`; an error when it has no readable table.
    init(_ image: RootFS) throws {
        self.image = image
        switch image.readFile("/" + ObjectPack.tableFileName, limit: 256 << 20) {
        case .success(let bytes): table = bytes
        case .failure(let failure): throw AgentError.bundle("\(image.root)/\(ObjectPack.tableFileName): \(failure)")
        }
    }

    /// The bytes of the object `name` (`what` it is, for messages).
    func object(_ name: String, shown: String, for what: String) throws -> [UInt8] {
        guard FleetIndex.isDigest(name), let location = ObjectPack.find(name, in: table) else {
            throw AgentError.bundle("\(shown): the image has no object \(name) (\(what))")
        }
        let pack = "/" + (location.secret ? ObjectPack.secretPackFileName : ObjectPack.packFileName)
        let descriptor = open(image.host(pack), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw AgentError.io("cannot open \(shown)\(pack)", errno) }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: location.length)
        var done = 0
        while done < location.length {
            let read = bytes.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + done, location.length - done, off_t(location.offset + done))
            }
            if read < 0 && errno == EINTR { continue }
            guard read > 0 else { throw AgentError.bundle("\(shown)\(pack) is cut short (object \(name), \(what))") }
            done += read
        }
        return bytes
    }
}
