import Glibc

/// The MicroShift release installed in a root, read from the root's rpm database with the `rpm` command (the agent
/// links no librpm). The database is looked for where RHEL-family systems keep it, without running rpm: rpm creates
/// an empty database where it finds none, and a root with no database has no MicroShift package to check.
public struct InstalledMicroShift: Sendable {
    /// Where the rpm database may be, in the order tried: RHEL's `%_dbpath`, rpm-ostree's copy inside the image, and
    /// Fedora's and bootc's. A symlink (rpm-ostree's /var/lib/rpm -> ../../usr/share/rpm) is skipped, so a link is
    /// never followed out of the root; the directory it points to is a candidate of its own.
    public static let databaseDirectories = ["/var/lib/rpm", "/usr/share/rpm", "/usr/lib/sysimage/rpm"]
    /// Files that make a directory an rpm database: sqlite (RHEL 9), Berkeley DB (RHEL 8), ndb (SUSE).
    public static let databaseFiles = ["rpmdb.sqlite", "Packages", "Packages.db"]
    /// The package whose version is the installed release.
    public static let package = "microshift"

    /// What was found.
    public enum Finding: Equatable, Sendable {
        /// The root has no rpm database: nothing is installed from packages.
        case noDatabase
        /// The database (a device path) does not hold the package.
        case notInstalled(database: String)
        /// The package's versions (one, unless the database is odd), as rpm prints `%{VERSION}`.
        case installed(versions: [String], database: String)
        /// There is a database but no rpm command to read it (a build host without rpm, given `--root`).
        case noRPM(database: String)
    }

    /// The root whose database is read.
    public var fs: RootFS
    /// Runs rpm.
    public var runner: any CommandRunner

    /// A reader of `fs`'s rpm database through `runner`.
    public init(fs: RootFS, runner: any CommandRunner) {
        self.fs = fs
        self.runner = runner
    }

    /// The database directory (a device path): the first candidate that is a real directory holding a database file.
    public func database() -> String? {
        Self.databaseDirectories.first { directory in
            guard let status = fs.status(directory), status.st_mode & S_IFMT == S_IFDIR else { return false }
            return Self.databaseFiles.contains { fs.exists(directory + "/" + $0) }
        }
    }

    /// The rpm command that lists the package's name and version from `database`.
    func command(database: String) -> [String] {
        ["rpm"] + (fs.root.isEmpty ? [] : ["--root", fs.root]) + ["--dbpath", database, "-qa", "--qf"]
            + ["%{NAME}\t%{VERSION}\n", Self.package]
    }

    /// Reads the installed release. `rpm -qa NAME` prints nothing when the package is not installed (status 0; some
    /// rpm versions exit 1), so any other output with a failure status is a database rpm could not read: an error,
    /// since a bundle for another release would break the device's network.
    public func read() throws -> Finding {
        guard let database = database() else { return .noDatabase }
        let command = command(database: database)
        let result = runner.run(command)
        if result.status == 127 { return .noRPM(database: database) }
        let lines = result.output.split(separator: "\n").map(String.init)
        let versions = lines.compactMap { line -> String? in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            return fields.count == 2 && fields[0] == Self.package && !fields[1].isEmpty ? String(fields[1]) : nil
        }
        guard result.status == 0 || (result.status == 1 && lines.isEmpty) else {
            throw AgentError.bundle(
                "cannot read the installed MicroShift release from the rpm database \(fs.host(database)): "
                    + "\(command.joined(separator: " ")) exited \(result.status): "
                    + lines.prefix(3).joined(separator: "; ") + "; nothing was changed")
        }
        return versions.isEmpty ? .notInstalled(database: database) : .installed(versions: versions, database: database)
    }

    /// The major.minor release of an rpm version or a target (`4.18.2` -> `4.18`, `4.15.0~rc.1` -> `4.15`, `5.0`
    /// -> `5.0`), or nil when it does not start with two numbers.
    public static func minor(_ version: String) -> String? {
        let parts = version.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let major = Int(parts[0]),
            let minor = Int(parts[1].prefix { $0.isASCII && $0.isNumber })
        else { return nil }
        return "\(major).\(minor)"
    }

    /// What the no-op record keeps to know the database did not change: for every candidate file, its inode, size and
    /// modification time, and whether an rpm command is there. rpm's queries leave these alone (a test holds it).
    public func fingerprint(searchPath: [String] = ["/usr/bin", "/usr/sbin", "/bin", "/sbin"]) -> String {
        var parts: [String] = []
        for directory in Self.databaseDirectories {
            for file in Self.databaseFiles + ["rpmdb.sqlite-wal"] {
                parts.append(
                    fs.status(directory + "/" + file).map {
                        "\($0.st_ino).\($0.st_size).\($0.st_mtim.tv_sec).\($0.st_mtim.tv_nsec)"
                    } ?? "-")
            }
        }
        parts.append(searchPath.contains { access($0 + "/rpm", X_OK) == 0 } ? "rpm" : "no-rpm")
        return parts.joined(separator: ",")
    }
}
