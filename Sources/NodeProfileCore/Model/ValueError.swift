/// A message explaining why a value was rejected.
public struct ValueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and what is allowed.
    public var description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
