/// Rules for NodePort blocks: port in range, a unicast address or valid interface, no duplicates.
enum FirewallRules {
    static func blocks(_ ctx: inout ValidationContext, nodePortRange: PortRange?) -> [Profile.NodePortBlock] {
        var blocks: [Profile.NodePortBlock] = []
        var seen: [String: Int] = [:]
        for index in 0..<ctx.count("firewall.blockNodePorts") {
            let base = ProfilePath("firewall.blockNodePorts").appending(index: index)
            guard let port = ctx.integer(base.appending("port")) else { continue }
            if let range = nodePortRange, !range.contains(port) {
                ctx.error(
                    "port \(port) is outside serviceNodePortRange \(range); only NodePorts can be blocked",
                    at: base.appending("port"))
            }
            let target: Profile.NodePortBlock.Target
            if ctx.isSet(base.appending("address")) {
                guard let ip = AddressRules.hostAddress(&ctx, base.appending("address"), what: "address") else {
                    continue
                }
                target = .address(ip)
            } else {
                guard
                    let name = ctx.checked(
                        base.appending("interface"), { Names.interfaceProblem($0).map { "interface \($0)" } })
                else { continue }
                target = .interface(name)
            }
            // A refused protocol was reported; checking the block as the default (tcp) would report a guess.
            guard let blocked = ctx.choice(base.appending("protocol"), as: BlockedProtocols.self) else { continue }
            let protocols = blocked.transports
            for transport in protocols {
                let key = "\(port)/\(transport.rawValue)/\(target)"
                if let first = seen[key] {
                    ctx.error(
                        "duplicate rule: blockNodePorts[\(first)] already blocks \(transport.rawValue) port \(port) on \(target.shown)",
                        at: base)
                    break
                }
                seen[key] = index
            }
            blocks.append(Profile.NodePortBlock(port: port, target: target, protocols: protocols))
        }
        return blocks
    }
}

extension Profile.NodePortBlock.Target {
    /// The target as a user wrote it, for messages.
    var shown: String {
        switch self {
        case .address(let ip): "address \(ip)"
        case .interface(let name): "interface \(name)"
        }
    }
}
