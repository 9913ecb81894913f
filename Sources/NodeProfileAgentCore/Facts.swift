import Glibc
import NodeProfileManifest

/// Where facts come from: the running system, or values given on the command line (tests, recovery).
public protocol FactProvider: Sendable {
    /// The value for a fact's source kind, or nil when it is not (yet) available. `interface` is the interface an
    /// interface fact reads, or for `interface-by-mac` the MAC the NIC must have.
    func lookup(_ source: FactSource, interface: String?) -> String?
    /// True when this provider can answer facts of `source` (the running system answers every kind).
    func provides(_ source: FactSource) -> Bool
    /// True when a value missing now may appear later (the running system's network comes up at boot), so a
    /// resolver waits and tries again; a tree of files does not change.
    var waits: Bool { get }
}

extension FactProvider {
    /// Every kind: the running system's default.
    public func provides(_ source: FactSource) -> Bool { true }
    /// Values may appear later: the running system's default.
    public var waits: Bool { true }
}

/// Reads facts from the live system: /proc/net/route, /sys/class/net, getifaddrs, gethostname.
public struct SystemFacts: FactProvider {
    /// A provider that reads the system this process runs on.
    public init() {}

    /// Reads the fact now: the default-route interface from /proc/net/route, an interface's MAC or MTU from
    /// /sys/class/net, the default-route interface's IPv4 address, the hostname; nil when it is not there (yet)
    /// or an interface fact has no `interface`.
    public func lookup(_ source: FactSource, interface: String?) -> String? {
        switch source {
        case .defaultRouteInterface: return defaultRouteInterface()
        case .interfaceMAC: return interface.flatMap { sysfs($0, "address") }
        case .interfaceMTU: return interface.flatMap { sysfs($0, "mtu") }
        case .interfaceByMAC: return interface.flatMap { NICByMAC.name($0, in: devices.physicalNICs()) }
        case .defaultRouteAddress: return defaultRouteInterface().flatMap(ipv4Address)
        case .hostname:
            var buffer = [CChar](repeating: 0, count: 256)
            return gethostname(&buffer, buffer.count) == 0 ? Self.text(buffer) : nil
        }
    }

    /// The interface of the IPv4 default route (destination 00000000 in /proc/net/route).
    func defaultRouteInterface() -> String? {
        guard let text = HostFiles.text("/proc/net/route") else { return nil }
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
            if fields.count > 2, fields[1] == "00000000" { return String(fields[0]) }
        }
        return nil
    }

    func sysfs(_ interface: String, _ attribute: String) -> String? {
        guard !interface.contains("/") else { return nil }
        return HostFiles.text("/sys/class/net/\(interface)/\(attribute)")?.trimmingWhitespace()
    }

    func ipv4Address(_ interface: String) -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            guard String(cString: entry.pointee.ifa_name) == interface, let address = entry.pointee.ifa_addr,
                address.pointee.sa_family == sa_family_t(AF_INET)
            else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(
                address, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST
            ) == 0 {
                return Self.text(host)
            }
        }
        return nil
    }

    /// The text of a NUL-terminated C buffer (`String(cString:)` on an array is deprecated).
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Resolves a bundle's facts in order (later facts may name earlier ones, such as the NIC), with bounded retries.
/// Fact values are part of a generation: a changed `--fact` or a changed NIC renders and applies again.
public struct FactResolver: Sendable {
    /// Where values come from when not given: the running system, or nil (`--root` without `--facts-from-host`),
    /// where every fact must be given with `--fact`.
    public var source: (any FactProvider)?
    /// Values given explicitly (`--fact NAME=VALUE`); they win over the system.
    public var overrides: [String: String]
    /// Waits between retries; injected so tests do not sleep.
    public var sleep: @Sendable (Int) -> Void

    /// A resolver over `source` (nil: only `overrides`); `sleep` takes seconds and by default really sleeps.
    public init(
        source: (any FactProvider)? = SystemFacts(), overrides: [String: String] = [:],
        sleep: @escaping @Sendable (Int) -> Void = { Glibc.sleep(UInt32($0)) }
    ) {
        self.source = source
        self.overrides = overrides
        self.sleep = sleep
    }

    /// Every fact, with retries; an unavailable or malformed fact (its pattern, its range), or values that break one
    /// of `constraints`, is an error. Facts no source provides (`--root` without `--facts-from-host`) are listed in the error
    /// as the `--fact` flags to pass.
    public func resolve(_ facts: [FactSpec], constraints: [FactConstraint] = []) throws -> [String: String] {
        let missing = facts.filter { overrides[$0.name] == nil && source?.provides($0.source) != true }
        if !missing.isEmpty {
            throw AgentError.fact(
                "with --root, facts come only from --fact (or --facts-from-host to read this machine's); missing: "
                    + missing.map { "--fact \($0.name)=VALUE (\($0.source), matching \($0.pattern))" }.joined(
                        separator: " "))
        }
        return try resolve(facts, retrying: true, recorded: [:], constraints: constraints).get()
    }

