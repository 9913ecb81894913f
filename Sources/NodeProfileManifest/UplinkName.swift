/// What a NIC's name alone tells: the devices nodeprofile cannot configure as the gateway uplink, whose keyfile is
/// an ethernet connection that NetworkManager activates only on an ethernet device. Names cannot tell a bond from a
/// NIC in general, so only the kernel's and NetworkManager's own default names count: `lo`, `PARENT.VID` (VLAN), and
/// `bond`, `team`, `br` or `vlan` followed by digits only. Real NIC names (`eth0`, `enp1s0`, `ens3`, `eno1`,
/// `wlp2s0`, `enx0011...`) never match. The compiler checks this at build time and the agent again for a NIC it
/// resolves or is given; the agent also asks the device (`UplinkCheck`).
public enum UplinkName {
    /// Why `name` cannot be the gateway NIC, or nil when its name does not say.
    public static func problem(_ name: String) -> String? {
        if name == "lo" {
            return "'lo' is the loopback device, which carries no traffic off the node; name the physical NIC"
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2, !parts[0].isEmpty, isNumber(parts[1]) {
            return
                "'\(name)' is named as VLAN \(parts[1]) on \(parts[0]); nodeprofile configures the gateway NIC as an ethernet connection, which NetworkManager does not activate on a VLAN: name the physical NIC"
        }
        for (prefix, kind) in [("bond", "a bond"), ("team", "a team"), ("br", "a bridge"), ("vlan", "a VLAN")]
        where name.hasPrefix(prefix) && isNumber(name.dropFirst(prefix.count)) {
            return
                "'\(name)' is named as \(kind); nodeprofile configures the gateway NIC as an ethernet connection, which NetworkManager does not activate on \(kind): name a physical NIC"
        }
        return nil
    }

    private static func isNumber(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
