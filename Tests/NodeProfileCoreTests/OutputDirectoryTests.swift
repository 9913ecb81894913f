import Foundation
import Testing

@testable import NodeProfileCore

/// The output directory rules, in process: which paths are refused, and which directories are replaced.
@Suite("Output directories and paths (in process)")
struct OutputDirectoryTests {
    /// A new scratch directory.
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("np-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("an empty path, / and a system directory are refused by name", arguments: ["", "/", "/usr/", "/etc/../var"])
    func refusedPaths(_ path: String) throws {
        guard case .failure(let error) = OutputPath.resolve(path) else {
            Issue.record("\(path) was accepted")
            return
        }
        #expect(error.description.contains("error:"), "\(error)")
    }

    @Test("a build into a directory nodeprofile did not write is refused; an earlier output is replaced whole")
    func replaceOnlyOwnOutput() throws {
        let base = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: base) }
        let foreign = base.appendingPathComponent("foreign")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: foreign.appendingPathComponent("notes.txt"))
        #expect(throws: OutputError.self) { try OutputDirectory.prepare(foreign.path) }
        #expect(try String(contentsOf: foreign.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine")

        let target = base.appendingPathComponent("out")
        for text in ["first", "second"] {
            let output = try OutputDirectory.prepare(target.path)
            try Data(text.utf8).write(to: output.staging.appendingPathComponent(text))
            try output.commit()
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: target.path).sorted()
        #expect(names == [OutputDirectory.markerName, "second"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path).sorted() == ["foreign", "out"])
    }

    @Test("a fleet's resources are read once per file, whichever node asks")
    func cachedResources() throws {
        let base = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: base) }
        try Data("secret\n".utf8).write(to: base.appendingPathComponent("proxy.pass"))
        let profile = base.appendingPathComponent("base.yaml").path
        guard
            case .success(let document) = YAMLLoader().load(
                try SourceText.decode(Array("a: 1\n".utf8), file: profile).get())
        else {
            Issue.record("the YAML document did not load")
            return
        }
        let resources = CachedResources()
        let first = resources.reader(for: document)
        #expect(try first.read("proxy.pass").get() == Array("secret\n".utf8))
        try Data("changed\n".utf8).write(to: base.appendingPathComponent("proxy.pass"))
        #expect(try resources.reader(for: document).read("proxy.pass").get() == Array("secret\n".utf8))
    }
}
