import NodeProfileManifest

extension Planner {
    /// The gateway NIC: the profile's, or a fact the agent resolves on the device: the NIC with the profile's MAC
    /// (`network.gateway.macAddress`), else the default-route interface. Everything that needs the NIC's name takes
    /// this value; a keyfile for a NIC named by MAC matches the MAC instead of a name.
    static func gatewayNIC(_ profile: Profile, facts: inout [FactSpec]) -> DeviceValue<String> {
        let gateway = profile.network.gateway
        if let name = gateway.interface { return .known(name) }
        facts.append(
            FactSpec(
                name: Fact.gatewayNIC, source: gateway.macAddress == nil ? .defaultRouteInterface : .interfaceByMAC,
                mac: gateway.macAddress, retries: 12, intervalSeconds: 5, pattern: "^[A-Za-z0-9_.-]{1,15}$"))
        return .fact(Fact.gatewayNIC)
    }

    /// From MicroShift 4.14 (`MicroShiftRelease.BridgeOwner.microshift`): the uplink NIC's own connection, named by
    /// the profile, matched by its MAC, or found on the device as the default-route interface. Its MTU is the profile's,
    /// or the NIC's own.
    static func uplinkKeyfiles(_ profile: Profile, facts: inout [FactSpec]) -> [any Artifact] {
        let gateway = profile.network.gateway
        let nic = gatewayNIC(profile, facts: &facts)
        return [
            UplinkKeyfile(
                profileName: profile.metadata.name, nic: nic, macAddress: gateway.macAddress, mtu: gateway.mtu,
                staticIPv4: gateway.staticIPv4)
        ]
    }
}
