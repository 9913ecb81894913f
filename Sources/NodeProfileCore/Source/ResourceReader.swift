import Foundation

/// Reads files a profile refers to (the proxy passwordFile), relative to the profile.
/// Injected so validation stays a function of its inputs: tests pass files in memory.
public protocol ResourceReader: Sendable {
    /// The bytes of `relativePath`, or why it cannot be read.
    func read(_ relativePath: String) -> Result<[UInt8], ValueError>
}

/// Files in memory, keyed by their path as written in the profile.
public struct InMemoryResources: ResourceReader {
    /// Path -> content.
    public var files: [String: [UInt8]]

    public init(_ files: [String: [UInt8]] = [:]) { self.files = files }

    public func read(_ relativePath: String) -> Result<[UInt8], ValueError> {
        files[relativePath].map(Result.success) ?? .failure(ValueError("no such file"))
    }
}

/// Files on disk, resolved against the directory of the profile.
public struct FileSystemResources: ResourceReader {
    /// The directory relative paths start from.
    public var baseDirectory: URL

    public init(profilePath: String) {
        baseDirectory = URL(fileURLWithPath: profilePath).deletingLastPathComponent()
    }

    public func read(_ relativePath: String) -> Result<[UInt8], ValueError> {
        let url = relativePath.hasPrefix("/") ? URL(fileURLWithPath: relativePath)
                                              : baseDirectory.appendingPathComponent(relativePath)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            return .failure(ValueError("no such file (looked for \(url.path))"))
        }
        if isDirectory.boolValue { return .failure(ValueError("it is a directory")) }
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return .failure(ValueError("permission denied")) }
        defer { try? handle.close() }
        // Read one byte past the limit so an oversized file is recognised without reading it whole.
        let data: Data? = try? handle.read(upToCount: ProxyPassword.maxBytes + 1)
        return .success([UInt8](data ?? Data()))
    }
}
