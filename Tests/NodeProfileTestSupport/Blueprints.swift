import Foundation

/// The blueprint names, read from blueprints/ so a new blueprint joins every conformance test.
public enum Blueprints {
    /// Every blueprint's name (its file name without .yaml), sorted.
    public static let all: [String] = Repository.blueprints.map { $0.deletingPathExtension().lastPathComponent }
}
