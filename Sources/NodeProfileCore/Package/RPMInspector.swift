import CRPM
import Foundation

/// Reads a built RPM back with librpm. librpm is not thread-safe: every call goes through one lock.
public enum RPMInspector {
    /// What the package holds, as librpm reports it.
    public struct Contents: Sendable, Equatable {
        public var name: String
        public var version: String
        public var release: String
        /// Path -> (octal mode of the permission bits, user, group); directories included.
        public var files: [String: FileInfo]
        /// Required capabilities, without rpmlib() ones.
        public var requires: [String]
        /// Provided capabilities (the package's own name included) and conflicts.
        public var provides: [String] = []
        public var conflicts: [String] = []
    }

    /// One file's metadata in the package.
    public struct FileInfo: Sendable, Equatable {
        public var mode: String
        public var user: String
        public var group: String
        public var isDirectory: Bool
    }

    /// Why a package could not be read.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var configured = false

    public static func read(_ path: String) throws -> Contents {
        lock.lock()
        defer { lock.unlock() }
        if !configured {
            guard rpmReadConfigFiles(nil, nil) == 0 else { throw Failure(description: "librpm: cannot read its configuration") }
            configured = true
        }
        let ts = rpmtsCreate()
        defer { rpmtsFree(ts) }
        _ = rpmtsSetVSFlags(ts, NODEPROFILE_RPMVSF_MASK_NOSIGNATURES | NODEPROFILE_RPMVSF_MASK_NODIGESTS)
        guard let fd = Fopen(path, "r.ufdio"), Ferror(fd) == 0 else { throw Failure(description: "\(path): cannot open") }
        defer { Fclose(fd) }
        var header: Header?
        let status = rpmReadPackageFile(ts, fd, path, &header)
        guard status == RPMRC_OK || status == RPMRC_NOKEY || status == RPMRC_NOTTRUSTED, let header else {
            throw Failure(description: "\(path): not a readable RPM (status \(status.rawValue))")
        }
        defer { headerFree(header) }
        func format(_ query: String) throws -> String {
            var error: errmsg_t?
            guard let text = headerFormat(header, query, &error) else {
                throw Failure(description: "\(path): \(error.map { String(cString: $0) } ?? "query failed"): \(query)")
            }
            defer { free(text) }
            return String(cString: text)
        }
        var files: [String: FileInfo] = [:]
        for line in try format("[%{FILENAMES}\\t%{FILEMODES:octal}\\t%{FILEUSERNAME}\\t%{FILEGROUPNAME}\\n]").split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let mode = Int(fields[1], radix: 8) else { continue }
            let permissions = String(mode & 0o7777, radix: 8)
            files[fields[0]] = FileInfo(mode: String(repeating: "0", count: max(0, 4 - permissions.count)) + permissions,
                                        user: fields[2], group: fields[3], isDirectory: mode & 0o170000 == 0o040000)
        }
        let requires = try format("[%{REQUIRENAME}\\n]").split(separator: "\n").map(String.init).filter { !$0.hasPrefix("rpmlib(") }
        return Contents(name: try format("%{NAME}"), version: try format("%{VERSION}"), release: try format("%{RELEASE}"),
                        files: files, requires: requires,
                        provides: try format("[%{PROVIDENAME}\\n]").split(separator: "\n").map(String.init),
                        conflicts: try format("[%{CONFLICTNAME}\\n]").split(separator: "\n").map(String.init))
    }
}
