import Foundation
import Testing

@testable import NodeProfileAgentCore

/// A real ostree sysroot in a directory, made by Debian's `ostree` (`ostree admin init-fs`, `os-init`, `commit`,
/// `deploy`), with the boot entries and boot links ostree writes for each deployment; removed when the test is done.
final class OSTreeSysroot {
    let directory: URL
    var sysroot: String { directory.appendingPathComponent("sysroot").path }
    static let stateroot = "edge"

    /// Runs ostree; a failure (or ostree missing) is recorded with its output. Deployments are left mutable
    /// (libostree's OSTREE_SYSROOT_DEBUG): ostree makes them immutable (chattr +i), which no test could remove.
    @discardableResult
    static func ostree(_ arguments: [String]) throws -> String {
        let result = SystemCommandRunner().run(
            ["env", "OSTREE_SYSROOT_DEBUG=mutable-deployments", "ostree"] + arguments)
        if result.status == 127 {
            Issue.record("ostree is not installed: `make deps` installs it (Debian package list in the Makefile)")
        }
        guard result.status == 0 else {
            Issue.record("ostree \(arguments.joined(separator: " ")): \(result.output)")
            throw CancellationError()
        }
        return result.output
    }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("np-ostree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("sysroot"), withIntermediateDirectories: true)
        try Self.ostree(["admin", "init-fs", sysroot])
        try Self.ostree(["admin", "os-init", "--sysroot=\(sysroot)", Self.stateroot])
    }

    /// Commits a tree holding a kernel, an initramfs, /usr/etc and `files` (relative paths) on `branch`, then deploys it
    /// as the new default deployment (its /etc merged from the current default's, as on an update).
    func deploy(_ branch: String, files: [String: String] = [:]) throws {
        let tree = directory.appendingPathComponent("tree-\(UUID().uuidString)")
        let all = files.merging([
            "usr/lib/modules/6.1.0/vmlinuz": "kernel", "usr/lib/modules/6.1.0/initramfs.img": "initramfs",
            "usr/etc/os-release": "ID=debian\n",
        ]) { mine, _ in mine }
        for (path, text) in all {
            let url = tree.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try Self.ostree([
            "--repo=\(sysroot)/ostree/repo", "commit", "--branch=\(branch)", "--tree=dir=\(tree.path)", "--no-xattrs",
        ])
        try Self.ostree([
            "admin", "deploy", "--sysroot=\(sysroot)", "--os=\(Self.stateroot)", "--karg=root=/dev/vda", branch,
        ])
    }

    /// The deployments as `ostree admin status` lists them, default first: `CHECKSUM.SERIAL`.
    func deployments() throws -> [String] {
        try Self.ostree(["admin", "status", "--sysroot=\(sysroot)"]).split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ").filter { $0 != "*" }
            return words.count == 2 && words[0] == Substring(Self.stateroot) ? String(words[1]) : nil
        }
    }

    /// Each boot entry's index (its title's `(ostree:N)`, the Nth deployment listed) and kernel command line.
    func bootEntries() throws -> [(index: Int, options: String)] {
        let entries = URL(fileURLWithPath: sysroot).appendingPathComponent("boot/loader/entries")
        return try FileManager.default.contentsOfDirectory(atPath: entries.path).sorted().map { name in
            let text = try String(contentsOf: entries.appendingPathComponent(name), encoding: .utf8)
            let lines = text.split(separator: "\n")
            let title = lines.first { $0.hasPrefix("title ") } ?? ""
            let index = title.split(separator: ":").last.flatMap { Int($0.dropLast()) } ?? -1
            let options = lines.first { $0.hasPrefix("options ") }.map { String($0.dropFirst("options ".count)) } ?? ""
            return (index, options)
        }
    }

    /// A deployment's directory, as a root for the agent (`--root`).
    func root(_ id: String) -> String { "\(sysroot)/ostree/deploy/\(Self.stateroot)/deploy/\(id)" }

    deinit { try? FileManager.default.removeItem(at: directory) }
}
