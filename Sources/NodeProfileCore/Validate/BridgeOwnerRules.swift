/// Gateway rules for releases whose MicroShift owns br-ex (4.14 on: `MicroShiftRelease.BridgeOwner.microshift`).
/// Their configure-ovs.sh, run at every boot, deletes br-ex's keyfiles and rebuilds br-ex with no uplink, unmanaged,
/// and ignores ovn.yaml's `disableOVSInit` and `gatewayInterface`; their `pkg/util/net.go` skips br-ex when it looks
/// for `node.nodeIP`, and MicroShift exits (and restarts in a loop) when it finds no interface with it. So only
/// declarative mode is left, meaning the uplink NIC's own connection, and the node IP is the NIC's address.
enum BridgeOwnerRules {
    /// The rules for the target release and gateway mode as they parsed: none when either was refused.
    static func check(
        _ ctx: inout ValidationContext, _ profile: Profile, _ target: MicroShiftRelease?, _ parsed: NetworkRules.Parsed
    ) {
        guard let release = target, release.bridgeOwner == .microshift, let mode = parsed.gatewayMode else { return }
        let target = "target.microshift \(release.version)"
        switch mode {
        case .microshift:
            ctx.error(
                "gateway mode 'microshift' was removed in MicroShift 4.14 (\(target)): MicroShift always builds br-ex "
                    + "itself now, with no uplink, and reads no gatewayInterface; write mode: declarative (or leave "
                    + "mode out) with interface naming the NIC and its ipv4 (static or dhcp): nodeprofile then writes "
                    + "the NIC's own connection, where MicroShift finds the node IP",
                at: "network.gateway.mode")
        case .manual:
            ctx.error(
                "gateway mode 'manual' was removed in MicroShift 4.14 (\(target)): at every boot MicroShift deletes "
                    + "br-ex and its keyfiles and builds it again with no uplink, so a br-ex built by hand does not "
                    + "last; write mode: declarative (or leave mode out) with interface naming the NIC and its ipv4 "
                    + "(static or dhcp): nodeprofile then writes the NIC's own connection",
                at: "network.gateway.mode")
        case .declarative:
            checkNodeIP(&ctx, profile.node.nodeIP, parsed.addressing, target: target)
        }
        if let ceiling = release.podMTUCeiling, let pod = profile.network.mtu, pod > ceiling {
            ctx.error(
                "pod MTU \(pod) is larger than \(ceiling): MicroShift \(release.version) (\(target)) refuses an mtu "
                    + "above br-ex's MTU, and br-ex has no uplink there, so OVS gives it \(ceiling); set network.mtu "
                    + "to \(ceiling) or less (or auto), or target MicroShift 4.19 or later, which takes the NIC's MTU",
                at: "network.mtu")
        }
    }

    /// The node IP must be the NIC's static address, or absent with DHCP; nothing is said when the addressing was
    /// refused (nil), which was reported at its own field.
    private static func checkNodeIP(
        _ ctx: inout ValidationContext, _ nodeIP: IPv4Address?, _ addressing: NetworkRules.Addressing?, target: String
    ) {
        guard let nodeIP, let addressing else { return }
        switch addressing {
        case .staticIPv4(let ipv4):
            let address = ipv4.address
            guard address.address != nodeIP else { return }
            ctx.error(
                "nodeIP \(nodeIP) is not the NIC's static address \(address.address): from MicroShift 4.14 "
                    + "(\(target)) the node IP must be on the NIC, where MicroShift looks for it (it skips br-ex and "
                    + "restarts in a loop when no interface holds it); set nodeIP to \(address.address) or leave it out",
                at: "node.nodeIP")
        case .dhcp:
            ctx.error(
                "nodeIP \(nodeIP) with DHCP: from MicroShift 4.14 (\(target)) the node IP must be on the NIC, and a "
                    + "lease may give it another address, which MicroShift would not find (it restarts in a loop); "
                    + "leave nodeIP out (MicroShift takes the NIC's address) or set network.gateway.ipv4 to method: "
                    + "static with address \(nodeIP)/PREFIX",
                at: "node.nodeIP")
        }
    }
}
