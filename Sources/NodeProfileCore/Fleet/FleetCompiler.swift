import Dispatch
import NodeProfileManifest

/// Compiles every node of a fleet: merges it over the base, then runs the merged document through `ProfileCompiler`
/// (every stage, as for one profile), on all cores, handing each bundle to the caller as soon as it exists and
/// keeping only what the caller returns, so memory stays flat however many nodes there are. Templates, the base
/// document and the compiler are shared by every node.
public struct FleetCompiler: Sendable {
    /// The compiler every node goes through (its `strict` applies to every node).
    public var compiler: ProfileCompiler

    /// A fleet compiler that compiles each node with `compiler`.
    public init(compiler: ProfileCompiler) {
        self.compiler = compiler
    }

    /// What one node produced.
    public struct NodeOutput: Sendable {
        /// The node as the fleet file wrote it.
        public var node: FleetNode
        /// The node's profile, merged and validated.
        public var profile: Profile
        /// The node's compiled bundle.
        public var bundle: CompiledBundle
        /// The sha256 of the base text and the node's own sections: the node's source, for the RPM changelog.
        public var sourceDigest: String
    }

    /// Compiles every node and runs `each` on every node that compiles, on all cores at once (nodes share nothing
    /// but read-only inputs); returns what `each` returned, in node order (nil for a node with errors), and every
    /// diagnostic, warnings included. A problem located in the base file is reported once, naming its nodes.
    /// The first error `each` throws is rethrown after every node has been seen.
    public func compile<Output: Sendable>(
        _ fleet: Fleet, base: YAMLValue, baseText: String,
        resources: @Sendable (YAMLValue) -> any ResourceReader,
        each: @Sendable (NodeOutput) throws -> Output
    ) throws -> (outputs: [Output?], diagnostics: [Diagnostic]) {
        let slots = Slots<NodeResult<Output>>(count: fleet.nodes.count)
        DispatchQueue.concurrentPerform(iterations: fleet.nodes.count) { index in
            slots[index] = compileNode(
                fleet.nodes[index], base: base, baseText: baseText, resources: resources, each: each)
        }
        var own: [Diagnostic] = []
        var shared: [Diagnostic: [String]] = [:]
        var outputs: [Output?] = []
        outputs.reserveCapacity(fleet.nodes.count)
        var firstError: (any Error)?
        for (index, node) in fleet.nodes.enumerated() {
            let result = slots[index]!
            outputs.append(result.output)
            if firstError == nil { firstError = result.error }
            for diagnostic in result.diagnostics {
                if diagnostic.location.file == node.nameValue.location.file {
                    var named = diagnostic
                    let prefix = "node \(node.name): "
                    if !named.message.hasPrefix(prefix) { named.message = prefix + named.message }
                    own.append(named)
                } else {
                    shared[diagnostic, default: []].append(node.name)
                }
            }
        }
        if let firstError { throw firstError }
        let total = fleet.nodes.count
        // Node names stay in fleet order; the bag sorts the diagnostics themselves by position.
        let attributed = shared.map { diagnostic, names -> Diagnostic in
            var named = diagnostic
            named.message = Self.nodesPhrase(names, of: total) + ": " + diagnostic.message
            return named
        }
        var bag = DiagnosticBag()
        bag.report(contentsOf: own + attributed)
        return (outputs, bag.sorted)
    }

    private struct NodeResult<Output> {
        var output: Output?
        var diagnostics: [Diagnostic]
        var error: (any Error)?
    }

    private func compileNode<Output>(
        _ node: FleetNode, base: YAMLValue, baseText: String,
        resources: (YAMLValue) -> any ResourceReader,
        each: (NodeOutput) throws -> Output
    ) -> NodeResult<Output> {
        let document = ProfileMerge.profile(base: base, node: node)
        let result = compiler.compile(.document(document), resources: resources(document))
        guard let profile = result.profile, let bundle = result.bundle else {
            return NodeResult(output: nil, diagnostics: result.diagnostics)
        }
        let digest = SHA256.hex(Array((baseText + "\u{0}" + ProfileMerge.canonicalText(node.overrides)).utf8))
        do {
            return NodeResult(
                output: try each(NodeOutput(node: node, profile: profile, bundle: bundle, sourceDigest: digest)),
                diagnostics: result.diagnostics)
        } catch {
            return NodeResult(output: nil, diagnostics: result.diagnostics, error: error)
        }
    }

    /// "node a", "nodes a, b and 3 more", "every node (12)".
    static func nodesPhrase(_ names: [String], of total: Int) -> String {
        if names.count == total && total > 1 { return "every node (\(total))" }
        if names.count == 1 { return "node \(names[0])" }
        let shown = names.prefix(3).joined(separator: ", ")
        return names.count > 3 ? "nodes \(shown) and \(names.count - 3) more" : "nodes \(shown)"
    }
}

/// Fixed slots that concurrent workers fill, each worker writing only its own index.
final class Slots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    subscript(index: Int) -> Value? {
        get { storage[index] }
        set { storage[index] = newValue }
    }
}
