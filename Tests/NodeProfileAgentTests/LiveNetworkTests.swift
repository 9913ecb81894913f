import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileAgentCore

/// Runs every command inside a network namespace, through the agent's own runner (the real programs).
struct NamespaceRunner: CommandRunner {
    let namespace: String
    func run(_ command: [String]) -> (status: Int32, output: String) {
        SystemCommandRunner().run(["ip", "netns", "exec", namespace] + command)
    }
}

/// A network namespace for one test: the running network the greenboot check reads, built with the real `ip` and `nft`.
final class TestNamespace {
    let name = "np-health-\(UInt32.random(in: 0...UInt32.max) % 1_000_000)"
    var runner: NamespaceRunner { NamespaceRunner(namespace: name) }

    init() throws {
        let made = SystemCommandRunner().run(["ip", "netns", "add", name])
        guard made.status == 0 else {
            Issue.record(
                "cannot create network namespace \(name) (root and iproute2 are needed; `make deps`): \(made.output)")
            throw CancellationError()
        }
    }

    /// Runs each command in the namespace; a failure is recorded with its output.
    func must(_ commands: [String]...) {
        for command in commands {
            let result = runner.run(command)
            if result.status != 0 { Issue.record("\(command.joined(separator: " ")): \(result.output)") }
        }
    }

    /// The nft file nodeprofile generates for blueprints/nodeport-block.yaml (the golden tree), loaded for real.
    func loadNodePortBlocks() {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Goldens/nodeport-block/root/etc/nodeprofile/nodeprofile.nft").path
        must(["nft", "-f", file])
    }

    deinit { _ = SystemCommandRunner().run(["ip", "netns", "delete", name]) }
}

/// The live half of the greenboot check (`verify --health`): br-ex, the node's addresses and the NodePort rules, read
/// from `ip -j addr show` and `nft -j list table inet nodeprofile` in a namespace made to be healthy or broken. Each
/// unhealthy case is set up for real first, and must fail with its own reason.
@Suite("Greenboot check: the running network")
struct LiveNetworkTests {
    /// The golden nodeport-block bundle's health section, with a static address as declarative mode would have.
    static let spec = HealthSpec(
        bridge: "br-ex", addresses: [AddressCheck(address: "192.168.150.33", interface: "br-ex")],
        nodePortBlocks: [
            NodePortBlockCheck(comment: "firewall.blockNodePorts[0]", port: 30700),
            NodePortBlockCheck(comment: "firewall.blockNodePorts[1]", port: 30701),
        ])

    /// A namespace with br-ex up holding the profile's address and the NodePort table loaded.
    static func healthy() throws -> TestNamespace {
        let namespace = try TestNamespace()
        namespace.must(
            ["ip", "link", "add", "br-ex", "type", "bridge"],
            ["ip", "addr", "add", "192.168.150.33/24", "dev", "br-ex"],
            ["ip", "link", "set", "br-ex", "up"])
        namespace.loadNodePortBlocks()
        return namespace
    }

    @Test("healthy: br-ex up with its address and every NodePort block loaded")
    func healthy() throws {
        let namespace = try Self.healthy()
        let result = LiveNetwork(runner: namespace.runner).check(Self.spec)
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(
            result.passed == [
                "br-ex is up", "192.168.150.33 on br-ex is present",
                "NodePort block firewall.blockNodePorts[0] (port 30700) is loaded",
                "NodePort block firewall.blockNodePorts[1] (port 30701) is loaded",
            ])
    }

