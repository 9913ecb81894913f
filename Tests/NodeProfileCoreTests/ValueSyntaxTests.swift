import Testing

@testable import NodeProfileCore

/// The small parsers every rule relies on.
@Suite("Value syntax")
struct ValueSyntaxTests {
    @Test("IPv4 addresses parse strictly", arguments: ["10.0.0.1", "255.255.255.255", "0.0.0.0"])
    func ipv4(_ text: String) {
        #expect(IPv4Address(text)?.description == text)
    }

    @Test(
        "IPv4 addresses refused, saying what an address is",
        arguments: ["256.0.0.1", "10.0.0", "10.0.0.1.2", "010.0.0.1", "1e1.0.0.1", "", " 10.0.0.1", "１.0.0.1"])
    func ipv4Refused(_ text: String) {
        #expect(IPv4Address(text) == nil)
        #expect(
            AddressRules.host(text, what: "nodeIP")
                == .failure(
                    ValueError(
                        "nodeIP '\(text)' is not an IPv4 address (four decimal octets 0-255, no leading zeros)")))
    }

    @Test(
        "host addresses: IPv6, a prefix and addresses no host holds are refused, naming the field",
        arguments: [
            ("fd00::1", "DNS server 'fd00::1' is IPv6; MicroShift 4.13 is single-stack IPv4"),
            ("10.0.0.5/24", "DNS server is a single address, without a prefix length: write 10.0.0.5"),
            ("127.0.0.53", "DNS server must be a unicast host address: 127.0.0.0/8 is loopback"),
            ("0.0.0.0", "DNS server must be a unicast host address: 0.0.0.0/8 is 'this network', not a host address"),
            ("239.1.1.1", "DNS server must be a unicast host address: 224.0.0.0/4 is multicast"),
            ("255.255.255.255", "DNS server must be a unicast host address: 255.255.255.255 is the broadcast address"),
        ])
    func hostRefused(_ text: String, _ message: String) {
        #expect(AddressRules.host(text, what: "DNS server") == .failure(ValueError(message)))
    }

    @Test(
        "interface addresses: a host of its subnet, with a prefix",
        arguments: [
            ("192.168.1.10/24", "192.168.1.10/24"), ("10.0.0.0/31", "10.0.0.0/31"), ("10.0.0.7/32", "10.0.0.7/32"),
        ])
    func interfaceAddress(_ text: String, _ shown: String) throws {
        #expect(try AddressRules.interface(text).get().description == shown)
    }

    @Test(
        "interface addresses refused",
        arguments: [
            ("192.168.1.10", "address needs a prefix length, such as 192.168.1.10/24"),
            ("192.168.1.0/24", "192.168.1.0 is the network address of 192.168.1.0/24, not a host address"),
            ("192.168.1.255/24", "192.168.1.255 is the broadcast address of 192.168.1.0/24, not a host address"),
            ("127.0.0.1/8", "address must be a unicast host address: 127.0.0.0/8 is loopback"),
            ("10.0.0.1/33", "prefix length '33' must be a number from 0 to 32"),
            ("fd00::1/64", "IPv6 is not supported: MicroShift 4.13 is single-stack IPv4"),
        ])
    func interfaceAddressRefused(_ text: String, _ message: String) {
        #expect(AddressRules.interface(text) == .failure(ValueError(message)))
    }

    @Test("networks overlap exactly when they share an address")
    func overlaps() throws {
        let a = try CIDRText.network("10.42.0.0/16").get()
        #expect(a.overlaps(try CIDRText.network("10.42.255.0/24").get()))
        #expect(!a.overlaps(try CIDRText.network("10.43.0.0/16").get()))
        #expect(a.overlaps(try CIDRText.network("0.0.0.0/0").get()))
        #expect(a.last.description == "10.42.255.255" && a.size == 65536)
        #expect(CIDRText.network("10.42.0.1/16") == .failure(.hostBitsSet(suggested: a)))
        #expect(problem(CIDRText.network("10.42.0.1/16")) == "host bits are set; did you mean 10.42.0.0/16?")
        #expect(problem(CIDRText.network("10.42.0.0")) == "expected ADDRESS/PREFIX such as 10.42.0.0/16")
        #expect(problem(CIDRText.network("10.42.0.0/x")) == "prefix length 'x' must be a number from 0 to 32")
        #expect(
            problem(CIDRText.network("10.42.0.01/16"))
                == "'10.42.0.01' is not an IPv4 address (four decimal octets 0-255, no leading zeros)")
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

    static let notACPU = "is not a CPU number or range; use kernel cpulist syntax such as 0,2,4-5"

    @Test(
        "CPU lists refused, saying why",
        arguments: [
            ("", "a CPU list must not be empty; for example \"0\" or \"0-3\""), ("1,", "'' \(notACPU)"),
            (",1", "'' \(notACPU)"), ("1--2", "'1--2' \(notACPU)"), ("2-1", "range 2-1 runs backwards; write 1-2"),
            ("1,1", "CPU 1 is listed twice; list each CPU once"),
            ("0-3,2", "CPU 2 is listed twice; list each CPU once"),
            ("3,1", "CPU list must be ascending: 1 comes after 3"),
            ("8192", "CPU 8192 is above the kernel's limit of 8191"),
            ("x", "'x' \(notACPU)"), ("-1", "'-1' \(notACPU)"), ("00000001", "'00000001' \(notACPU)"),
        ])
    func cpuListInvalid(_ text: String, _ message: String) {
        #expect(CPUList.parse(text) == .failure(ValueError(message)))
    }

    @Test("port ranges", arguments: [("30000-32767", 30000, 32767), ("1-65535", 1, 65535), ("80-80", 80, 80)])
    func portRanges(_ text: String, _ lower: Int, _ upper: Int) throws {
        #expect(try PortRange.parse(text).get() == PortRange(lower: lower, upper: upper))
    }

    @Test(
        "port ranges refused, saying why",
        arguments: [
            ("30000", "expected FIRST-LAST such as 30000-32767"), ("0-10", "ports must be from 1 to 65535"),
            ("1-65536", "ports must be from 1 to 65535"), ("b-a", "expected FIRST-LAST such as 30000-32767"),
            ("+1-2", "expected FIRST-LAST such as 30000-32767"), ("1-2-3", "expected FIRST-LAST such as 30000-32767"),
            ("32767-30000", "range runs backwards; write 30000-32767"),
        ])
    func portRangesRefused(_ text: String, _ message: String) {
        #expect(PortRange.parse(text) == .failure(ValueError(message)))
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
        "proxy URLs refused, saying why",
        arguments: [
            ("proxy:3128", "expected an absolute URL such as http://proxy.example.com:3128"),
            ("socks5://proxy:1080", "scheme 'socks5' is not allowed; use http or https"),
            ("http://u:p@proxy", "credentials must not appear in the URL; use proxy.username and proxy.passwordFile"),
            ("http://proxy:0", "port '0' must be a number from 1 to 65535"),
            ("http://proxy:x", "port 'x' must be a number from 1 to 65535"), ("http://", "the URL has no host"),
            ("http://proxy/path", "a proxy URL has no path, query or fragment; use http(s)://host[:port]"),
            ("http://proxy?q", "a proxy URL has no path, query or fragment; use http(s)://host[:port]"),
            ("http://300.1.1.1", "'300.1.1.1' is not a valid IPv4 address"),
            (
                "http://bad_host",
                "host 'bad_host' is not a valid host name: label 'bad_host' may hold only lowercase letters, digits and '-'"
            ),
            ("http://[fd00::g]", "'[fd00::g]' is not a bracketed IPv6 address (hex digits, ':' and '.' only)"),
        ])
    func proxyInvalid(_ text: String, _ message: String) {
        #expect(ProxyURL.parse(text) == .failure(ValueError(message)))
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

/// The message of a parse that failed, or nil when it parsed.
func problem<T, E: Error & CustomStringConvertible>(_ result: Result<T, E>) -> String? {
    if case .failure(let error) = result { error.description } else { nil }
}
