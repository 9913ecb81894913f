import Foundation
import NodeProfileTestSupport
import Testing

/// Tests/scratch.sh, which gives every `swift test` the Makefile runs a TMPDIR of its own and removes it afterwards:
/// it must remove only that folder, and nothing a mount made reachable through it.
@Suite("The tests' scratch folder (Tests/scratch.sh)")
struct ScratchFolderTests {
    /// Runs scratch.sh with `command` (a shell line that sees TMPDIR), optionally in a private mount namespace;
    /// returns the run and the folder the command was given.
    static func run(_ command: String, privateMounts: Bool = false) throws -> (BuiltBinary.Run, URL) {
        let told = FileManager.default.temporaryDirectory.appendingPathComponent("np-scratch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: told) }
        let script = Repository.root.appendingPathComponent("Tests/scratch.sh").path
        let line = "printf %s \"$TMPDIR\" > '\(told.path)'; \(command)"
        let arguments = ["bash", script, "sh", "-c", line]
        let run =
            privateMounts
            ? try Tool.run("unshare", ["--mount", "--propagation", "private", "--"] + arguments)
            : try Tool.run(arguments[0], Array(arguments.dropFirst()))
        let folder = try String(contentsOf: told, encoding: .utf8)
        #expect(folder.hasPrefix("/tmp/np-test-"), "\(folder)")
        return (run, URL(fileURLWithPath: folder))
    }

    @Test("a passing command's folder is removed; a failing one's is kept and named, with its status")
    func removedOrKept() throws {
        let (passed, removed) = try Self.run("touch \"$TMPDIR/file\"")
        #expect(passed.status == 0)
        #expect(!FileManager.default.fileExists(atPath: removed.path))
        let (failed, kept) = try Self.run("touch \"$TMPDIR/file\"; exit 3")
        defer { try? FileManager.default.removeItem(at: kept) }
        #expect(failed.status == 3)
        #expect(FileManager.default.fileExists(atPath: kept.appendingPathComponent("file").path))
        #expect(failed.stderr.contains(kept.path), "\(failed.stderr)")
    }

    /// rm's --one-file-system does not stop at a bind mount of the same filesystem: it emptied the mounted folder.
    @Test("a folder mounted below it is never emptied: the scratch folder is kept and the mount named")
    func mountsAreLeftAlone() throws {
        let precious = FileManager.default.temporaryDirectory.appendingPathComponent("np-precious-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: precious, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: precious) }
        try Data("a person's file\n".utf8).write(to: precious.appendingPathComponent("file"))
        let (run, kept) = try Self.run(
            "mkdir \"$TMPDIR/m\" && mount --bind '\(precious.path)' \"$TMPDIR/m\"", privateMounts: true)
        defer { try? FileManager.default.removeItem(at: kept) }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            (try? String(contentsOf: precious.appendingPathComponent("file"), encoding: .utf8)) == "a person's file\n",
            "the mounted folder was emptied")
        #expect(run.stderr.contains("\(kept.path)/m"), "\(run.stderr)")
    }
}
