import Foundation
import Testing

@testable import NodeProfileAgentCore

/// A batch of writes walks to each directory once and keeps it open, still never following a symlink.
@Suite("Agent: directories kept open for a batch of writes")
struct DirectoryHandlesTests {
    @Test("the second file in a directory is written through the kept descriptor, not a path walked again")
    func keptDescriptor() throws {
        let fixture = try AgentFixture()
        let etc = fixture.root.appendingPathComponent("etc")
        let outside = try AgentFixture()
        try RootFS(root: fixture.path).keepingDirectories { fs in
            try fs.write("/etc/np/a.conf", Array("a\n".utf8), mode: 0o644, durable: false)
            // Someone swaps the directory for a symlink out of the root between two writes of the batch.
            try FileManager.default.moveItem(
                at: etc.appendingPathComponent("np"), to: etc.appendingPathComponent("moved"))
            try FileManager.default.createSymbolicLink(
                at: etc.appendingPathComponent("np"), withDestinationURL: outside.root)
            try fs.write("/etc/np/b.conf", Array("b\n".utf8), mode: 0o644, durable: false)
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty, "written through the symlink")
        let moved = try FileManager.default.contentsOfDirectory(atPath: etc.appendingPathComponent("moved").path)
        #expect(moved.sorted() == ["a.conf", "b.conf"])
        // Outside a batch, every write walks again and refuses the symlink.
        #expect(throws: AgentError.self) {
            try RootFS(root: fixture.path).write("/etc/np/c.conf", Array("c\n".utf8), mode: 0o644)
        }
    }
}
