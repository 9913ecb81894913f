import NodeProfileManifest

/// Reads a fleet node's `identity` (`{macs: [..], serial: .., uuid: ..}`, one or more of them) into a
/// `NodeIdentity`, and checks that no two nodes share a value (a device with it would match both).
enum FleetIdentityReader {
    /// The keys an identity may hold.
    static let keys = ["macs", "serial", "uuid"]

    /// The node's identity, normalized, or nil with the problems reported into `bag`; `named` prefixes each message.
    static func read(_ value: YAMLValue, path: ProfilePath, named: String, _ bag: inout DiagnosticBag)
        -> NodeIdentity?
    {
        func report(_ message: String, _ at: YAMLValue, _ key: String? = nil) {
            let located = key.map { path.appending($0) } ?? path
            bag.report(Diagnostic(.error, named + message, at: at.location, path: located.description))
        }
        guard let entries = value.entries else {
            report(
                "'identity' is a mapping of one or more of macs (a list of MAC addresses), serial (the DMI product serial) and uuid (the DMI product UUID); found \(value.kindDescription)",
                value)
            return nil
        }
        var identity = NodeIdentity()
        var valid = true
        for entry in entries {
            guard let key = entry.key.scalarText else { continue }
            let item = entry.value
            switch key {
            case "macs":
                guard let list = item.items, !list.isEmpty else {
                    report(
                        "identity.macs is a non-empty list of MAC addresses; found \(item.kindDescription)", item, key)
                    valid = false
                    continue
                }
                for mac in list {
                    guard let text = mac.scalarText, let normal = MACAddress.normalized(text) else {
                        report(
                            "\(mac.kindDescription) is not a MAC address; write six pairs of hex digits with colons, such as 52:54:00:12:34:56",
                            mac, key)
                        valid = false
                        continue
                    }
                    if let problem = MACAddress.problem(text) {
                        report(problem, mac, key)
                        valid = false
                        continue
                    }
                    if identity.macs.contains(normal) {
                        report("MAC \(normal) is listed twice in this node's identity", mac, key)
                        valid = false
                    }
                    identity.macs.append(normal)
                }
            case "serial":
                guard let text = item.scalarText, !item.isNull else {
                    report(
                        "identity.serial is the DMI product serial, a string; found \(item.kindDescription)", item, key)
                    valid = false
                    continue
                }
                if let problem = NodeIdentity.serialProblem(text) {
                    report("identity.serial '\(text.debugEscaped)' \(problem)", item, key)
                    valid = false
                }
                identity.serial = text
            case "uuid":
                guard let text = item.scalarText, let normal = NodeIdentity.normalizedUUID(text) else {
                    report(
                        "\(item.kindDescription) is not a UUID; write the DMI product UUID as 8-4-4-4-12 hex digits (cat /sys/class/dmi/id/product_uuid)",
                        item, key)
                    valid = false
                    continue
                }
                identity.uuid = normal
            default:
                let hint = Suggestion.nearest(to: key, in: keys).map { "did you mean '\($0)'? " } ?? ""
                report(
                    "unknown key '\(key.debugEscaped)' in identity; \(hint)it holds macs, serial and uuid", entry.key)
                valid = false
            }
        }
        if valid && identity.isEmpty {
            report("'identity' names nothing; give one or more of macs, serial and uuid", value)
            return nil
        }
        return valid ? identity : nil
    }

    /// Reports every identity value a node shares with an earlier node: a device with it would match both.
    static func checkUnique(_ nodes: [FleetNode], _ bag: inout DiagnosticBag) {
        var first: [String: (node: String, line: Int)] = [:]
        for node in nodes {
            guard let identity = node.identity, let location = node.identityLocation else { continue }
            var values = identity.macs.map { ("MAC \($0)", "mac " + $0) }
            if let serial = identity.serial { values.append(("serial '\(serial.debugEscaped)'", "serial " + serial)) }
            if let uuid = identity.uuid { values.append(("uuid \(uuid)", "uuid " + uuid)) }
            for (shown, key) in values {
                if let earlier = first[key] {
                    bag.report(
                        Diagnostic(
                            .error,
                            "node \(node.name): \(shown) is also the identity of node \(earlier.node) (line \(earlier.line)); a device with it would match both nodes, so each value may name one node",
                            at: location, path: "identity"))
                } else {
                    first[key] = (node.name, location.line)
                }
            }
        }
    }
}
