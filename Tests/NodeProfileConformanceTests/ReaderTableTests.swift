import Foundation
import NodeProfileCore
import NodeProfileTestSupport
import Testing

/// docs/READERS.md has a row for every path any blueprint generates, and names only paths that exist.
@Suite("Readers table")
struct ReaderTableTests {
    /// The first column of every table row, without its backticks.
    static let rows: [String] = {
        let url = BuiltBinary.repository.appendingPathComponent("docs/READERS.md")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("| `") else { return nil }
            return line.dropFirst(3).split(separator: "`").first.map(String.init)
        }
    }()

    @Test("Fix 5: every generated path of every blueprint has a row in docs/READERS.md", arguments: Blueprints.all)
    func everyPath(_ blueprint: String) throws {
        let bundle = try BuiltBundle.build(blueprint)
        let missing = bundle.manifest.files.map(\.path).filter { !Self.rows.contains($0) }
        #expect(missing.isEmpty, "docs/READERS.md has no row for \(missing)")
    }

    /// The paths under /etc that the agent RPM installs (packaging/nodeprofile-agent.spec's %files): on a device they
    /// are read by programs of their own (greenboot).
    static let agentPackageConfigPaths: [String] = {
        let url = BuiltBinary.repository.appendingPathComponent("packaging/nodeprofile-agent.spec")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let files =
            text.components(separatedBy: "%files\n").dropFirst().first?.components(separatedBy: "\n\n").first ?? ""
        return files.split(separator: "\n").compactMap { line in
            line.split(separator: " ").last.map(String.init).flatMap { $0.hasPrefix("/etc/") ? $0 : nil }
        }
    }()

    @Test("every file the agent RPM installs under /etc has a row in docs/READERS.md")
    func agentPackagePaths() {
        #expect(Self.agentPackageConfigPaths.count >= 2, "no /etc paths found in the agent spec's %files")
        let missing = Self.agentPackageConfigPaths.filter { !Self.rows.contains($0) }
        #expect(missing.isEmpty, "docs/READERS.md has no row for \(missing)")
    }

    @Test("every row names a path some blueprint generates, or a bundle file")
    func noStaleRows() throws {
        var generated: Set<String> = ["manifest.json", "nodeprofile-NAME.spec", "nodeprofile-NAME-VERSION.tar.gz"]
        generated.formUnion(Self.agentPackageConfigPaths)
        for blueprint in Blueprints.all {
            generated.formUnion(try BuiltBundle.build(blueprint).manifest.files.map(\.path))
        }
        #expect(Self.rows.count > 20)
        #expect(
            Self.rows.filter { !generated.contains($0) }.isEmpty,
            "stale rows: \(Self.rows.filter { !generated.contains($0) })")
    }
}
