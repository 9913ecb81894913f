import Glibc
import NodeProfileManifest

/// The device's identity, as a fleet image's index names nodes (`NodeIdentity`): the MAC address of every physical
/// NIC (an entry of /sys/class/net with a `device` link, so no bridge, VLAN, bond, veth or loopback), the DMI
/// `product_serial` and the DMI `product_uuid`, read below the root. `--identity-from FILE` gives them instead, one a
/// line: `mac=52:54:00:12:34:56` (repeatable), `serial=SN0001`, `uuid=...`; `#` starts a comment.
public enum DeviceIdentity {
    /// Reads the identity from the file `path` (`--identity-from`) or, without one, from ROOT/sys.
    public static func read(_ fs: RootFS, from path: String?) throws -> NodeIdentity {
        if let path { return try parse(file: path) }
        var identity = NodeIdentity()
        for nic in NetworkDevices(sysClassNet: fs.host("/sys/class/net")).physicalNICs() {
            guard let mac = MACAddress.normalized(nic.mac), mac != "00:00:00:00:00:00", !identity.macs.contains(mac)
            else { continue }
            identity.macs.append(mac)
        }
        if case .success(let bytes) = RegularFile.read(fs.host("/sys/class/dmi/id/product_serial"), limit: 4096) {
            let serial = text(bytes)
            identity.serial = serial.isEmpty ? nil : serial
        }
        if case .success(let bytes) = RegularFile.read(fs.host("/sys/class/dmi/id/product_uuid"), limit: 4096) {
            identity.uuid = NodeIdentity.normalizedUUID(text(bytes))
        }
        return identity
    }

    /// An `--identity-from` file; an error names the file and the line.
    static func parse(file path: String) throws -> NodeIdentity {
        let bytes: [UInt8]
        switch RegularFile.read(path, limit: 1 << 20) {
        case .success(let read): bytes = read
        case .failure(let failure): throw AgentError.bundle("--identity-from \(path): \(failure)")
        }
        var identity = NodeIdentity()
        for (number, line) in text(bytes).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = String(line).trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(separator: "=", maxSplits: 1).map(String.init)
            func bad(_ why: String) -> AgentError {
                AgentError.bundle("--identity-from \(path):\(number + 1): \(why)")
            }
            guard parts.count == 2 else { throw bad("expected mac=..., serial=... or uuid=...") }
            switch parts[0] {
            case "mac":
                guard let mac = MACAddress.normalized(parts[1]) else { throw bad("'\(parts[1])' is not a MAC") }
                if !identity.macs.contains(mac) { identity.macs.append(mac) }
            case "serial":
                identity.serial = parts[1]
            case "uuid":
                guard let uuid = NodeIdentity.normalizedUUID(parts[1]) else { throw bad("'\(parts[1])' is not a UUID") }
                identity.uuid = uuid
            default:
                throw bad("unknown key '\(parts[0])'; expected mac, serial or uuid")
            }
        }
        return identity
    }

    /// The bytes as text without the trailing newline and spaces sysfs gives.
    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
    }
}
