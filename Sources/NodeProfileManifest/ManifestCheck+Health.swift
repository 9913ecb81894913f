extension ManifestCheck {
    /// The most entries of each list in `health` (a profile has far fewer NodePort blocks and addresses).
    static let healthListLimit = 1024

    /// Checks `health`: interface names as the kernel allows them, dotted-quad IPv4 addresses, ports from 1 to 65535 and
    /// plain comments. The values are only compared with what `ip` and `nft` report, never passed to a command, but a
    /// value that could never match would fail every boot's health check: it is refused when the bundle loads instead.
    public static func check(_ health: HealthSpec) throws(ManifestError) {
        if let bridge = health.bridge, !isInterfaceName(bridge) {
            throw ManifestError(
                "health.bridge: \(quoted(bridge)) is not an interface name; allowed: 1 to 15 characters, no '/', ':' or spaces"
            )
        }
        guard health.addresses.count <= healthListLimit, health.nodePortBlocks.count <= healthListLimit else {
            throw ManifestError("health: at most \(healthListLimit) addresses and \(healthListLimit) nodePortBlocks")
        }
        for (index, check) in health.addresses.enumerated() {
            let field = "health.addresses[\(index)]"
            guard check.address != nil || check.interface != nil else {
                throw ManifestError("\(field): needs an address, an interface or both")
            }
            if let address = check.address, IPv4Text.octets(address) == nil {
                throw ManifestError("\(field).address: \(quoted(address)) is not an IPv4 address such as 192.168.1.10")
            }
            if let interface = check.interface, !isInterfaceName(interface) {
                throw ManifestError(
                    "\(field).interface: \(quoted(interface)) is not an interface name; allowed: 1 to 15 characters, no '/', ':' or spaces"
                )
            }
        }
        let targets = health.confirmTargets ?? []
        guard targets.count <= HealthSpec.confirmTargetLimit else {
            throw ManifestError("health.confirmTargets: at most \(HealthSpec.confirmTargetLimit) addresses")
        }
        for (index, target) in targets.enumerated() where IPv4Text.octets(target) == nil {
            throw ManifestError(
                "health.confirmTargets[\(index)]: \(quoted(target)) is not an IPv4 address such as 192.168.1.10")
        }
        for (index, block) in health.nodePortBlocks.enumerated() {
            let field = "health.nodePortBlocks[\(index)]"
            guard (1...65535).contains(block.port) else {
                throw ManifestError("\(field).port: \(block.port) is not a port; allowed: 1 to 65535")
            }
            guard !block.comment.isEmpty, block.comment.utf8.count <= 128,
                block.comment.utf8.allSatisfy({
                    $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\")
                })
            else {
                throw ManifestError(
                    "\(field).comment: \(quoted(block.comment)) is not allowed; allowed: 1 to 128 printable ASCII characters without quotes or backslashes"
                )
            }
        }
    }

    /// A Linux interface name: 1 to 15 bytes, printable ASCII, no '/', ':' or whitespace, not "." or "..".
    static func isInterfaceName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return (1...15).contains(bytes.count) && name != "." && name != ".."
            && bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: ":") }
    }
}

/// Dotted-quad IPv4 text, read without Foundation: four decimal octets from 0 to 255, no leading zeros.
public enum IPv4Text {
    /// The four octets, or nil when `text` is not a dotted-quad address.
    public static func octets(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.utf8.count), part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                part.utf8.count == 1 || part.utf8.first != 0x30, let value = UInt8(part)
            else { return nil }
            octets.append(value)
        }
        return octets
    }
}
