/// A value a generated file needs: known when the profile compiles, or a fact the agent resolves on the device and
/// writes where the file holds the fact's placeholder (`@@fact:NAME@@`). Plan checks compare known values as what
/// they are (an MTU as an integer) instead of parsing file text back.
public enum DeviceValue<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The profile gave the value.
    case known(Value)
    /// The device knows it: the fact's name (`Fact`).
    case fact(String)

    /// The fact this value waits for, or nil when it is known.
    public var fact: String? {
        if case .fact(let name) = self { return name }
        return nil
    }

    /// The value as a file holds it: `format` of a known value, the fact's placeholder otherwise.
    public func text(_ format: (Value) -> String) -> String {
        switch self {
        case .known(let value): format(value)
        case .fact(let name): Fact.placeholder(name)
        }
    }
}

extension DeviceValue: CustomStringConvertible where Value: CustomStringConvertible {
    /// The value as a file holds it (the placeholder for a fact).
    public var description: String { text(\.description) }
}
