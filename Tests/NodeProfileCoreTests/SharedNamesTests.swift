import NodeProfileManifest
import Testing

@testable import NodeProfileCore

/// The names the compiler writes and the agent acts on come from `SharedNames`, templates included.
@Suite("Shared names")
struct SharedNamesTests {
    @Test("the nft file declares, empties and fills the table the agent lists and deletes")
    func nftTable() throws {
        let rules = NFTablesRules(blocks: [
            Profile.NodePortBlock(port: 30080, target: .interface("eth1"), protocols: [.tcp])
        ])
        let text = try TemplateSet.builtIn().render(rules.template, rules.context(CommonContext(profile: "p")))
        let table = "table " + SharedNames.nftTable.joined(separator: " ")
        #expect(
            text.contains("\n\(table)\n") && text.contains("\ndelete \(table)\n") && text.contains("\n\(table) {\n"))
    }

    @Test("br-ex is the bridge the keyfiles build and the health check looks for")
    func bridge() throws {
        let result = frontEnd(MarkedProfile.header)
        let profile = try #require(result.profile)
        let keyfiles = Planner.plan(profile).artifacts.compactMap { $0 as? GatewayKeyfile }
        #expect(keyfiles.contains { $0.role == .bridge && $0.path.hasSuffix("/\(SharedNames.bridge).nmconnection") })
        #expect(HealthPlan.spec(profile, profile.release).bridge == SharedNames.bridge)
    }
}
