import Foundation
import NodeProfileManifest

/// An output directory (`build`, `package`, fleets) written whole into a new staging sibling and swapped in only
/// over a directory that is new, empty, or an earlier output of nodeprofile holding only what nodeprofile wrote
/// (its marker file lists those entries). Anything else is refused with the reason; nothing outside the output,
/// and nothing inside it that nodeprofile did not write, is ever removed.
public struct OutputDirectory: Sendable {
    /// The marker nodeprofile writes into every output directory: a comment line, then one written entry a line.
    public static let markerName = ".nodeprofile-output"
    /// The largest marker file read back.
    public static let markerLimit = 16 << 20

    /// Where the output lands.
    public let target: URL
    /// The sibling every file is written into first.
    public let staging: URL

    /// Checks `path` and the directory there now, and creates the staging sibling, before anything is compiled.
    public static func prepare(_ path: String) throws(OutputError) -> OutputDirectory {
        let resolved = try OutputPath.resolve(path).get()
        let target = URL(fileURLWithPath: resolved)
        try checkReplaceable(target)
        let parent = target.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputError("\(path): error: cannot create \(parent.path): \(error.localizedDescription)")
        }
        var template = Array((parent.path + "/." + target.lastPathComponent + ".partial-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw OutputError(
                "\(path): error: cannot create a staging directory in \(parent.path): \(String(cString: strerror(errno)))"
            )
        }
        chmod(made, 0o755)
        return OutputDirectory(target: target, staging: URL(fileURLWithPath: String(cString: made)))
    }

    /// Refuses a target that is a symlink, not a directory, or a directory holding entries nodeprofile did not write.
    public static func checkReplaceable(_ target: URL) throws(OutputError) {
        var status = stat()
        guard lstat(target.path, &status) == 0 else { return }
        let path = target.path
        guard status.st_mode & S_IFMT != S_IFLNK else {
            throw OutputError("\(path): error: is a symlink; refusing to replace it (give the directory itself)")
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw OutputError("\(path): error: exists and is not a directory; refusing to replace it")
        }
        let entries = Set((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
        guard !entries.isEmpty else { return }
        guard entries.contains(markerName) else {
            throw OutputError(
                "\(path): error: exists, is not empty and was not written by nodeprofile (no \(markerName)); refusing to replace it: move it aside or give a new directory"
            )
        }
        guard
            case .success(let bytes) = RegularFile.read(
                path + "/" + markerName, limit: markerLimit, followSymlinks: false)
        else {
            throw OutputError(
                "\(path): error: \(markerName) is not a regular file nodeprofile wrote; refusing to replace the directory"
            )
        }
        let written = Set(
            String(decoding: bytes, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        )
        let foreign = entries.subtracting(written).subtracting([markerName]).sorted()
        guard foreign.isEmpty else {
            let shown =
                foreign.prefix(5).joined(separator: ", ") + (foreign.count > 5 ? " and \(foreign.count - 5) more" : "")
            throw OutputError(
                "\(path): error: holds \(shown), which nodeprofile did not write; refusing to replace it: move it aside or give a new directory"
            )
        }
    }

    /// Writes the marker, then puts the staging directory in the target's place (an atomic exchange where the
    /// filesystem allows it) and removes the earlier output, which `checkReplaceable` showed holds only what nodeprofile wrote.
    public func commit() throws(OutputError) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? []).sorted()
        let marker =
            "# written by nodeprofile; the next build into this directory replaces these entries (and only a directory holding nothing else):\n"
            + names.map { $0 + "\n" }.joined()
        do {
            try NewFile.write(Array(marker.utf8), to: staging.path + "/" + Self.markerName, mode: 0o644)
        } catch {
            throw OutputError("\(staging.path): error: cannot write \(Self.markerName): \(error)")
        }
        try Self.checkReplaceable(target)
        var status = stat()
        if lstat(target.path, &status) != 0 {
            guard rename(staging.path, target.path) == 0 else { throw failure("cannot move the output into place") }
            return
        }
        if systemRenameat2(AT_FDCWD, staging.path, AT_FDCWD, target.path, renameExchange) != 0 {
            // No RENAME_EXCHANGE on this filesystem: two renames, the old output parked beside the new one.
            guard rename(target.path, staging.path + ".old") == 0 else {
                throw failure("cannot move the earlier output aside")
            }
            guard rename(staging.path, target.path) == 0 else {
                rename(staging.path + ".old", target.path)
                throw failure("cannot move the output into place")
            }
            try? FileManager.default.removeItem(atPath: staging.path + ".old")
            return
        }
        // After the exchange, the staging path holds the earlier output.
        try? FileManager.default.removeItem(at: staging)
    }

    /// Removes the staging directory (after a failure); the target is left as it was.
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
    }

    private func failure(_ what: String) -> OutputError {
        OutputError("\(target.path): error: \(what): \(String(cString: strerror(errno)))")
    }
}

private let renameExchange: UInt32 = 1 << 1

/// glibc's renameat2(2), which Swift's Glibc module leaves out.
@_silgen_name("renameat2")
private func systemRenameat2(
    _ oldDirectory: Int32, _ old: UnsafePointer<CChar>, _ newDirectory: Int32, _ new: UnsafePointer<CChar>,
    _ flags: UInt32
) -> Int32
