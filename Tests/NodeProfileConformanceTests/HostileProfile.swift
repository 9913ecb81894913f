import Foundation
import NodeProfileCore
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// One string field of the profile, and a profile that holds a given value in it.
struct StringField: CustomStringConvertible, Sendable {
    /// The profile path diagnostics must name, such as `proxy.noProxy[0]`.
    let path: String
    /// The whole profile with `⟪V⟫` where the YAML-quoted value goes.
    let yaml: String
    /// Files in the profile's directory (the proxy password file).
    var resources: [String: [UInt8]] = ["password": Array("s3cret-pw\n".utf8)]
    /// The value is a mapping key: libyaml itself refuses keys over 1024 characters, with a syntax error (no path).
    var isKey = false

    /// The path, as the test case name.
    var description: String { path }

    /// The profile text for `value`, and where the value's opening quote is (1-based line and column in scalars).
    func profile(_ value: String) -> (text: String, line: Int, column: Int) {
        let marker = yaml.range(of: "⟪V⟫")!
        let before = yaml[..<marker.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let column =
            (before.split(separator: "\n", omittingEmptySubsequences: false).last ?? "").unicodeScalars.count + 1
        return (yaml.replacingOccurrences(of: "⟪V⟫", with: HostileStrings.yamlQuoted(value)), line, column)
    }
}

/// A profile compiled in process, as `nodeprofile build` does: refused with diagnostics, or a bundle and its spec.
enum HostileCompile {
    /// What compiling one profile gave.
    enum Outcome {
        case refused([Diagnostic])
        case accepted(files: [String: String], spec: String)
    }

    /// The built-in templates, loaded once.
    static let templates: TemplateSet = try! TemplateSet.builtIn()

    /// The compiler every property test goes through, as `nodeprofile build` does.
    static let compiler = ProfileCompiler(templates: templates, generator: "nodeprofile property test")

    /// Compiler and spec for one profile text.
    static func run(_ text: String, resources: [String: [UInt8]] = [:]) -> Outcome {
        let bytes = Array(text.utf8)
        let result = compiler.compile(.bytes(bytes, file: "hostile.yaml"), resources: InMemoryResources(resources))
        guard let profile = result.profile, let bundle = result.bundle else { return .refused(result.diagnostics) }
        let spec = RPMSpec(
            manifest: bundle.manifest, description: profile.metadata.description, profileDigest: SHA256.hex(bytes),
            epoch: RPMSpec.defaultEpoch)
        do {
            let files = Dictionary(
                uniqueKeysWithValues: bundle.files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
            return .accepted(files: files, spec: try spec.render(templates))
        } catch {
            return .refused([Diagnostic(.error, "spec: \(error)", at: .wholeFile("hostile.yaml"))])
        }
    }

    /// The osbuild blueprint export of an accepted profile, and the files it must carry (facts filled in).
    static func blueprint(_ text: String, resources: [String: [UInt8]] = [:]) -> (
        toml: String, files: [String: String]
    )? {
        let result = compiler.compile(
            .bytes(Array(text.utf8), file: "hostile.yaml"), resources: InMemoryResources(resources))
        guard let bundle = result.bundle else { return nil }
        let facts = FactValues(values: BuiltBundle.sampleFacts)
        guard case .success(let toml) = Exporter.blueprint(bundle, facts: facts) else { return nil }
        var files: [String: String] = [:]
        for file in bundle.files where file.appliedBy == .agent {
            if case .success(let bytes) = facts.resolve(file) {
                files[file.path] = String(decoding: bytes, as: UTF8.self)
            }
        }
        return (toml, files)
    }

    /// Runs every value through `field`; refusals are checked here, accepted values are returned with their bundles.
    /// A refusal must be an error naming the field's path (or an item under it) at the value's line and column.
    static func sort(_ values: [String], into field: StringField) -> [(
        value: String, files: [String: String], spec: String
    )] {
        var accepted: [(String, [String: String], String)] = []
        for value in values {
            let (text, line, column) = field.profile(value)
            switch run(text, resources: field.resources) {
            case .accepted(let files, let spec):
                accepted.append((value, files, spec))
            case .refused(let diagnostics):
                let errors = diagnostics.filter { $0.severity == .error }
                let located = errors.contains { error in
                    if error.path == nil && field.isKey && value.count > 1024 { return error.location.line == line }
                    guard let path = error.path,
                        path == field.path || path.hasPrefix(field.path + ".") || path.hasPrefix(field.path + "[")
                    else {
                        return false
                    }
                    return error.location.file == "hostile.yaml" && error.location.line == line
                        && error.location.column == column
                }
                #expect(
                    !errors.isEmpty && located,
                    "seed \(HostileStrings.seed): \(field.path) = \(HostileStrings.shown(value)) was refused without an error at hostile.yaml:\(line):\(column) [\(field.path)]: \(errors.map { "\($0.location.line):\($0.location.column) [\($0.path ?? "-")] \($0.message)" })"
                )
            }
        }
        return accepted
    }
}

/// Wording shared by the property tests' failure messages.
func failing(_ field: StringField, _ value: String, _ what: String) -> Comment {
    Comment(rawValue: "seed \(HostileStrings.seed): \(field.path) = \(HostileStrings.shown(value)): \(what)")
}
