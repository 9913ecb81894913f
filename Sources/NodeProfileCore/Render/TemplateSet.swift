import Foundation
import NodeProfileManifest

/// The templates a build uses: the built-in ones, each replaceable by a file of the same relative path
/// in a user's `--templates DIR`.
public struct TemplateSet: Sendable {
    private var templates: [String: Template]

    /// The built-in templates only.
    public static func builtIn() throws(TemplateError) -> TemplateSet {
        try TemplateSet(sources: EmbeddedTemplates.files)
    }

    /// The names of the built-in templates.
    public static var builtInNames: [String] { EmbeddedTemplates.files.keys.sorted() }

    /// Parses every source; names are paths below templates/.
    public init(sources: [String: String]) throws(TemplateError) {
        var templates: [String: Template] = [:]
        for (name, source) in sources { templates[name] = try Template(name: name, source: source) }
        self.templates = templates
    }

    /// The built-in templates with those found in `directory` replacing them. A file there that
    /// matches no built-in template is an error, so a misspelt override cannot be silently ignored.
    public static func withOverrides(from directory: URL) throws(TemplateError) -> TemplateSet {
        var sources = EmbeddedTemplates.files
        let root = directory.standardizedFileURL
        guard
            let enumerator = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey],
                options: [.skipsHiddenFiles])
        else {
            throw TemplateError(template: directory.path, problem: "cannot read the templates directory")
        }
        while let url = enumerator.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let name = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            guard sources[name] != nil else {
                throw TemplateError(
                    template: name,
                    problem: "overrides no built-in template; known: \(builtInNames.joined(separator: ", "))")
            }
            guard case .success(let bytes) = RegularFile.read(url.path, limit: 1 << 20),
                let text = String(validating: bytes, as: UTF8.self)
            else {
                throw TemplateError(template: name, problem: "is not readable UTF-8 text")
            }
            sources[name] = text
        }
        return try TemplateSet(sources: sources)
    }

    /// Renders the template `name` with `context`.
    public func render(_ name: String, _ context: TemplateContext) throws(TemplateError) -> String {
        guard let template = templates[name] else { throw TemplateError(template: name, problem: "no such template") }
        return try template.render(context)
    }
}
