import Foundation
import NodeProfileTestSupport
import Testing

/// A network namespace made for one test and deleted afterwards.
final class NetworkNamespace {
    let name: String

    init(_ prefix: String) throws {
        name = Tool.uniqueName(prefix)
        let run = try Tool.run("ip", ["netns", "add", name])
        guard run.status == 0 else {
            Issue.record("cannot create network namespace \(name) (root is needed): \(run.stderr)")
            throw CancellationError()
        }
    }

    /// Runs a command inside the namespace.
    @discardableResult
    func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> BuiltBinary.Run {
        try Tool.run("ip", ["netns", "exec", name, try Tool.path(tool)] + arguments, environment: environment)
    }

    /// Runs a command inside the namespace and records a failure when it fails.
    func must(_ tool: String, _ arguments: [String]) throws {
        let result = try run(tool, arguments)
        if result.status != 0 {
            Issue.record("\(tool) \(arguments.joined(separator: " ")) in \(name): \(result.stderr)")
        }
    }

    deinit { _ = try? Tool.run("ip", ["netns", "delete", name]) }
}
