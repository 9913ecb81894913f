import NodeProfileManifest

/// The uplink NIC's own connection, for releases whose configure-ovs.sh owns br-ex (MicroShift 4.14 on): at every
/// boot it deletes the keyfiles named `br-ex`, `ovs-if-br-ex`, `ovs-port-br-ex`, `ovs-if-phys0`, `ovs-port-phys0`
/// and `*-slave-ovs-clone`, then builds br-ex with no uplink, unmanaged by NetworkManager. So the node's addressing
/// lives on the NIC, in a plain ethernet keyfile under a name of ours that configure-ovs never deletes; MicroShift
/// looks for `node.nodeIP` there (from 4.14 it skips br-ex).
struct UplinkKeyfile: Artifact {
    /// The connection's id and file name.
    static let connection = "nodeprofile-uplink"

    /// The profile name, which seeds the stable UUID.
    var profileName: String
    /// The NIC's name, or the fact that names it on the device.
    var nic: DeviceValue<String>
    /// The NIC's MAC when the profile names the NIC by it: the connection then matches the MAC, not a name.
    var macAddress: String?
    /// The NIC's MTU; nil leaves the NIC's own.
    var mtu: Int?
    /// Static addressing; nil for DHCP.
    var staticIPv4: Profile.StaticIPv4?

    var path: String { "/etc/NetworkManager/system-connections/\(Self.connection).nmconnection" }
    var mode: Int { 0o600 }
    var template: String { "networkmanager/uplink.nmconnection" }
    var provenance: [ProfilePath] {
        [
            "network.gateway.mode", macAddress == nil ? "network.gateway.interface" : "network.gateway.macAddress",
            "network.gateway.mtu", "network.gateway.ipv4",
        ]
    }
    var facts: [String] { macAddress == nil ? nic.fact.map { [$0] } ?? [] : [] }
    var actions: [Action] { [Action(.networkManagerReload), Action(.networkManagerActivate, Self.connection)] }

    func context(_ common: CommonContext) -> TemplateContext {
        var values: [String: TemplateValue] = [
            "id": .text(Escape.keyfileValue(Self.connection)),
            "uuid": .text(GatewayKeyfile.uuid(profile: profileName, name: Self.connection)),
            "mtu": .optional(mtu.map { ["value": .text(String($0))] }),
        ]
        values.merge(GatewayKeyfile.matchValues(nic: nic, macAddress: macAddress)) { _, new in new }
        values.merge(GatewayKeyfile.ipv4Values(staticIPv4)) { _, new in new }
        return common.with(values)
    }
}
