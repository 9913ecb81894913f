import Foundation

@testable import NodeProfileCore

/// A profile text with the offending token marked inline as ⟪token⟫, so a test states where a
/// diagnostic must point without counting lines.
struct MarkedProfile: CustomStringConvertible {
    /// The header most cases share; prepended unless the text starts with `apiVersion` or `raw` is set.
    static let header = "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: t\n"

    /// The text with the markers removed.
    let text: String
    /// 1-based line of the marker.
    let line: Int
    /// 1-based column (Unicode scalars) of the marker.
    let column: Int

    init(_ marked: String, raw: Bool = false) {
        let full =
            raw || marked.replacingOccurrences(of: "⟪", with: "").hasPrefix("apiVersion")
            ? marked : MarkedProfile.header + marked
        var text = ""
        var line = 1
        var column = 1
        var foundLine = 0
        var foundColumn = 0
        for scalar in full.unicodeScalars {
            if scalar == "⟪" {
                foundLine = line
                foundColumn = column
                continue
            }
            if scalar == "⟫" { continue }
            text.unicodeScalars.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        precondition(foundLine > 0, "test profile has no ⟪marker⟫: \(marked)")
        self.text = text
        self.line = foundLine
        self.column = foundColumn
    }

    var description: String { text }

    /// Compiles the text, with optional in-memory files beside it.
    func diagnose(files: [String: String] = [:]) -> ProfileCompilation {
        frontEnd(text, files: files)
    }
}

/// The compiler the tests run profiles through: the one entry point, built-in templates, a fixed secret seed.
let testCompiler = ProfileCompiler(templates: try! TemplateSet.builtIn(), generator: "test", secretSeed: [1])

/// Compiles an unmarked text as `test.yaml` (every stage: a profile that validates is also planned and rendered).
func frontEnd(_ text: String, files: [String: String] = [:]) -> ProfileCompilation {
    let resources = InMemoryResources(files.mapValues { Array($0.utf8) })
    return testCompiler.compile(.source(SourceText(file: "test.yaml", text: text)), resources: resources)
}

/// Renders diagnostics one per line for failure messages.
func listing(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.map { "\($0.location.line):\($0.location.column) \($0.severity): \($0.message) [\($0.path ?? "-")]" }
        .joined(separator: "\n")
}

extension Diagnostic {
    /// The warning every profile without `target.microshift` gets: background in cases about something else.
    var isTargetDefaultWarning: Bool { severity == .warning && path == "target.microshift" }
}
