/// Finds where a profile path is written, for diagnostics raised after validation (plan checks, rendering).
public struct ProfileLocator: Sendable {
    /// The parsed document.
    public var document: YAMLValue
    /// A locator over `document`.
    public init(document: YAMLValue) { self.document = document }

    /// The location of the value at `path`, or of its nearest written ancestor when the field took its default.
    public func location(of path: ProfilePath) -> SourceLocation {
        var probe = path
        while !probe.components.isEmpty {
            if let node = document.value(at: probe) { return node.location }
            probe.components.removeLast()
        }
        return document.location
    }

    /// True when the user wrote the field (rather than taking its default).
    public func isWritten(_ path: ProfilePath) -> Bool { document.value(at: path) != nil }
}