    @Test("br-ex missing")
    func bridgeMissing() throws {
        let namespace = try Self.healthy()
        namespace.must(["ip", "link", "delete", "br-ex"])
        let result = LiveNetwork(runner: namespace.runner).check(Self.spec)
        #expect(
            result.problems == ["br-ex does not exist", "192.168.150.33 on br-ex is missing (br-ex does not exist)"])
    }

    @Test("br-ex set down")
    func bridgeDown() throws {
        let namespace = try Self.healthy()
        namespace.must(["ip", "link", "set", "br-ex", "down"])
        let result = LiveNetwork(runner: namespace.runner).check(Self.spec)
        #expect(result.problems.first?.hasPrefix("br-ex is down (state DOWN, flags ") == true, "\(result.problems)")
    }

    @Test("br-ex up but without carrier (its link partner is down)")
    func bridgeNoCarrier() throws {
        let namespace = try TestNamespace()
        namespace.must(
            ["ip", "link", "add", "br-ex", "type", "veth", "peer", "name", "np-peer"],
            ["ip", "addr", "add", "192.168.150.33/24", "dev", "br-ex"], ["ip", "link", "set", "br-ex", "up"])
        namespace.loadNodePortBlocks()
        let result = LiveNetwork(runner: namespace.runner).check(Self.spec)
        #expect(
            result.problems.count == 1
                && result.problems[0].hasPrefix("br-ex is down (state LOWERLAYERDOWN, flags NO-CARRIER,"),
            "\(result.problems)")
    }

    @Test("the profile's address absent from br-ex (another one there instead)")
    func addressAbsent() throws {
        let namespace = try Self.healthy()
        namespace.must(["ip", "addr", "flush", "dev", "br-ex"], ["ip", "addr", "add", "10.0.0.9/24", "dev", "br-ex"])
        let result = LiveNetwork(runner: namespace.runner).check(Self.spec)
        #expect(result.problems == ["192.168.150.33 on br-ex is missing (br-ex has 10.0.0.9/24)"])
    }

    @Test("the node IP on no interface; on any interface is enough")
    func nodeIPAbsent() throws {
        let namespace = try Self.healthy()
        let spec = HealthSpec(
            bridge: nil, addresses: [AddressCheck(address: "10.1.1.1", interface: nil)], nodePortBlocks: [])
        #expect(LiveNetwork(runner: namespace.runner).check(spec).problems == ["node IP 10.1.1.1 is on no interface"])
        namespace.must(
            ["ip", "link", "add", "eth9", "type", "bridge"], ["ip", "addr", "add", "10.1.1.1/32", "dev", "eth9"])
        #expect(LiveNetwork(runner: namespace.runner).check(spec).problems.isEmpty)
    }

    @Test("with DHCP: br-ex without any IPv4 address")
    func noDHCPAddress() throws {
        let namespace = try Self.healthy()
        namespace.must(["ip", "addr", "flush", "dev", "br-ex"])
        let spec = HealthSpec(
            bridge: "br-ex", addresses: [AddressCheck(address: nil, interface: "br-ex")], nodePortBlocks: [])
        #expect(
            LiveNetwork(runner: namespace.runner).check(spec).problems == [
                "an IPv4 address on br-ex is missing (br-ex has no IPv4 address)"
            ])
    }

    @Test("the NodePort table not loaded")
    func tableMissing() throws {
        let namespace = try Self.healthy()
        namespace.must(["nft", "delete", "table", "inet", "nodeprofile"])
        let problems = LiveNetwork(runner: namespace.runner).check(Self.spec).problems
        #expect(
            problems.count == 1
                && problems[0].hasPrefix("NodePort blocks are not loaded: table inet nodeprofile is missing (Error: "),
            "\(problems)")
    }

    /// The handle of the rule whose comment is `comment`, from nft's own listing.
    static func handle(_ namespace: TestNamespace, _ comment: String) -> String? {
        let listing = namespace.runner.run(["nft", "-a", "list", "table", "inet", "nodeprofile"]).output
        return listing.split(separator: "\n").first { $0.contains("comment \"\(comment)\"") }?.split(separator: " ")
            .last.map(String.init)
    }

    @Test("one NodePort block's rule deleted from the loaded table")
    func ruleMissing() throws {
        let namespace = try Self.healthy()
        let handle = try #require(Self.handle(namespace, "firewall.blockNodePorts[1]"))
        namespace.must(["nft", "delete", "rule", "inet", "nodeprofile", "prerouting", "handle", handle])
        #expect(
            LiveNetwork(runner: namespace.runner).check(Self.spec).problems
                == ["NodePort block firewall.blockNodePorts[1] (port 30701) is not loaded in table inet nodeprofile"])
    }

    @Test("a rule with the block's comment that no longer drops its port")
    func ruleChanged() throws {
        let namespace = try Self.healthy()
        let handle = try #require(Self.handle(namespace, "firewall.blockNodePorts[0]"))
        namespace.must([
            "nft", "replace", "rule", "inet", "nodeprofile", "prerouting", "handle", handle,
            "ip", "daddr", "192.168.150.33", "tcp", "dport", "30799", "counter", "accept", "comment",
            "\"firewall.blockNodePorts[0]\"",
        ])
        #expect(
            LiveNetwork(runner: namespace.runner).check(Self.spec).problems
                == ["NodePort block firewall.blockNodePorts[0] (port 30700) is loaded but does not drop port 30700"])
    }
}
