import Testing

@testable import NodeProfileCore

/// The naming rules (DNS, Kubernetes, Linux, RPM) and noProxy entries: each refusal says what is wrong, and an
/// accepted value reaches the typed profile as written.
@Suite("Name syntax")
struct NameSyntaxTests {
    @Test(
        "names refused, saying why",
        arguments: [
            (Names.dnsLabelProblem("-edge"), "must start and end with a letter or digit"),
            (Names.dnsLabelProblem("Edge-1"), "must be lowercase; did you mean 'edge-1'?"),
            (Names.dnsLabelProblem("edge_1"), "may hold only lowercase letters, digits and '-'"),
            (Names.dnsLabelProblem(String(repeating: "a", count: 64)), "is 64 characters; at most 63 allowed"),
            (Names.serviceNameProblem("1web"), "must start with a letter"),
            (Names.subdomainProblem("node..example"), "has an empty label (two dots, or a leading or trailing dot)"),
            (Names.subdomainProblem("node.Store"), "label 'Store' must be lowercase; did you mean 'store'?"),
            (Names.interfaceProblem("eth0:1"), "must not contain '/', ':' or whitespace"),
            (
                Names.interfaceProblem("eth%d"),
                "must not contain '%' (Linux reads it as a name template such as eth%d; NetworkManager refuses it)"
            ),
            (Names.interfaceProblem("enp0s20f0u1u2u3x"), "is 16 bytes; Linux interface names have at most 15"),
            (Names.rpmVersionProblem("1-2"), "must not contain '-' (RPM separates name, version and release with it)"),
            (
                Names.rpmVersionProblem("1..2"),
                "must not contain '..' (rpmbuild refuses that sequence in Version and Release)"
            ),
            (Names.labelKeyProblem("a/b/c"), "has more than one '/'"),
            (
                Names.labelKeyProblem("example..com/app"),
                "prefix has an empty label (two dots, or a leading or trailing dot)"
            ),
            (Names.labelValueProblem("-web"), "must start and end with a letter or digit"),
        ])
    func refused(_ problem: String?, _ message: String) {
        #expect(problem == message)
    }

    @Test(
        "noProxy entries refused, saying why",
        arguments: [
            ("", "must not be empty"),
            ("a b", "'a b' holds ' '; allowed: host names, .domains, IPv4 addresses and CIDRs"),
            ("10.0.0.256", "'10.0.0.256' is not a valid IPv4 address"),
            ("10.1.2.3/8", "'10.1.2.3/8': host bits are set; did you mean 10.0.0.0/8?"),
        ])
    func noProxyRefused(_ entry: String, _ message: String) {
        #expect(ProxyRules.noProxyProblem(entry) == message)
    }

    static let accepted = """
        apiVersion: nodeprofile/v1
        kind: NodeProfile
        metadata:
          name: edge-gw-01
          version: 1.2.3~rc1+git
          release: 2.el9
        target:
          microshift: "4.13"
        node:
          hostname: node.store.example
        network:
          gateway:
            interface: enp0s31f6
        proxy:
          http: http://proxy.example:3128
          noProxy: [.example.com, registry.local, 10.0.0.0/8, 192.168.1.1, "*"]
        loadBalancers:
          - name: web
            namespace: shop-1
            port: 8080
            targetPort: 80
            selector:
              app.kubernetes.io/name: ""

        """

    @Test("accepted names and entries reach the typed profile as written")
    func accepted() throws {
        let result = frontEnd(Self.accepted)
        #expect(result.diagnostics.isEmpty, "\(listing(result.diagnostics))")
        let profile = try #require(result.profile)
        #expect(profile.metadata.name == "edge-gw-01")
        #expect(profile.metadata.version == "1.2.3~rc1+git" && profile.metadata.release == "2.el9")
        #expect(profile.node.hostname == "node.store.example")
        #expect(profile.network.gateway.interface == "enp0s31f6")
        #expect(profile.proxy?.noProxy == [".example.com", "registry.local", "10.0.0.0/8", "192.168.1.1", "*"])
        let service = try #require(profile.loadBalancers.first)
        #expect(service.name == "web" && service.namespace == "shop-1")
        #expect(service.selector == [Profile.SelectorLabel(key: "app.kubernetes.io/name", value: "")])
    }
}
