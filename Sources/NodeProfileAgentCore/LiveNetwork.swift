import NodeProfileManifest

/// One interface as `ip -j addr show` reports it.
public struct IPLink: Decodable, Sendable, Equatable {
    /// The interface name, such as `br-ex`.
    public var ifname: String
    /// The link flags, such as `UP` and `LOWER_UP`.
    public var flags: [String]?
    /// The operational state: `UP`, `DOWN`, `UNKNOWN` and so on.
    public var operstate: String?
    // swift-format-ignore: AlwaysUseLowerCamelCase
    /// The interface's IPv4 and IPv6 addresses (the name is `ip`'s JSON key).
    public var addr_info: [IPAddress]?

    /// One address of the interface.
    public struct IPAddress: Decodable, Sendable, Equatable {
        /// `inet` for IPv4, `inet6` for IPv6.
        public var family: String?
        /// The address itself, without its prefix length.
        public var local: String?
        /// The prefix length, such as 24.
        public var prefixlen: Int?
        /// Where the address is valid: `global`, `link` or `host`.
        public var scope: String?
    }

    /// The interface's IPv4 addresses with their prefix, such as `192.168.1.5/24`.
    var ipv4: [String] {
        (addr_info ?? []).filter { $0.family == "inet" }.compactMap { address in
            address.local.map { "\($0)/\(address.prefixlen ?? 32)" }
        }
    }
}

/// Compares the running network with a bundle's `HealthSpec`, reading what the kernel reports through the real programs
/// (`ip -j addr show`, `nft -j list table inet nodeprofile`) run by the agent's command runner.
public struct LiveNetwork: Sendable {
    /// Runs `ip` and `nft`: the agent's runner, or a fake or a network namespace's in tests.
    public var runner: any CommandRunner

    /// A checker that runs its programs with `runner`.
    public init(runner: any CommandRunner) { self.runner = runner }

    /// Every interface, or why they could not be read.
    public func links() -> Result<[IPLink], AgentError> {
        let result = runner.run(["ip", "-j", "addr", "show"])
        guard result.status == 0 else {
            return .failure(
                .verification("ip -j addr show failed (exit \(result.status)): \(Self.firstLine(result.output))"))
        }
        do {
            return .success(try JSONCodec.decode([IPLink].self, from: Array(result.output.utf8)))
        } catch {
            return .failure(.verification("cannot read the output of ip -j addr show (\(error))"))
        }
    }

    /// What passed and what failed of `spec`, in the spec's order: the bridge, each address, each NodePort block.
    public func check(_ spec: HealthSpec) -> (passed: [String], problems: [String]) {
        var passed: [String] = []
        var problems: [String] = []
        let links: [IPLink]
        switch self.links() {
        case .success(let read): links = read
        case .failure(let error): return ([], ["\(error)"])
        }
        func link(_ name: String) -> IPLink? { links.first { $0.ifname == name } }
        if let bridge = spec.bridge {
            if let found = link(bridge) {
                let flags = found.flags ?? []
                if flags.contains("UP") && flags.contains("LOWER_UP") {
                    passed.append("\(bridge) is up")
                } else {
                    problems.append(
                        "\(bridge) is down (state \(found.operstate ?? "unknown"), flags \(flags.joined(separator: ",")))"
                    )
                }
            } else {
                problems.append("\(bridge) does not exist")
            }
        }
        for check in spec.addresses {
            let candidates = check.interface.map { name in link(name).map { [$0] } ?? [] } ?? links
            let found = candidates.contains { candidate in
                (candidate.addr_info ?? []).contains { address in
                    address.family == "inet"
                        && (check.address.map { address.local.flatMap(IPv4Text.octets) == IPv4Text.octets($0) }
                            ?? (address.scope == "global"))
                }
            }
            if found {
                passed.append("\(check.summary) is present")
            } else if let name = check.interface, let held = link(name) {
                problems.append(
                    "\(check.summary) is missing (\(name) has \(held.ipv4.isEmpty ? "no IPv4 address" : held.ipv4.joined(separator: ", ")))"
                )
            } else if let name = check.interface {
                problems.append("\(check.summary) is missing (\(name) does not exist)")
            } else {
                problems.append("node IP \(check.summary) is on no interface")
            }
        }
        if !spec.nodePortBlocks.isEmpty {
            let blocks = nodePortBlocks(spec.nodePortBlocks)
            passed += blocks.passed
            problems += blocks.problems
        }
        return (passed, problems)
    }

    /// Each block's rule in the loaded table: found by its comment, dropping, matching its destination port.
    func nodePortBlocks(_ blocks: [NodePortBlockCheck]) -> (passed: [String], problems: [String]) {
        let table = HealthSpec.nftTable.joined(separator: " ")
        let result = runner.run(["nft", "-j", "list", "table"] + HealthSpec.nftTable)
        guard result.status == 0 else {
            return (
                [], ["NodePort blocks are not loaded: table \(table) is missing (\(Self.firstLine(result.output)))"]
            )
        }
        let rules: [JSONValue]
        do {
            let tree = try JSONParser.parse(Array(result.output.utf8))
            rules = (tree["nftables"]?.elements ?? []).compactMap { $0["rule"] }
        } catch {
            return ([], ["cannot read the output of nft -j list table \(table) (\(error))"])
        }
        var passed: [String] = []
        var problems: [String] = []
        for block in blocks {
            let name = "NodePort block \(block.comment) (port \(block.port))"
            guard let rule = rules.first(where: { $0["comment"] == .string(block.comment) }) else {
                problems.append("\(name) is not loaded in table \(table)")
                continue
            }
            let expressions = rule["expr"]?.elements ?? []
            let drops = expressions.contains { $0["drop"] != nil }
            let port = expressions.contains { expression in
                guard let match = expression["match"], match["left"]?["payload"]?["field"] == .string("dport") else {
                    return false
                }
                return match["right"] == .number(String(block.port))
            }
            if drops && port {
                passed.append("\(name) is loaded")
            } else {
                problems.append("\(name) is loaded but does not drop port \(block.port)")
            }
        }
        return (passed, problems)
    }

    /// The first line of a program's output, for a short reason.
    static func firstLine(_ output: String) -> String {
        output.split(separator: "\n").first.map(String.init) ?? "no output"
    }
}