    /// Each fact tried once, no waiting, for the no-op check: a fact the system does not report yet (at boot, before
    /// the network is up) counts as its recorded value, not as a change; nil when a fact has neither, or when the
    /// values break one of `constraints` (the full path then refuses them).
    public func quick(_ facts: [FactSpec], recorded: [String: String], constraints: [FactConstraint] = [])
        -> [String: String]?
    {
        try? resolve(facts, retrying: false, recorded: recorded, constraints: constraints).get()
    }

    /// Each fact read once, no waiting, as `quick` reads it but without checking the values against their patterns:
    /// for the no-op record, whose caller uses the values only when they equal those recorded (checked when applied).
    func current(_ facts: [FactSpec], recorded: [String: String]) -> [String: String]? {
        try? resolve(facts, retrying: false, recorded: recorded, checking: false).get()
    }

    private func resolve(
        _ facts: [FactSpec], retrying: Bool, recorded: [String: String], constraints: [FactConstraint] = [],
        checking: Bool = true
    ) -> Result<[String: String], AgentError> {
        var values: [String: String] = [:]
        for fact in facts {
            var interface = fact.interface
            for (name, value) in values { interface = interface?.replacing(FactSpec.placeholder(name), with: value) }
            var value = overrides[fact.name]
            var attempt = 0
            let retries = retrying && source?.waits == true ? fact.retries : 0
            let byMAC = fact.source == .interfaceByMAC ? fact.mac : nil
            while value == nil, let source, source.provides(fact.source), attempt <= retries {
                value = source.lookup(fact.source, interface: byMAC ?? interface)
                // Once br-ex holds the default route, the route's interface is the bridge, not the NIC under it.
                if fact.source == .defaultRouteInterface, value == SharedNames.bridge { value = recorded[fact.name] }
                // Two NICs with one MAC stay two: waiting helps only a NIC whose driver has not loaded yet.
                if value == nil, let byMAC, let devices = (source as? any NetworkDeviceInspector)?.devices,
                    NICByMAC.isAmbiguous(byMAC, in: devices.physicalNICs())
                {
                    break
                }
                if value == nil && attempt < retries { sleep(fact.intervalSeconds) }
                attempt += 1
            }
            value = value ?? recorded[fact.name]
            if checking, value == nil, let byMAC, let devices = (source as? any NetworkDeviceInspector)?.devices,
                let problem = NICByMAC.problem(byMAC, in: devices.physicalNICs(), directory: devices.sysClassNet)
            {
                return .failure(.fact(problem))
            }
            // What the device is decides before a write, not the no-op check: at boot the NIC's driver may not have
            // made it yet (the recorded value stands for it then), and a no-op writes nothing.
            if checking, let interface, let problem = UplinkCheck.problem(interface, source: retrying ? source : nil) {
                return .failure(.fact(problem))
            }
            guard var value else {
                return .failure(
                    .fact(
                        "fact \(fact.name) (\(fact.source)\(interface.map { " of \($0)" } ?? "")) is not available after \(retries + 1) tries"
                    ))
            }
            // MAC addresses are compared and written in lowercase, as the kernel reports them.
            if fact.source == .interfaceMAC { value = value.lowercased() }
            switch checking ? fact.problem(with: value) : nil {
            case .pattern(let pattern)?:
                return .failure(
                    .fact(
                        "fact \(fact.name) is '\(value)', which does not match \(pattern); refusing to write it anywhere"
                    ))
            case let problem?:
                return .failure(.fact("fact \(fact.name) is \(value), \(problem); refusing to write it anywhere"))
            case nil: values[fact.name] = value
            }
        }
        if checking, let problem = FactConstraint.problem(constraints, values) { return .failure(.fact(problem)) }
        return .success(values)
    }
}

extension Agent {
    /// Every fact the bundles need, first declaration first.
    static func factSpecs(_ bundles: [LoadedBundle]) -> [FactSpec] {
        var specs: [FactSpec] = []
        for bundle in bundles {
            for fact in bundle.manifest.facts where !specs.contains(where: { $0.name == fact.name }) {
                specs.append(fact)
            }
        }
        return specs
    }

    /// Every constraint on facts the bundles hold, each once.
    static func factConstraints(_ bundles: [LoadedBundle]) -> [FactConstraint] {
        var constraints: [FactConstraint] = []
        for constraint in bundles.flatMap({ $0.manifest.constraints ?? [] }) where !constraints.contains(constraint) {
            constraints.append(constraint)
        }
        return constraints
    }
}
