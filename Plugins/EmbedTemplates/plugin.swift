import Foundation
import PackagePlugin

/// Embeds every file under the package's `templates/` directory into the target as Swift string
/// literals, so the installed `nodeprofile` binary needs no resource files beside it.
@main
struct EmbedTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let templates = context.package.directoryURL.appending(path: "templates")
        let files = Self.files(under: templates)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTemplates.swift")
        return [.buildCommand(
            displayName: "Embedding \(files.count) templates",
            executable: try context.tool(named: "TemplateEmbedder").url,
            arguments: [templates.path(percentEncoded: false), output.path(percentEncoded: false)],
            inputFiles: files,
            outputFiles: [output])]
    }

    /// Regular files below `directory`, sorted, skipping hidden ones.
    static func files(under directory: URL) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey],
                                                        options: [.skipsHiddenFiles])
        var result: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { result.append(url) }
        }
        return result.sorted { $0.path < $1.path }
    }
}
