import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileAgentCore

/// The agent's posix_spawn runner, which replaced Foundation's `Process`: everything `Process` gave the agent's
/// commands, checked on real processes.
@Suite("System command runner")
struct SystemCommandRunnerTests {
    let runner = SystemCommandRunner()

    @Test("stdout and stderr arrive together, in order, with the exit status")
    func outputAndStatus() {
        let result = runner.run(["sh", "-c", "echo out; echo err >&2; echo more; exit 3"])
        #expect(result.status == 3)
        #expect(result.output == "out\nerr\nmore\n")
        #expect(runner.run(["true"]) == (0, "") as (Int32, String))
    }

    // SIGKILL: other signals may be ignored by whatever started the tests, and ignored dispositions are inherited (by
    // Process's children too).
    @Test("a command killed by a signal reports the signal's number, as Process did")
    func killed() {
        #expect(runner.run(["sh", "-c", "kill -9 $$"]).status == 9)
    }

    @Test("the agent's environment is passed on; stdin is /dev/null; the child leads a process group of its own")
    func environmentAndStdin() throws {
        let path = try #require(ProcessInfo.processInfo.environment["PATH"])
        #expect(runner.run(["sh", "-c", "printf %s \"$PATH\""]).output == path)
        #expect(runner.run(["readlink", "/proc/self/fd/0"]).output == "/dev/null\n")
        let ids = runner.run(["sh", "-c", "echo $$ $(cut -d' ' -f5 /proc/$$/stat)"]).output.split(separator: " ").map {
            $0.trimmingWhitespace()
        }
        #expect(ids.count == 2 && ids[0] == ids[1], "\(ids)")
    }

    @Test("no descriptor of the agent leaks into the command, even one opened without O_CLOEXEC")
    func noLeakedDescriptors() throws {
        let descriptor = open("/etc/hostname", O_RDONLY)
        try #require(descriptor >= 3)
        defer { close(descriptor) }
        #expect(
            runner.run(["sh", "-c", "test -e /proc/self/fd/\(descriptor) && echo leaked || echo closed"]).output
                == "closed\n")
    }

    @Test("output larger than a pipe's buffer is read whole")
    func largeOutput() {
        let result = runner.run(["sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' a; echo; exit 0"])
        #expect(result.status == 0)
        #expect(result.output.utf8.count == 1_048_577)
    }

    @Test("a command is looked for in the search path, in order; a missing one is 127, an unstartable one 126")
    func lookup() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("np-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("echo")
        try Data("#!/bin/sh\nprintf 'ours %s' \"$1\"\n".utf8).write(to: script)
        #expect(chmod(script.path, 0o755) == 0)
        let ours = SystemCommandRunner(searchPath: [directory.path, "/usr/bin", "/bin"])
        #expect(Self.runWritten(ours, ["echo", "x"]).output == "ours x")
        #expect(runner.run(["echo", "x"]).output == "x\n")
        #expect(
            runner.run(["nodeprofile-no-such-command"]) == (127, "nodeprofile-no-such-command: not found")
                as (Int32, String))
        let broken = directory.appendingPathComponent("broken")
        try Data("not a program".utf8).write(to: broken)
        #expect(chmod(broken.path, 0o755) == 0)
        let result = Self.runWritten(ours, ["broken"])
        #expect(result.status == 126 && result.output.hasPrefix("broken: "), "\(result)")
    }

    /// Runs a program this test has just written. Another test's child, forked while the file was still open for
    /// writing, holds a copy of that descriptor until it execs, and exec then fails with ETXTBSY ("Text file busy"):
    /// a race of the tests running in parallel (seen once in a full run), not of the runner, so try again briefly.
    static func runWritten(_ runner: SystemCommandRunner, _ command: [String]) -> (status: Int32, output: String) {
        var result = runner.run(command)
        for _ in 0..<20 where result.output.contains("Text file busy") {
            usleep(50_000)
            result = runner.run(command)
        }
        return result
    }
}

/// The POSIX file operations that replaced FileManager's in the agent.
@Suite("Host file operations")
struct HostFilesTests {
    @Test("removeTree removes a tree depth first and removes a symlink without following it")
    func removeTree() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("np-host-\(UUID().uuidString)")
        let tree = base.appendingPathComponent("tree")
        let outside = base.appendingPathComponent("outside")
        try FileManager.default.createDirectory(
            at: tree.appendingPathComponent("a/b/c"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        try Data("x".utf8).write(to: tree.appendingPathComponent("a/b/c/file"))
        try Data("keep".utf8).write(to: outside.appendingPathComponent("kept"))
        try FileManager.default.createSymbolicLink(
            at: tree.appendingPathComponent("a/link"), withDestinationURL: outside)
        #expect(HostFiles.names(in: tree.appendingPathComponent("a").path)?.sorted() == ["b", "link"])
        try HostFiles.removeTree(tree.path)
        #expect(!HostFiles.exists(tree.path))
        #expect(FileManager.default.fileExists(atPath: outside.appendingPathComponent("kept").path))
        try HostFiles.removeTree(tree.path)
        #expect(HostFiles.names(in: tree.path) == nil)
        let link = base.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside)
        try HostFiles.removeTree(link.path)
        #expect(!HostFiles.exists(link.path) && HostFiles.exists(outside.path))
        #expect(HostFiles.text("/proc/sys/kernel/ostype") == "Linux\n")
    }
}
