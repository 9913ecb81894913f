import Foundation
import NodeProfileTestSupport
import Testing

/// The nft table: accepted by `nft -c`, idempotent to load, and really dropping blocked NodePorts.
@Suite("Conformance: nftables")
struct NFTablesConformanceTests {
    static let rules = "/etc/nodeprofile/nodeprofile.nft"

    @Test(
        "nft -c accepts the table in a fresh namespace, and loading it twice leaves one table",
        arguments: Blueprints.all)
    func check(_ blueprint: String) throws {
        let bundle = try BuiltBundle.build(blueprint)
        guard bundle.manifest.files.contains(where: { $0.path == Self.rules }) else {
            #expect(
                !(try String(
                    contentsOf: BuiltBinary.repository.appendingPathComponent("blueprints/\(blueprint).yaml"),
                    encoding: .utf8))
                    .contains("blockNodePorts:\n    -"), "a profile with NodePort blocks must get a table")
            return
        }
        let namespace = try NetworkNamespace("np-nftc-")
        let file = bundle.url(Self.rules).path
        let check = try namespace.run("nft", ["-c", "-f", file])
        #expect(check.status == 0, "nft -c: \(check.stderr)")
        try namespace.must("nft", ["-f", file])
        try namespace.must("nft", ["-f", file])
        let tables = try namespace.run("nft", ["list", "tables"])
        #expect(tables.stdout == "table inet nodeprofile\n")
    }

    /// A listener on every address of the server namespace, answering each connection with "ok".
    static let listener = """
        import socket, sys, threading
        def serve(port):
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("0.0.0.0", port)); s.listen(8)
            while True:
                c, _ = s.accept(); c.sendall(b"ok"); c.close()
        for port in map(int, sys.argv[1:]):
            threading.Thread(target=serve, args=(port,), daemon=True).start()
        print("listening", flush=True)
        sys.stdin.read()  # the test closes stdin when it is done
        """

    static let client = """
        import socket, sys
        try:
            s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2)
            print(s.recv(2).decode())
        except OSError as e:
            print("blocked" if isinstance(e, TimeoutError) or "timed out" in str(e) else "error " + str(e))
        """

    @Test("in a namespace pair, blocked address:port pairs time out while others answer, and counters rise")
    func traffic() throws {
        let bundle = try BuiltBundle.build("nodeport-block")
        let server = try NetworkNamespace("np-srv-")
        let client = try NetworkNamespace("np-cli-")
        let veth = Tool.uniqueName("npv")
        try Tool.run("ip", ["link", "add", veth, "type", "veth", "peer", "name", veth + "c"])
        try Tool.run("ip", ["link", "set", veth, "netns", server.name, "name", "eth1"])
        try Tool.run("ip", ["link", "set", veth + "c", "netns", client.name, "name", "eth0"])
        try server.must("ip", ["addr", "add", "192.168.150.33/24", "dev", "eth1"])
        try server.must("ip", ["addr", "add", "192.168.150.34/24", "dev", "eth1"])
        try client.must("ip", ["addr", "add", "192.168.150.10/24", "dev", "eth0"])
        for namespace in [server, client] {
            try namespace.must("ip", ["link", "set", "lo", "up"])
            try namespace.must("ip", ["link", "set", namespace === server ? "eth1" : "eth0", "up"])
        }
        try server.must("nft", ["-f", bundle.url(Self.rules).path])
        let python = try Tool.path("python3")
        let listener = Process()
        listener.executableURL = URL(fileURLWithPath: try Tool.path("ip"))
        listener.arguments = ["netns", "exec", server.name, python, "-c", Self.listener, "30700", "30701", "30702"]
        let ready = Pipe()
        let done = Pipe()
        listener.standardOutput = ready
        listener.standardInput = done
        try listener.run()
        defer {
            try? done.fileHandleForWriting.close()
            listener.waitUntilExit()
        }
        _ = ready.fileHandleForReading.availableData // "listening"

        func connect(_ address: String, _ port: Int) throws -> String {
            try client.run("python3", ["-c", Self.client, address, String(port)]).stdout.trimmingCharacters(
                in: .whitespacesAndNewlines)
        }
        #expect(try connect("192.168.150.34", 30700) == "ok", "another address still answers on the blocked port")
        #expect(try connect("192.168.150.33", 30702) == "ok", "an unblocked port on the blocked address answers")
        #expect(
            try connect("192.168.150.33", 30700) == "blocked", "blockNodePorts[0]: address 192.168.150.33, tcp 30700")
        #expect(try connect("192.168.150.34", 30701) == "blocked", "blockNodePorts[1]: interface eth1, port 30701")
        let ruleset = try server.run("nft", ["-j", "list", "table", "inet", "nodeprofile"])
        let counters = try Self.counters(ruleset.stdout)
        #expect(
            counters["firewall.blockNodePorts[0]", default: 0] > 0
                && counters["firewall.blockNodePorts[1]", default: 0] > 0,
            "drop counters: \(counters)")
    }

    /// Packets counted per rule comment, from `nft -j` output.
    static func counters(_ json: String) throws -> [String: Int] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        var result: [String: Int] = [:]
        for item in object?["nftables"] as? [[String: Any]] ?? [] {
            guard let rule = item["rule"] as? [String: Any], let comment = rule["comment"] as? String else { continue }
            for expression in rule["expr"] as? [[String: Any]] ?? [] {
                if let counter = expression["counter"] as? [String: Any] {
                    result[comment] = counter["packets"] as? Int
                }
            }
        }
        return result
    }
}
