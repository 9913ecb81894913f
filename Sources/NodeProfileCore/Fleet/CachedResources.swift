import Foundation

/// Resource readers relative to whichever file wrote proxy.passwordFile (the base or the fleet file), reading
/// each file once for the whole fleet.
public final class CachedResources: @unchecked Sendable {
    private var readers: [String: Reader] = [:]

    private let lock = NSLock()

    /// An empty cache, for one fleet.
    public init() {}

    /// The reader for the file that sets `document`'s proxy.passwordFile (the document's own file when none does).
    public func reader(for document: YAMLValue) -> any ResourceReader {
        let file = document["proxy"]?["passwordFile"]?.location.file ?? document.location.file
        lock.lock()
        defer { lock.unlock() }
        if let reader = readers[file] { return reader }
        let reader = Reader(FileSystemResources(profilePath: file))
        readers[file] = reader
        return reader
    }

    /// One directory's files, read once.
    public final class Reader: ResourceReader, @unchecked Sendable {
        private let files: FileSystemResources
        private var cache: [String: Result<[UInt8], ValueError>] = [:]
        private let lock = NSLock()
        init(_ files: FileSystemResources) { self.files = files }

        /// The file's bytes, read on first use.
        public func read(_ relativePath: String) -> Result<[UInt8], ValueError> {
            lock.lock()
            defer { lock.unlock() }
            if let cached = cache[relativePath] { return cached }
            let result = files.read(relativePath)
            cache[relativePath] = result
            return result
        }

        /// The file's permission bits, asked each time (never cached: a check reads them fresh).
        public func permissions(_ relativePath: String) -> UInt32? { files.permissions(relativePath) }
    }
}
