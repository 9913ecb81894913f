import Foundation
import NodeProfileTestSupport
import Testing

@testable import NodeProfileCore

/// Profile paths written in code (`ctx.text("network.gateway.mtu")`, provenance lists, diagnostics' paths) are strings
/// the compiler cannot check: a misspelt one reads nothing, silently. This test reads the compiler's sources and holds
/// every such literal to `ProfileSchema`.
@Suite("Profile paths in code")
struct ProfilePathLiteralTests {
    /// Literals that start like a profile path but name something else, each with the reason.
    static let notPaths: [String: String] = [
        Fact.nodeIP: "a fact the agent resolves (Fact.nodeIP)"
    ]

    /// Every string literal in the compiler's sources that starts with a top-level profile key, with where it is.
    static func literals() throws -> [(literal: String, place: String)] {
        let roots = ProfileSchema.root.fields.map(\.name).joined(separator: "|")
        let pattern = try NSRegularExpression(pattern: "\"((?:\(roots))(?:\\.[A-Za-z]+|\\[[0-9]+\\])*)\"")
        var found: [(String, String)] = []
        for directory in ["Sources/NodeProfileCore", "Sources/nodeprofile"] {
            let base = Repository.root.appendingPathComponent(directory)
            let enumerator = try #require(FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil))
            while let url = enumerator.nextObject() as? URL {
                guard url.pathExtension == "swift" else { continue }
                let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
                for (number, line) in lines.enumerated()
                where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                    for match in pattern.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                        let literal = String(line[Range(match.range(at: 1), in: line)!])
                        let file = url.standardizedFileURL.path.dropFirst(
                            Repository.root.standardizedFileURL.path.count + 1)
                        found.append((literal, "\(file):\(number + 1)"))
                    }
                }
            }
        }
        return found
    }

    @Test("every profile path literal in the compiler names a field of ProfileSchema")
    func literalsAreSchemaPaths() throws {
        let literals = try Self.literals()
        // The compiler names well over a hundred paths in code; far fewer means the scan no longer finds them.
        #expect(literals.count > 100, "found only \(literals.count) profile path literals")
        for (literal, place) in literals where Self.notPaths[literal] == nil && !literal.hasSuffix(".service") {
            #expect(
                ProfileSchema.field(at: ProfilePath(stringLiteral: literal)) != nil,
                "\(place): \"\(literal)\" is not a field of the profile schema")
        }
    }

    @Test("the check itself finds a misspelt path")
    func checkFindsTypos() {
        #expect(ProfileSchema.field(at: "network.gateway.mtu") != nil)
        #expect(ProfileSchema.field(at: "network.clusterNetwork[0]") != nil)
        #expect(ProfileSchema.field(at: "network.gateway.mut") == nil)
        #expect(ProfileSchema.field(at: "proxy.passwordfile") == nil)
    }

    @Test("a literal parses into keys and list indices, and prints back as written")
    func literalComponents() {
        let path: ProfilePath = "loadBalancers[1].ports[0][2].port"
        #expect(
            path.components == [.key("loadBalancers"), .index(1), .key("ports"), .index(0), .index(2), .key("port")])
        #expect(path.description == "loadBalancers[1].ports[0][2].port")
        #expect(ProfilePath(stringLiteral: "network..mtu").components == [.key("network"), .key("mtu")])
        #expect(ProfilePath(stringLiteral: "node.h\u{F6}st[x]").components == [.key("node"), .key("h\u{F6}st[x]")])
    }
}
