import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileAgentCore

/// ROOT/var/lib/nodeprofile/fleet-node: the node a fleet image picked and by which of its identity values.
@Suite("Fleet node record")
struct FleetNodeRecordTests {
    @Test("written with what matched, read back; a two-field record reads with none; a broken one is none")
    func roundTrip() throws {
        let fixture = try AgentFixture()
        let fs = RootFS(root: fixture.path)
        let node = NodeIdentity(macs: ["52:54:00:00:00:01", "52:54:00:00:00:02"], serial: "SHOP-1")
        let device = NodeIdentity(macs: ["52:54:00:00:00:02", "52:54:00:99:00:07"], serial: "SHOP-1")
        let matched = FleetNodeRecord.matched(node, device).summary
        #expect(matched == "MAC 52:54:00:00:00:02, serial 'SHOP-1'")
        let record = FleetNodeRecord(fleet: "t", node: "shop-1", matched: matched)
        try fs.write(FleetNodeRecord.path, record.encoded, mode: 0o644)
        #expect(FleetNodeRecord.read(fs) == record)
        try fs.write(FleetNodeRecord.path, Array("t\tshop-1\n".utf8), mode: 0o644)
        #expect(FleetNodeRecord.read(fs) == FleetNodeRecord(fleet: "t", node: "shop-1", matched: nil))
        for broken in ["t\n", "\tshop-1\n", "a\tb\tc\td\n"] {
            try fs.write(FleetNodeRecord.path, Array(broken.utf8), mode: 0o644)
            #expect(FleetNodeRecord.read(fs) == nil, "\(broken)")
        }
    }
}
