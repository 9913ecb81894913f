/// A rule a fact's value must keep that its own pattern and range cannot say, because it ties the value to one the
/// profile fixed at build time: the agent checks it on the device before writing anything, and `nodeprofile export
/// --fact` checks it the same way.
public struct FactConstraint: Codable, Sendable, Equatable {
    /// The rules there are.
    public enum Kind: String, ManifestWord {
        /// The NIC's MTU (`fact`) must be at least the pod MTU (`value`, the profile's `network.mtu`): MicroShift refuses
        /// to start when ovn.yaml's mtu is larger than br-ex's.
        case podMTU = "pod-mtu"
    }

    /// The rule.
    public var kind: Kind
    /// The fact it concerns, declared in the manifest's facts.
    public var fact: String
    /// The value the profile fixed that the fact is checked against.
    public var value: Int

    /// A constraint as the compiler records it.
    public init(kind: Kind, fact: String, value: Int) {
        self.kind = kind
        self.fact = fact
        self.value = value
    }

    /// Nil when `values` keep the rule or do not hold the fact (yet); otherwise the refusal, in one line, naming both
    /// numbers and what to change.
    public func problem(_ values: [String: String]) -> String? {
        guard let text = values[fact] else { return nil }
        switch kind {
        case .podMTU:
            guard let nic = Int(text), !PodMTU.fits(value, nic: nic) else { return nil }
            return "fact \(fact) is \(nic), smaller than the pod MTU \(value) (network.mtu), and MicroShift refuses a "
                + "pod MTU larger than br-ex's: set network.mtu to \(nic) or less (or auto), or the NIC's MTU to "
                + "\(value) or more (network.gateway.mtu)"
        }
    }

    /// The first refusal of any constraint in `constraints` for `values`, or nil.
    public static func problem(_ constraints: [FactConstraint], _ values: [String: String]) -> String? {
        constraints.lazy.compactMap { $0.problem(values) }.first
    }
}

/// The MTUs the profile, the compiler and the agent accept for a NIC, br-ex and pods, in bytes.
public enum MTURange {
    /// The smallest: IPv4's minimum datagram size.
    public static let minimum = 576
    /// The largest: a jumbo frame.
    public static let maximum = 9000
}

/// The pod-MTU rule, decided here once: validation applies it to MTUs the profile states, the agent (through
/// `FactConstraint`) to the NIC's MTU it finds on the device.
public enum PodMTU {
    /// True when pods of MTU `pod` fit a gateway NIC (and so br-ex) of MTU `nic`: MicroShift refuses to start when
    /// ovn.yaml's mtu is larger than br-ex's.
    public static func fits(_ pod: Int, nic: Int) -> Bool { pod <= nic }
}
