import Foundation
import Testing

/// Files a command wrote into its output directory.
public enum OutputFiles {
    /// The one file in `directory` whose name ends in `suffix`; a recorded failure when there are none or several.
    public static func only(_ directory: URL, suffix: String) throws -> URL {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(suffix) }
        #expect(names.count == 1, "expected one *\(suffix) in \(directory.path): \(names)")
        return directory.appendingPathComponent(try #require(names.first))
    }

    /// A file's SHA-256 as coreutils' sha256sum prints it.
    public static func sha256(_ url: URL) throws -> String {
        String(try Tool.run("sha256sum", [url.path]).stdout.prefix(64))
    }
}
