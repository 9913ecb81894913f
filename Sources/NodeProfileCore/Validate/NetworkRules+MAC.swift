import NodeProfileManifest

extension NetworkRules {
    /// `network.gateway.macAddress`: the gateway NIC named by its MAC (`MACAddress`), for declarative mode, where the
    /// NIC's keyfile matches the MAC and the agent finds the NIC's name on the device. It names the NIC instead of
    /// `interface`, which then stays `auto` or absent; in the other modes MicroShift's configure-ovs.sh (or the
    /// person building br-ex) finds the NIC by name, so a MAC has nothing to go to.
    static func gatewayMAC(_ ctx: inout ValidationContext, _ mode: GatewayMode?, _ gateway: inout Profile.Gateway) {
        let path: ProfilePath = "network.gateway.macAddress"
        guard let text = ctx.checked(path, MACAddress.problem) else { return }
        // The interface as parsed just before: a refused name is reported once, not again as a second NIC name.
        if let name = gateway.interface {
            return ctx.error(
                "the gateway NIC is named twice, by MAC address and as interface '\(name)': keep one (leave interface out, or auto, with macAddress)",
                at: path)
        }
        switch mode {
        case .declarative:
            gateway.macAddress = MACAddress.normalized(text)
        case .microshift, .manual:
            let owner =
                mode == .microshift
                ? "MicroShift's configure-ovs.sh finds the NIC by name: name it in interface"
                : "you build br-ex yourself"
            ctx.errorAtKey(
                "gateway.macAddress applies to declarative mode only; in \(mode!.rawValue) mode \(owner)", at: path)
        case nil:
            break
        }
    }
}
