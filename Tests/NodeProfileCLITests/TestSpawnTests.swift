import Foundation
import NodeProfileTestSupport
import Testing

/// The test support's own process start, which other tests' daemons (Open vSwitch's) go through.
@Suite("Test support: starting a daemon")
struct TestSpawnTests {
    /// A descriptor open in the test process, not close-on-exec (as a file another test thread is writing may be),
    /// must not reach a daemon: held there, executing that file fails with ETXTBSY for as long as the daemon lives.
    @Test("a daemon inherits no descriptor but its standard three")
    func noInheritedDescriptors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("np-spawn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = directory.appendingPathComponent("being-written")
        let descriptor = open(written.path, O_WRONLY | O_CREAT | O_TRUNC, 0o755)
        #expect(descriptor > 2)
        defer { close(descriptor) }
        let report = directory.appendingPathComponent("report")
        let status = try BuiltBinary.startDaemon(
            "/bin/sh",
            ["-c", "if [ -e /proc/$$/fd/\(descriptor) ]; then echo inherited; else echo closed; fi > '\(report.path)'"])
        #expect(status == 0)
        let seen = try String(contentsOf: report, encoding: .utf8)
        #expect(seen == "closed\n", "descriptor \(descriptor) reached the daemon: \(seen)")
    }
}
