import NodeProfileManifest

extension Planner {
    /// The gateway NIC: the profile's, or the default-route interface found on the device (declared as a fact).
    static func gatewayNIC(_ profile: Profile, facts: inout [FactSpec]) -> DeviceValue<String> {
        let nic: DeviceValue<String> = profile.network.gateway.interface.map { .known($0) } ?? .fact(Fact.gatewayNIC)
        if nic.fact != nil {
            facts.append(
                FactSpec(
                    name: Fact.gatewayNIC, source: .defaultRouteInterface, retries: 12, intervalSeconds: 5,
                    pattern: "^[A-Za-z0-9_.-]{1,15}$"))
        }
        return nic
    }

    /// From MicroShift 4.14 (`MicroShiftRelease.BridgeOwner.microshift`): the uplink NIC's own connection, named by
    /// the profile or found on the device as the default-route interface. Its MTU is the profile's, or the NIC's own.
    static func uplinkKeyfiles(_ profile: Profile, facts: inout [FactSpec]) -> [any Artifact] {
        let gateway = profile.network.gateway
        let nic = gatewayNIC(profile, facts: &facts)
        return [
            UplinkKeyfile(
                profileName: profile.metadata.name, nic: nic, mtu: gateway.mtu, staticIPv4: gateway.staticIPv4)
        ]
    }
}
