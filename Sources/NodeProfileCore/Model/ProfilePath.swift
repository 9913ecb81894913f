/// A field's address in a profile, printed as `network.gateway.ipv4.address` or `loadBalancers[1].port`.
public struct ProfilePath: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// One step: a mapping key or a list index.
    public enum Component: Sendable, Hashable {
        /// A mapping key.
        case key(String)
        /// A list index, from 0.
        case index(Int)
    }

    /// The steps from the document root.
    public var components: [Component]

    /// The path of `components`; none is the document root.
    public init(_ components: [Component] = []) { self.components = components }

    /// Parses the dotted form used in code: `a.b[2].c`. On UTF-8 bytes: the validator makes dozens of these per
    /// profile, and splitting by Characters cost more than a fleet node's whole validation.
    public init(stringLiteral value: String) {
        var components: [Component] = []
        for part in value.utf8.split(separator: UInt8(ascii: ".")) {
            var name = part
            var indices: [Int] = []
            while name.last == UInt8(ascii: "]"), let open = name.lastIndex(of: UInt8(ascii: "[")),
                let index = Int(
                    String(decoding: name[name.index(after: open)..<name.index(before: name.endIndex)], as: UTF8.self))
            {
                indices.insert(index, at: 0)
                name = name[..<open]
            }
            components.append(.key(String(decoding: name, as: UTF8.self)))
            components.append(contentsOf: indices.map(Component.index))
        }
        self.components = components
    }

    /// This path extended by a key.
    public func appending(_ key: String) -> ProfilePath { ProfilePath(components + [.key(key)]) }

    /// This path extended by a list index.
    public func appending(index: Int) -> ProfilePath { ProfilePath(components + [.index(index)]) }

    /// The dotted form, `network.gateway.ipv4.address` or `loadBalancers[1].port`.
    public var description: String {
        var out = ""
        for component in components {
            switch component {
            case .key(let key): out += (out.isEmpty ? "" : ".") + key
            case .index(let index): out += "[\(index)]"
            }
        }
        return out
    }
}

extension YAMLValue {
    /// The node at `path` below this one, if present.
    public func value(at path: ProfilePath) -> YAMLValue? {
        var node = self
        for component in path.components {
            switch component {
            case .key(let key):
                guard let next = node[key] else { return nil }
                node = next
            case .index(let index):
                guard let items = node.items, items.indices.contains(index) else { return nil }
                node = items[index]
            }
        }
        return node
    }
}
