import NodeProfileManifest

/// /etc/nodeprofile/nodeprofile.nft: one table, replaced whole, with a drop rule per NodePort block.
struct NFTablesRules: Artifact {
    static let rulesPath = "/etc/nodeprofile/nodeprofile.nft"

    var blocks: [Profile.NodePortBlock]

    var path: String { Self.rulesPath }
    var template: String { "nftables/nodeprofile.nft" }
    var provenance: [ProfilePath] { blocks.indices.map { ProfilePath("firewall.blockNodePorts").appending(index: $0) } }
    var actions: [Action] { [Action(.nftReplace, Self.rulesPath)] }

    /// The comment of block `index`'s rule, by which the greenboot check finds it in the loaded table.
    static func comment(_ index: Int) -> String { "firewall.blockNodePorts[\(index)]" }

    /// The nft match for one block, such as `ip daddr 10.0.0.1 tcp dport 30700`.
    static func match(_ block: Profile.NodePortBlock) -> String {
        let target: String =
            switch block.target {
            case .address(let ip): "ip daddr \(ip)"
            case .interface(let name): "iifname \(Escape.nftString(name) ?? "\"\"")"
            }
        let ports =
            block.protocols.count == 1
            ? "\(block.protocols[0].rawValue) dport \(block.port)"
            : "meta l4proto { tcp, udp } th dport \(block.port)"
        return "\(target) \(ports)"
    }

    func context(_ common: CommonContext) -> TemplateContext {
        common.with([
            "rules": .list(
                blocks.enumerated().map { index, block in
                    TemplateContext([
                        "match": .text(Self.match(block)),
                        "comment": .text(Escape.nftString(Self.comment(index))!),
                    ])
                })
        ])
    }
}

/// The unit that loads the table at every boot, before the network and MicroShift come up.
struct NFTablesUnit: Artifact {
    var path: String { "/etc/systemd/system/nodeprofile-nftables.service" }
    var template: String { "systemd/nodeprofile-nftables.service" }
    var provenance: [ProfilePath] { ["firewall.blockNodePorts"] }
    var actions: [Action] { [Action(.daemonReload)] }
    func context(_ common: CommonContext) -> TemplateContext {
        common.with(["rules": .text(Escape.systemdValue(NFTablesRules.rulesPath))])
    }
}
