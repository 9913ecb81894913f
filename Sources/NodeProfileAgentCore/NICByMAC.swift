import NodeProfileManifest

/// A physical NIC as /sys/class/net lists it.
public struct PhysicalNIC: Sendable, Equatable {
    /// The kernel's name for it (`eth0`, `enp1s0`).
    public var name: String
    /// Its MAC address, lowercase (`/sys/class/net/NAME/address`).
    public var mac: String
    /// False while udev has not processed the NIC yet: a `.link` file or a naming scheme may still rename it.
    public var initialized: Bool

    /// A NIC called `name` with the MAC `mac`; `initialized` once udev has named it for good.
    public init(name: String, mac: String, initialized: Bool = true) {
        self.name = name
        self.mac = mac
        self.initialized = initialized
    }
}

extension NetworkDevices {
    /// The physical NICs, sorted by name: the entries with a `device` link (the hardware under them). Bonds, bridges,
    /// VLANs and 4.13's br-ex carry a NIC's MAC too, but have no `device`, so they never match a MAC. With `udevData`,
    /// a NIC is initialized once udev has written its database entry `n<ifindex>`, as NetworkManager waits for it:
    /// before that the name is the kernel's and a `.link` rename may still come (seen in the device lab).
    public func physicalNICs() -> [PhysicalNIC] {
        (HostFiles.names(in: sysClassNet) ?? []).sorted().compactMap { name in
            let base = "\(sysClassNet)/\(name)"
            guard HostFiles.exists(base + "/device"),
                let mac = HostFiles.text(base + "/address")?.trimmingWhitespace().lowercased()
            else { return nil }
            let initialized =
                udevData.map { data in
                    HostFiles.text(base + "/ifindex").map { HostFiles.exists("\(data)/n\($0.trimmingWhitespace())") }
                        ?? false
                } ?? true
            return PhysicalNIC(name: name, mac: mac, initialized: initialized)
        }
    }
}

/// The rule for a gateway NIC named by MAC (`network.gateway.macAddress`), decided here once: exactly one physical
/// NIC has the MAC, and its name is the `gateway.nic` fact. None, or two (a cloned MAC), refuses the run.
public enum NICByMAC {
    /// The name of the one physical NIC in `nics` whose MAC is `mac`; nil for none or several.
    public static func name(_ mac: String, in nics: [PhysicalNIC]) -> String? {
        let matching = nics.filter { $0.mac == mac.lowercased() }
        return matching.count == 1 && matching[0].initialized ? matching[0].name : nil
    }

    /// True when several NICs have `mac`: waiting does not change that.
    public static func isAmbiguous(_ mac: String, in nics: [PhysicalNIC]) -> Bool {
        nics.filter { $0.mac == mac.lowercased() }.count > 1
    }

    /// Why `mac` names no NIC of `nics` (listed from `directory`), in words that name the MAC, what was found and what
    /// to do; nil when exactly one NIC has it.
    public static func problem(_ mac: String, in nics: [PhysicalNIC], directory: String) -> String? {
        let matching = nics.filter { $0.mac == mac.lowercased() }
        let fix = "nothing was written"
        switch matching.count {
        case 1 where matching[0].initialized:
            return nil
        case 1:
            return
                "gateway NIC: the physical NIC with MAC \(mac) (network.gateway.macAddress), now \(matching[0].name), was not named by udev in time (no udev database entry for it): its name may still change; check that systemd-udevd runs, then run the agent again; \(fix)"
        case 0:
            let found =
                nics.isEmpty
                ? "none at all" : nics.map { "\($0.name) \($0.mac)" }.joined(separator: ", ")
            return
                "gateway NIC: no physical NIC has MAC \(mac) (network.gateway.macAddress); found in \(directory): \(found); check the MAC in the profile against the device, or name the NIC in network.gateway.interface, and build the bundle again; \(fix)"
        default:
            return
                "gateway NIC: \(matching.count) physical NICs have MAC \(mac) (network.gateway.macAddress): \(matching.map(\.name).joined(separator: ", ")) in \(directory); the bundle cannot tell which is the gateway NIC: give each NIC its own MAC, or name the NIC in network.gateway.interface, and build the bundle again; \(fix)"
        }
    }
}
