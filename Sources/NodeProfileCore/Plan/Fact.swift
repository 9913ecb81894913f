import NodeProfileManifest

/// Names of the facts the agent can resolve, each defined once here: the planner declares them (`FactSpec`), and
/// bundle files and constraints refer to them by these names.
public enum Fact {
    /// The gateway NIC: the default-route interface.
    public static let gatewayNIC = "gateway.nic"
    /// The gateway NIC's MAC address.
    public static let gatewayMAC = "gateway.nic.mac"
    /// The gateway NIC's MTU.
    public static let gatewayMTU = "gateway.nic.mtu"
    /// The node IP: the default-route interface's address.
    public static let nodeIP = "node.ip"

    /// The placeholder for a fact.
    static func placeholder(_ name: String) -> String { FactSpec.placeholder(name) }
}
