extension Profile.NodePortBlock.Target: CustomStringConvertible {
    /// `address(10.0.0.1)` or `interface("eth1")`: the words Swift's reflection printed for the target, written
    /// out, because reflection (the runtime's look-ups of the printing protocols) cost more than the rest of
    /// validation; the duplicate check of NodePort blocks keys on this text.
    public var description: String {
        switch self {
        case .address(let ip): "address(\(ip))"
        case .interface(let name): "interface(\(name.debugDescription))"
        }
    }
}
