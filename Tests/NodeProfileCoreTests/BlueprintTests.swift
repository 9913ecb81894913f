import Foundation
import NodeProfileTestSupport
import Testing

@testable import NodeProfileCore

/// The shipped blueprints are valid, warning-free, and mean what their comments say.
@Suite("Blueprints")
struct BlueprintTests {
    static let required = [
        "default", "static-ip", "proxy", "nodeport-block", "loadbalancer", "microshift-gateway", "manual-gateway",
        "release-4-16", "release-4-18", "nic-by-mac", "nic-by-mac-4-13",
    ]

    private static func load(_ name: String) -> ProfileCompilation {
        let url = Repository.root.appendingPathComponent("blueprints/\(name).yaml")
        let bytes = (try? Data(contentsOf: url)).map { [UInt8]($0) } ?? []
        return testCompiler.compile(
            .bytes(bytes, file: url.path), resources: FileSystemResources(profilePath: url.path))
    }

    @Test("every required blueprint exists")
    func requiredBlueprintsExist() {
        let present = Repository.blueprints.map { $0.deletingPathExtension().lastPathComponent }
        for name in Self.required { #expect(present.contains(name), "blueprints/\(name).yaml is missing") }
    }

    @Test("each blueprint validates with no diagnostic at all (so --strict passes)", arguments: required)
    func validatesStrictly(_ name: String) {
        let result = Self.load(name)
        #expect(result.diagnostics.isEmpty, "\(listing(result.diagnostics))")
        #expect(result.profile?.metadata.name == name)
    }

    @Test("default.yaml is MicroShift 4.13's defaults")
    func defaults() throws {
        let profile = try #require(Self.load("default").profile)
        #expect(profile.microshift == "4.13")
        #expect(profile.metadata.version == "1.0.0" && profile.metadata.release == "1")
        #expect(profile.network.clusterNetwork.description == "10.42.0.0/16")
        #expect(profile.network.serviceNetwork.description == "10.43.0.0/16")
        #expect(profile.network.serviceNodePortRange.description == "30000-32767")
        #expect(profile.network.mtu == nil && profile.network.ipForward)
        #expect(
            profile.network.gateway == Profile.Gateway(mode: .declarative, interface: nil, mtu: nil, staticIPv4: nil))
        #expect(
            profile.ovs
                == Profile.OVS(
                    cpuAffinity: CPUList(ranges: [0...0]), memoryLock: false, handlerThreads: 1,
                    revalidatorThreads: 1))
        #expect(profile.crioManagementCPUSet.description == "0")
        #expect(profile.proxy == nil && profile.nodePortBlocks.isEmpty && profile.loadBalancers.isEmpty)
    }

    @Test("static-ip.yaml types every value it sets")
    func staticIP() throws {
        let profile = try #require(Self.load("static-ip").profile)
        let ipv4 = try #require(profile.network.gateway.staticIPv4)
        #expect(ipv4.address.description == "192.168.122.14/24")
        #expect(ipv4.gateway?.description == "192.168.122.1")
        #expect(ipv4.dns.map(\.description) == ["192.168.122.1", "192.168.122.2"])
        #expect(profile.network.gateway.interface == "eth0" && profile.network.gateway.mtu == 1500)
        #expect(profile.network.mtu == 1400)
        #expect(profile.node.hostname == "store-0421-gw" && profile.node.nodeIP?.description == "192.168.122.14")
        #expect(profile.ovs.cpuAffinity.description == "0-1")
    }

    @Test("proxy.yaml reads its password file and keeps services in order")
    func proxy() throws {
        let proxy = try #require(Self.load("proxy").profile?.proxy)
        #expect(proxy.http?.description == "http://proxy.corp.example:3128/")
        #expect(proxy.username == "edge" && proxy.passwordFile == "secrets/proxy.pass")
        #expect(proxy.services == [.crio, .rpmOstreed])
        #expect(proxy.noProxy == [".corp.example", "10.20.0.0/16"])
    }

    @Test("nodeport-block.yaml and loadbalancer.yaml")
    func firewallAndServices() throws {
        let blocks = try #require(Self.load("nodeport-block").profile?.nodePortBlocks)
        #expect(
            blocks == [
                Profile.NodePortBlock(port: 30700, target: .address(IPv4Address("192.168.150.33")!), protocols: [.tcp]),
                Profile.NodePortBlock(port: 30701, target: .interface("eth1"), protocols: [.tcp, .udp]),
            ])
        let services = try #require(Self.load("loadbalancer").profile?.loadBalancers)
        #expect(
            services == [
                Profile.LoadBalancer(
                    name: "nginx", namespace: "nginx-lb-test", port: 81, targetPort: 8080,
                    transport: .tcp, selector: [.init(key: "app", value: "nginx")])
            ])
    }

    @Test("the gateway mode blueprints")
    func gatewayModes() {
        #expect(Self.load("microshift-gateway").profile?.network.gateway.mode == .microshift)
        #expect(Self.load("microshift-gateway").profile?.network.gateway.interface == "enp1s0")
        #expect(Self.load("manual-gateway").profile?.network.gateway.mode == .manual)
        #expect(Self.load("manual-gateway").profile?.ovs.handlerThreads == 2)
    }
}
