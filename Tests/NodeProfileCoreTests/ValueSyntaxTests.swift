import Testing

@testable import NodeProfileCore

/// The small parsers every rule relies on.
@Suite("Value syntax")
struct ValueSyntaxTests {
    @Test(
        "IPv4 addresses parse strictly",
        arguments: [
            ("10.0.0.1", true), ("255.255.255.255", true), ("0.0.0.0", true),
            ("256.0.0.1", false), ("10.0.0", false), ("10.0.0.1.2", false), ("010.0.0.1", false),
            ("1e1.0.0.1", false), ("", false), (" 10.0.0.1", false), ("１.0.0.1", false),
        ])
    func ipv4(_ text: String, valid: Bool) {
        #expect((IPv4Address(text) != nil) == valid)
        if valid { #expect(IPv4Address(text)?.description == text) }
    }

    @Test("networks overlap exactly when they share an address")
    func overlaps() throws {
        let a = try CIDRText.network("10.42.0.0/16").get()
        #expect(a.overlaps(try CIDRText.network("10.42.255.0/24").get()))
        #expect(!a.overlaps(try CIDRText.network("10.43.0.0/16").get()))
        #expect(a.overlaps(try CIDRText.network("0.0.0.0/0").get()))
        #expect(a.last.description == "10.42.255.255" && a.size == 65536)
        #expect(CIDRText.network("10.42.0.1/16") == .failure(.hostBitsSet(suggested: a)))
        #expect(try CIDRText.network("10.0.0.7/32").get().contains(IPv4Address("10.0.0.7")!))
    }

    @Test(
        "CPU lists",
        arguments: [
            ("0", "0"), ("0-3", "0-3"), ("0,2,4-5", "0,2,4-5"), ("8191", "8191"),
        ])
    func cpuListValid(_ text: String, shown: String) throws {
        #expect(try CPUList.parse(text).get().description == shown)
    }

    @Test(
        "CPU lists refused",
        arguments: ["", "1,", ",1", "1--2", "2-1", "1,1", "0-3,2", "3,1", "8192", "x", "-1", "00000001"])
    func cpuListInvalid(_ text: String) {
        #expect((try? CPUList.parse(text).get()) == nil)
    }

    @Test("port ranges")
    func portRanges() throws {
        #expect(try PortRange.parse("30000-32767").get() == PortRange(lower: 30000, upper: 32767))
        for bad in ["30000", "0-10", "1-65536", "b-a", "+1-2", "1-2-3"] {
            #expect((try? PortRange.parse(bad).get()) == nil, "\(bad)")
        }
    }

    @Test(
        "proxy URLs",
        arguments: [
            ("http://proxy:3128", "http://proxy:3128/"), ("HTTPS://Proxy.Example/", "https://Proxy.Example/"),
            ("http://10.0.0.1:8080/", "http://10.0.0.1:8080/"), ("http://[fd00::1]:3128", "http://[fd00::1]:3128/"),
        ])
    func proxyValid(_ text: String, shown: String) throws {
        #expect(try ProxyURL.parse(text).get().description == shown)
    }

    @Test(
        "proxy URLs refused",
        arguments: [
            "proxy:3128", "socks5://proxy:1080", "http://u:p@proxy", "http://proxy:0", "http://proxy:x", "http://",
            "http://proxy/path", "http://proxy?q", "http://300.1.1.1", "http://bad_host",
        ])
    func proxyInvalid(_ text: String) {
        #expect((try? ProxyURL.parse(text).get()) == nil)
    }

    @Test("suggestions find likely typos only")
    func suggestions() {
        let keys = ["address", "gateway", "dns", "method"]
        #expect(Suggestion.nearest(to: "adress", in: keys) == "address")
        #expect(Suggestion.nearest(to: "gatewya", in: keys) == "gateway")
        #expect(Suggestion.nearest(to: "DNS", in: keys) == "dns")
        #expect(Suggestion.nearest(to: "zzz", in: keys) == nil)
        #expect(Suggestion.nearest(to: "x", in: ["mtu"]) == nil)
    }

    @Test("names")
    func names() {
        #expect(Names.dnsLabelProblem("edge-gw-01") == nil)
        #expect(Names.dnsLabelProblem("-edge") != nil)
        #expect(Names.subdomainProblem("node.store.example") == nil)
        #expect(Names.subdomainProblem("node..example") != nil)
        #expect(Names.interfaceProblem("enp0s31f6") == nil)
        #expect(Names.interfaceProblem("eth0:1") != nil)
        #expect(Names.rpmVersionProblem("1.2.3~rc1+git") == nil)
        #expect(Names.labelKeyProblem("app.kubernetes.io/name") == nil)
        #expect(Names.labelKeyProblem("a/b/c") != nil)
        #expect(Names.labelValueProblem("") == nil)
    }

    @Test("JSON strings escape quotes, backslashes and control characters only")
    func jsonQuoting() {
        #expect(JSONValue.quote("a\"b\\c\nd\u{1}é") == "\"a\\\"b\\\\c\\nd\\u0001é\"")
        let value = JSONValue.object([("b", .int(1)), ("a", .array([.bool(true), .null]))])
        #expect(value.serialized(pretty: false) == "{\"b\":1,\"a\":[true,null]}")
    }

    @Test("profile paths print and parse")
    func paths() {
        let path: ProfilePath = "firewall.blockNodePorts[2].port"
        #expect(path.components == [.key("firewall"), .key("blockNodePorts"), .index(2), .key("port")])
        #expect(path.description == "firewall.blockNodePorts[2].port")
    }
}
