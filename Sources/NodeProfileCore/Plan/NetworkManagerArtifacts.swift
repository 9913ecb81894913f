import NodeProfileManifest

/// The keyfile plugin MicroShift's OVS gateway needs, in a conf.d file of nodeprofile's own that NetworkManager
/// reads after MicroShift's microshift-nm.conf (conf.d files are read in name order; a later key wins).
struct KeyfilePluginConf: Artifact {
    var fileName: String

    var path: String { "/etc/NetworkManager/conf.d/\(fileName)" }
    var template: String { "networkmanager/keyfile-plugin.conf" }
    var provenance: [ProfilePath] { ["network.gateway.mode"] }
    var actions: [Action] { [Action(.networkManagerReload)] }
    func context(_ common: CommonContext) -> TemplateContext { common.with([:]) }
}

/// The five connections that make br-ex in declarative mode, laid out as MicroShift's configure-ovs does:
/// the bridge, its internal port and interface (with the IPv4 setup, MAC and MTU), and the NIC's port and
/// ethernet connection.
struct GatewayKeyfile: Artifact {
    /// Which of the five connections this is.
    enum Role: String, CaseIterable, Sendable {
        case bridge = "br-ex"
        case bridgePort = "ovs-port-br-ex"
        case bridgeInterface = "ovs-if-br-ex"
        case nicPort = "ovs-port-phys0"
        case nicInterface = "ovs-if-phys0"
    }

    var role: Role
    /// The profile name, which seeds the stable UUIDs.
    var profileName: String
    /// The NIC's name, or the fact that names it on the device.
    var nic: DeviceValue<String>
    /// The NIC's MAC when the profile names the NIC by it: the NIC's ethernet connection matches the MAC, not a name,
    /// and br-ex takes it as its own without the `gateway.nic.mac` fact.
    var macAddress: String? = nil
    /// The MTU, or the fact that gives it on the device; nil leaves NetworkManager's default.
    var mtu: DeviceValue<Int>?
    var staticIPv4: Profile.StaticIPv4?
    var provenance: [ProfilePath]
    var facts: [String]

    var path: String { "/etc/NetworkManager/system-connections/\(role.rawValue).nmconnection" }
    var mode: Int { 0o600 }
    var template: String {
        switch role {
        case .bridge: "networkmanager/ovs-bridge.nmconnection"
        case .bridgePort, .nicPort: "networkmanager/ovs-port.nmconnection"
        case .bridgeInterface: "networkmanager/ovs-interface.nmconnection"
        case .nicInterface: "networkmanager/ethernet.nmconnection"
        }
    }
    var actions: [Action] {
        [Action(.networkManagerReload), Action(.networkManagerActivate, Role.bridgeInterface.rawValue)]
    }

    /// A stable UUID for a connection of this profile: SHA-256 of profile and connection name, as a version 8 UUID.
    static func uuid(profile: String, connection: Role) -> String { uuid(profile: profile, name: connection.rawValue) }

    /// A stable UUID for the connection `name` of a profile, made as for the five.
    static func uuid(profile: String, name: String) -> String {
        var bytes = Array(SHA256.hex("nodeprofile:\(profile):\(name)".utf8).utf8.prefix(32))
        // Version 8 (custom) in the 13th hex digit, RFC 9562 variant in the 17th.
        bytes[12] = UInt8(ascii: "8")
        let variant = "89ab".utf8.map { $0 }
        bytes[16] = variant[Int(bytes[16] % 4)]
        let hex = String(decoding: bytes, as: UTF8.self)
        let parts = [
            hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4),
            hex.dropFirst(20),
        ]
        return parts.joined(separator: "-")
    }

    func context(_ common: CommonContext) -> TemplateContext {
        let interface: String =
            switch role {
            case .bridge, .bridgePort, .bridgeInterface: SharedNames.bridge
            case .nicPort, .nicInterface: nic.text { $0 }
            }
        let master: Role? =
            switch role {
            case .bridge: nil
            case .bridgePort, .nicPort: .bridge
            case .bridgeInterface: .bridgePort
            case .nicInterface: .nicPort
            }
        var values: [String: TemplateValue] = [
            "id": .text(Escape.keyfileValue(role.rawValue)),
            "uuid": .text(Self.uuid(profile: profileName, connection: role)),
            "interface": .text(Escape.keyfileValue(interface)),
            "master": .text(master.map { Self.uuid(profile: profileName, connection: $0) } ?? ""),
            "mac": .text(macAddress ?? Fact.placeholder(Fact.gatewayMAC)),
            "mtu": .optional(mtu.map { ["value": .text($0.text { String($0) })] }),
        ]
        if role == .nicInterface { values.merge(Self.matchValues(nic: nic, macAddress: macAddress)) { _, new in new } }
        values.merge(Self.ipv4Values(staticIPv4)) { _, new in new }
        return common.with(values)
    }

    /// How the NIC's own ethernet connection finds the NIC: `interface-name=` (a name or the `gateway.nic` fact), or,
    /// for a NIC named by MAC, `[ethernet] mac-address=` and no name, so it follows the NIC whatever the device calls it.
    static func matchValues(nic: DeviceValue<String>, macAddress: String?) -> [String: TemplateValue] {
        [
            "name": .optional(macAddress == nil ? ["value": .text(Escape.keyfileValue(nic.text { $0 }))] : nil),
            "matchMAC": .optional(macAddress.map { ["value": .text($0)] }),
        ]
    }

    /// A keyfile's `static` section (address, gateway) and `dns` list, both empty for DHCP.
    static func ipv4Values(_ ipv4: Profile.StaticIPv4?) -> [String: TemplateValue] {
        guard let ipv4 else { return ["static": .list([]), "dns": .list([])] }
        return [
            "static": .list([
                TemplateContext([
                    "address": .text(ipv4.address.description),
                    "gateway": .optional(ipv4.gateway.map { ["ip": .text($0.description)] }),
                ])
            ]),
            "dns": .optional(ipv4.dns.isEmpty ? nil : ["servers": .text(ipv4.dns.map { "\($0);" }.joined())]),
        ]
    }
}
