import Foundation

/// The blueprint names, read from blueprints/ so a new blueprint joins every conformance test.
public enum Blueprints {
    public static let all: [String] = {
        let directory = BuiltBinary.repository.appendingPathComponent("blueprints")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()
}
