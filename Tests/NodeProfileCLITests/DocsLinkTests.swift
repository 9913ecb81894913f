import Foundation
import NodeProfileTestSupport
import Testing

/// README.md and docs/*.md as a newcomer meets them: every relative link leads to a file (and to a heading of it,
/// when it names one), and the README stays a page that starts with the two commands that work on a fresh machine.
@Suite("The documentation's links and the README's shape")
struct DocsLinkTests {
    /// README.md and every Markdown file in docs/, as paths relative to the repository.
    static var documents: [String] {
        let docs =
            (try? FileManager.default.contentsOfDirectory(atPath: Repository.root.appendingPathComponent("docs").path))
            ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/\($0)" }
    }

    /// The lines of `path` outside fenced code blocks.
    static func prose(_ path: String) throws -> [String] {
        let text = try String(contentsOf: Repository.root.appendingPathComponent(path), encoding: .utf8)
        var inFence = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                inFence.toggle()
                return nil
            }
            return inFence ? nil : String(line)
        }
    }

    /// Every `](target)` in `lines`, without the ones that leave the repository.
    static func links(_ lines: [String]) -> [String] {
        lines.flatMap { line in
            line.matches(of: /\]\(([^)\s]+)\)/).map { String($0.output.1) }
        }.filter { !$0.contains("://") && !$0.hasPrefix("mailto:") }
    }

    /// GitHub's anchor for a heading: lowercased, punctuation dropped, spaces made hyphens.
    static func anchor(_ heading: String) -> String {
        String(
            heading.lowercased().compactMap { character -> Character? in
                if character == " " { return "-" }
                return character.isLetter || character.isNumber || character == "-" || character == "_"
                    ? character : nil
            })
    }

    @Test("every relative link in README.md and docs/*.md names a file that exists, and a heading it has")
    func linksResolve() throws {
        var broken: [String] = []
        for document in Self.documents {
            let base = URL(fileURLWithPath: document).deletingLastPathComponent().relativePath
            for link in Self.links(try Self.prose(document)) {
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let file = parts[0].isEmpty ? document : (base == "." ? "" : base + "/") + parts[0]
                let url = Repository.root.appendingPathComponent(file).standardizedFileURL
                guard FileManager.default.fileExists(atPath: url.path) else {
                    broken.append("\(document): \(link) (no file \(file))")
                    continue
                }
                guard parts.count == 2, file.hasSuffix(".md") else { continue }
                let relative = String(url.path.dropFirst(Repository.root.standardizedFileURL.path.count + 1))
                let anchors = try Self.prose(relative).filter { $0.hasPrefix("#") }.map {
                    Self.anchor($0.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces))
                }
                if !anchors.contains(String(parts[1])) { broken.append("\(document): \(link) (no such heading)") }
            }
        }
        #expect(broken.isEmpty, "broken links:\n\(broken.joined(separator: "\n"))")
        #expect(Self.documents.count > 1, "no docs/*.md found under \(Repository.root.path)")
    }

    @Test("README.md is under 200 lines and its first code block starts with make run and make test")
    func readmeIsAPage() throws {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count < 200, "README.md has \(lines.count) lines; move detail into docs/")
        let fence = try #require(lines.firstIndex { $0.hasPrefix("```") }, "README.md has no code block")
        let commands = lines[(fence + 1)...].prefix { !$0.hasPrefix("```") }.map {
            $0.split(separator: "#").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        }
        #expect(Array(commands.prefix(2)) == ["make run", "make test"], "first code block: \(commands)")
    }
}
