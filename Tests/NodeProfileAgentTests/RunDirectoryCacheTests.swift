import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileAgentCore

/// One agent run opens each directory under the root once, keeps it for the run and closes it at the end; what the run
/// removes, renames or creates is never reached through a stale descriptor or a stale "missing".
@Suite("Agent: each directory opened once per run")
struct RunDirectoryCacheTests {
    /// Two directories of ten files each, and a third whose two files the second generation drops.
    static func files(_ text: String, dropped: Bool = false) -> [String: (mode: Int, text: String, actions: [Action])] {
        var files: [String: (mode: Int, text: String, actions: [Action])] = [:]
        for index in 0..<10 {
            files["/etc/np/a/f\(index).conf"] = (0o644, "\(text) \(index)\n", [])
            files["/etc/np/b/g\(index).conf"] = (0o600, "\(text) \(index)\n", [])
        }
        if !dropped {
            files["/etc/np/c/adopted.conf"] = (0o644, "\(text)\n", [])
            files["/etc/np/c/removed.conf"] = (0o644, "\(text)\n", [])
        }
        return files
    }

    /// The open descriptors of this process that name something under `root`, as /proc/self/fd shows them.
    static func descriptors(into root: String) -> [String] {
        let real = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0) }
            .filter { $0 == real || $0.hasPrefix(real + "/") }
    }

    @Test("a run that backs up, replaces and removes files opens each directory once and closes them all at its end")
    func onceAndClosed() throws {
        let fixture = try AgentFixture()
        try fixture.install("p", Self.files("one"))
        // A foreign file the first run adopts and the second puts back, so the second run reads adopted/ as well.
        try FileManager.default.createDirectory(
            at: fixture.root.appendingPathComponent("etc/np/c"), withIntermediateDirectories: true)
        try Data("foreign\n".utf8).write(to: fixture.root.appendingPathComponent("etc/np/c/adopted.conf"))
        _ = try ApplyCommand(agent: .testing(fixture), options: .init()).run()
        try fixture.install("p", Self.files("two", dropped: true))
        let (attempts, held, kept) = try Agent.testing(fixture).keepingDirectories { agent in
            let report = try ApplyCommand(agent: agent, options: .init()).run()
            #expect(report.status == .ok && report.changed.count == 20 && report.removed == ["/etc/np/c/removed.conf"])
            #expect(report.putBack == ["/etc/np/c/adopted.conf"])
            let handles = try #require(agent.fs.handles)
            return (handles.attempts, Self.descriptors(into: fixture.path), handles.count)
        }
        let twice = attempts.filter { $0.value.opened > 1 || $0.value.missing > 1 }.map { "\($0.key) \($0.value)" }
        #expect(twice.isEmpty, "opened more than once: \(twice.sorted())")
        for directory in ["", "/etc/np/a", "/etc/np/b", "/etc/np/c", "/var/lib/nodeprofile"] {
            #expect(attempts[directory]?.opened == 1, "\(directory) was not reached through the run's cache")
        }
        for directory in ["/var/lib/nodeprofile/backup/etc/np/b", "/var/lib/nodeprofile/adopted/etc/np/c"] {
            #expect(attempts[directory]?.opened == 1, "\(directory): \(attempts.keys.sorted())")
        }
        // While the run goes on, its cache holds one descriptor per directory, and nothing else under the root is open.
        #expect(held.count == kept && Set(held).count == held.count, "\(held.sorted())")
        #expect(kept > 5)
        #expect(Self.descriptors(into: fixture.path).isEmpty, "left open after the run")
        #expect(fixture.snapshot()["/etc/np/b/g3.conf"] == "two 3\n")
        #expect(fixture.snapshot()["/etc/np/c/removed.conf"] == nil)
        #expect(fixture.snapshot()["/etc/np/c/adopted.conf"] == "foreign\n")
    }

    @Test("a tree removed or renamed during the run is walked afresh: nothing is written into a removed directory")
    func removedAndRenamedTrees() throws {
        let fixture = try AgentFixture()
        try RootFS(root: fixture.path).keepingDirectories { fs in
            try fs.write("/var/s/backup/etc/a/f", Array("f\n".utf8), mode: 0o600, durable: false)
            try fs.removeTree("/var/s/backup")
            try fs.write("/var/s/backup/etc/a/g", Array("g\n".utf8), mode: 0o600, durable: false)
            #expect(fs.read("/var/s/backup/etc/a/f") == nil)
            try fs.move("/var/s/backup", to: "/var/s/previous")
            try fs.write("/var/s/backup/etc/a/h", Array("h\n".utf8), mode: 0o600, durable: false)
            #expect(fs.exists("/var/s/previous/etc/a/g"))
        }
        let base = fixture.root.appendingPathComponent("var/s")
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path + "/previous/etc/a") == ["g"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path + "/backup/etc/a") == ["h"])
    }

    @Test("a directory found missing reads as missing until the run creates it, then as what it holds")
    func missingThenCreated() throws {
        let fixture = try AgentFixture()
        try FileManager.default.createDirectory(
            at: fixture.root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        try RootFS(root: fixture.path).keepingDirectories { fs in
            #expect(fs.read("/etc/q/r/a") == nil && !fs.exists("/etc/q/r/a") && fs.mode("/etc/q/r/a") == nil)
            try fs.write("/etc/q/r/a", Array("a\n".utf8), mode: 0o640)
            #expect(fs.read("/etc/q/r/a") == Array("a\n".utf8) && fs.mode("/etc/q/r/a") == 0o640)
            #expect(fs.names(in: "/etc/q/r") == ["a"] && fs.names(in: "/etc/q/none") == nil)
            let attempts = try #require(fs.handles).attempts
            #expect(attempts["/etc/q"]?.opened == 1 && attempts["/etc/q"]?.missing == 1, "\(attempts)")
            #expect(attempts["/etc/q/r"]?.opened == 1 && attempts["/etc/q/r"]?.missing == 0, "\(attempts)")
        }
    }

    @Test("past the cache's limit a run still works, with its descriptors closed after each use")
    func beyondTheLimit() throws {
        let fixture = try AgentFixture()
        let count = DirectoryHandles.limit + 20
        try RootFS(root: fixture.path).keepingDirectories { fs in
            for index in 0..<count { try fs.write("/etc/many/d\(index)/f", [0x41], mode: 0o644, durable: false) }
            #expect(try #require(fs.handles).count == DirectoryHandles.limit)
            #expect(Self.descriptors(into: fixture.path).count == DirectoryHandles.limit)
            #expect((0..<count).allSatisfy { fs.read("/etc/many/d\($0)/f") == [0x41] })
        }
        #expect(Self.descriptors(into: fixture.path).isEmpty)
    }

    @Test("a stat through a symlinked directory answers as lstat of the host path did; a read through it is refused")
    func statThroughSymlink() throws {
        let fixture = try AgentFixture()
        let outside = try AgentFixture()
        try Data("x\n".utf8).write(to: outside.root.appendingPathComponent("f"))
        try FileManager.default.createDirectory(
            at: fixture.root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: fixture.root.appendingPathComponent("etc/link"), withDestinationURL: outside.root)
        try RootFS(root: fixture.path).keepingDirectories { fs in
            #expect(fs.exists("/etc/link/f") && fs.notRegular("/etc/link") == "a symlink to \(outside.path)")
            #expect(fs.read("/etc/link/f") == nil)
            #expect(throws: AgentError.self) { try fs.write("/etc/link/g", [0x41], mode: 0o644) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["f"])
    }
}
