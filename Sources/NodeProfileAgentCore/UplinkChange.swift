import NodeProfileManifest

/// A NetworkManager keyfile as its sections of keys: enough to tell what a connection does, not a full reader
/// (values keep their escapes; comments and blank lines are dropped).
struct KeyfileSettings: Equatable {
    /// Section name -> key -> value, as written.
    var sections: [String: [String: String]]

    /// The settings of the keyfile text in `bytes`.
    init(_ bytes: [UInt8]) {
        sections = [:]
        var section = ""
        for raw in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let line = String(raw).trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
                sections[section, default: [:]] = sections[section] ?? [:]
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            sections[section, default: [:]][String(line[..<equals]).trimmingWhitespace()] =
                String(line[line.index(after: equals)...]).trimmingWhitespace()
        }
    }

    /// The keys of [connection] that say which device the connection is and where it hangs.
    static let connectionKeys: Set<String> = [
        "uuid", "type", "interface-name", "master", "controller", "slave-type", "port-type",
    ]
    /// Sections whose every key shapes the device's addressing or link: addresses, gateway, routes and DNS
    /// ([ipv4], [ipv6]) and the VLAN.
    static let wholeSections: Set<String> = ["ipv4", "ipv6", "vlan"]
    /// The keys of [ethernet] that change the link: its MTU and the MAC it matches.
    static let ethernetKeys: Set<String> = ["mtu", "mac-address"]

    /// What of the connection a change of reaches the network: "section.key" -> value.
    var uplink: [String: String] {
        var settings: [String: String] = [:]
        for (section, keys) in sections {
            for (key, value) in keys
            where Self.wholeSections.contains(section)
                || (section == "connection" && Self.connectionKeys.contains(key))
                || (section == "ethernet" && Self.ethernetKeys.contains(key))
            {
                settings["\(section).\(key)"] = value
            }
        }
        return settings
    }

    /// The IPv4 gateway the connection sets: `gateway=`, else the one after the first address (`ADDR/PFX,GW`).
    var ipv4Gateway: String? {
        guard let ipv4 = sections["ipv4"] else { return nil }
        if let gateway = ipv4["gateway"], !gateway.isEmpty { return gateway }
        for key in ipv4.keys.sorted() where key.hasPrefix("address") {
            let parts = ipv4[key]!.split(separator: ",")
            if parts.count > 1 { return String(parts[1]).trimmingWhitespace() }
        }
        return nil
    }
}

/// Which NetworkManager keyfiles a run changes in what reaches the network (addresses, gateway, routes, DNS, MTU,
/// VLAN, the device a connection binds to), decided from the old and the new bytes of each file the run writes or
/// removes. A keyfile whose only change is a comment, an id or an autoconnect priority is not a change of the uplink.
public enum UplinkChange {
    /// Where NetworkManager's keyfile plugin reads connections.
    public static let connectionsDirectory = "/etc/NetworkManager/system-connections/"

    /// True when `path` is a NetworkManager connection keyfile.
    public static func isKeyfile(_ path: String) -> Bool {
        path.hasPrefix(connectionsDirectory) && path.hasSuffix(".nmconnection")
    }

    /// The keyfiles among `files` (path, bytes before the run or nil, bytes after or nil) whose network settings
    /// differ, sorted.
    public static func changed(_ files: [(path: String, old: [UInt8]?, new: [UInt8]?)]) -> [String] {
        files.filter { file in
            guard isKeyfile(file.path) else { return false }
            let old = file.old.map { KeyfileSettings($0).uplink }
            let new = file.new.map { KeyfileSettings($0).uplink }
            return old != new
        }.map(\.path).sorted()
    }

    /// The connection ids of the keyfiles among `changed` that replace an existing profile (`old` is not nil): an
    /// active connection keeps its old settings until it is activated again. A new profile's first activation reads it.
    public static func replacedConnections(_ changed: [String], old: (String) -> [UInt8]?, new: (String) -> [UInt8]?)
        -> Set<String>
    {
        Set(
            changed.compactMap { path in
                guard old(path) != nil, let bytes = new(path) else { return nil }
                return KeyfileSettings(bytes).sections["connection"]?["id"]
            })
    }

    /// The addresses the profiles name to reach after a change of the uplink (`HealthSpec.confirmTargets`), each
    /// once, in bundle order.
    public static func confirmTargets(_ specs: [HealthSpec]) -> [String] {
        var targets: [String] = []
        for target in specs.flatMap({ $0.confirmTargets ?? [] }) where !targets.contains(target) {
            targets.append(target)
        }
        return targets
    }

    /// The IPv4 gateway the new keyfiles set, the first by path; nil when none sets one (DHCP).
    public static func gateway(_ keyfiles: [(path: String, bytes: [UInt8])]) -> String? {
        keyfiles.sorted { $0.path < $1.path }.lazy.compactMap { KeyfileSettings($0.bytes).ipv4Gateway }.first
    }
}
