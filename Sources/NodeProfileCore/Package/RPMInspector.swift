import CRPM
import Foundation

/// Reads a built RPM back with librpm. librpm is not thread-safe: every call goes through one lock.
public enum RPMInspector {
    /// What the package holds, as librpm reports it.
    public struct Contents: Sendable, Equatable {
        /// The package name (`nodeprofile-NAME`).
        public var name: String
        /// The package version.
        public var version: String
        /// The package release.
        public var release: String
        /// Path -> (octal mode of the permission bits, user, group); directories included.
        public var files: [String: FileInfo]
        /// Required capabilities, without rpmlib() ones.
        public var requires: [String]
        /// Provided capabilities, the package's own name included.
        public var provides: [String] = []
        /// Capabilities the package conflicts with.
        public var conflicts: [String] = []
    }

    /// One file's metadata in the package.
    public struct FileInfo: Sendable, Equatable {
        /// The permission bits in octal, such as `0644`.
        public var mode: String
        /// The owning user's name.
        public var user: String
        /// The owning group's name.
        public var group: String
        /// True for a directory the package owns.
        public var isDirectory: Bool
    }

    /// Why a package could not be read.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, with the package's path.
        public var description: String
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var library: Result<LibRPM, SharedLibrary.Failure>?
    nonisolated(unsafe) private static var configured = false

    /// librpm's functions, from librpm.so.9 (Debian's librpm9, RHEL's rpm-libs), loaded by the first `read`.
    private struct LibRPM {
        let readConfigFiles: nodeprofile_rpmReadConfigFiles
        let tsCreate: nodeprofile_rpmtsCreate
        let tsFree: nodeprofile_rpmtsFree
        let tsSetVSFlags: nodeprofile_rpmtsSetVSFlags
        let open: nodeprofile_Fopen
        let error: nodeprofile_Ferror
        let close: nodeprofile_Fclose
        let readPackageFile: nodeprofile_rpmReadPackageFile
        let headerFree: nodeprofile_headerFree
        let headerFormat: nodeprofile_headerFormat

        init() throws(SharedLibrary.Failure) {
            // librpmio.so.9 comes in as librpm's own dependency; Fopen, Ferror and Fclose resolve through librpm.
            let rpm = try SharedLibrary("librpm.so.9", packages: "librpm9 on Debian, rpm-libs on RHEL")
            readConfigFiles = try rpm.function("rpmReadConfigFiles")
            tsCreate = try rpm.function("rpmtsCreate")
            tsFree = try rpm.function("rpmtsFree")
            tsSetVSFlags = try rpm.function("rpmtsSetVSFlags")
            open = try rpm.function("Fopen")
            error = try rpm.function("Ferror")
            close = try rpm.function("Fclose")
            readPackageFile = try rpm.function("rpmReadPackageFile")
            headerFree = try rpm.function("headerFree")
            headerFormat = try rpm.function("headerFormat")
        }
    }

    /// The contents of the RPM at `path`, read with librpm (opened on first use); throws `Failure` when librpm is
    /// missing or the file is not a package it can read.
    public static func read(_ path: String) throws -> Contents {
        lock.lock()
        defer { lock.unlock() }
        if library == nil { library = Result { () throws(SharedLibrary.Failure) in try LibRPM() } }
        let rpm: LibRPM
        switch library! {
        case .success(let loaded): rpm = loaded
        case .failure(let failure): throw Failure(description: "librpm: \(failure)")
        }
        if !configured {
            guard rpm.readConfigFiles(nil, nil) == 0 else {
                throw Failure(description: "librpm: cannot read its configuration")
            }
            configured = true
        }
        let ts = rpm.tsCreate()
        defer { _ = rpm.tsFree(ts) }
        _ = rpm.tsSetVSFlags(ts, NODEPROFILE_RPMVSF_MASK_NOSIGNATURES | NODEPROFILE_RPMVSF_MASK_NODIGESTS)
        guard let fd = rpm.open(path, "r.ufdio"), rpm.error(fd) == 0 else {
            throw Failure(description: "\(path): cannot open")
        }
        defer { _ = rpm.close(fd) }
        var header: Header?
        let status = rpm.readPackageFile(ts, fd, path, &header)
        guard status == RPMRC_OK || status == RPMRC_NOKEY || status == RPMRC_NOTTRUSTED, let header else {
            throw Failure(description: "\(path): not a readable RPM (status \(status.rawValue))")
        }
        defer { _ = rpm.headerFree(header) }
        func format(_ query: String) throws -> String {
            var error: errmsg_t?
            guard let text = rpm.headerFormat(header, query, &error) else {
                throw Failure(description: "\(path): \(error.map { String(cString: $0) } ?? "query failed"): \(query)")
            }
            defer { free(text) }
            return String(cString: text)
        }
        var files: [String: FileInfo] = [:]
        for line in try format("[%{FILENAMES}\\t%{FILEMODES:octal}\\t%{FILEUSERNAME}\\t%{FILEGROUPNAME}\\n]").split(
            separator: "\n")
        {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let mode = Int(fields[1], radix: 8) else { continue }
            let permissions = String(mode & 0o7777, radix: 8)
            files[fields[0]] = FileInfo(
                mode: String(repeating: "0", count: max(0, 4 - permissions.count)) + permissions,
                user: fields[2], group: fields[3], isDirectory: mode & 0o170000 == 0o040000)
        }
        let requires = try format("[%{REQUIRENAME}\\n]").split(separator: "\n").map(String.init).filter {
            !$0.hasPrefix("rpmlib(")
        }
        return Contents(
            name: try format("%{NAME}"), version: try format("%{VERSION}"), release: try format("%{RELEASE}"),
            files: files, requires: requires,
            provides: try format("[%{PROVIDENAME}\\n]").split(separator: "\n").map(String.init),
            conflicts: try format("[%{CONFLICTNAME}\\n]").split(separator: "\n").map(String.init))
    }
}
