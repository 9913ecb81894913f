import NodeProfileManifest

/// Facts under `--root` read from the root's own `sys/class/net` (and `proc/net/vlan`), a tree laid out as the
/// kernel lays out /sys: an image build, or a test, that knows the device's NICs. It answers what such a tree holds,
/// a NIC's MAC and MTU and the NIC with a given MAC; every other fact still comes from `--fact`. A tree does not
/// change, so nothing is retried.
public struct DeviceTreeFacts: FactProvider, NetworkDeviceInspector {
    /// The tree's devices.
    public let devices: NetworkDevices

    /// The facts of the tree under `root`, or nil when `root` has no `sys/class/net` directory.
    public init?(root: String) {
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        guard HostFiles.names(in: "\(base)/sys/class/net") != nil else { return nil }
        devices = NetworkDevices(sysClassNet: "\(base)/sys/class/net", procNetVLAN: "\(base)/proc/net/vlan")
    }

    /// Answers the NIC with a MAC and an interface's MAC or MTU from the tree; nil for anything else.
    public func lookup(_ source: FactSource, interface: String?) -> String? {
        guard let interface, !interface.contains("/") else { return nil }
        switch source {
        case .interfaceByMAC: return NICByMAC.name(interface, in: devices.physicalNICs())
        case .interfaceMAC, .interfaceMTU:
            let attribute = source == .interfaceMAC ? "address" : "mtu"
            return HostFiles.text("\(devices.sysClassNet)/\(interface)/\(attribute)")?.trimmingWhitespace()
        case .defaultRouteInterface, .defaultRouteAddress, .hostname: return nil
        }
    }

    /// The kinds a tree of /sys holds: interface facts.
    public func provides(_ source: FactSource) -> Bool {
        [.interfaceByMAC, .interfaceMAC, .interfaceMTU].contains(source)
    }

    /// A tree does not change while the agent waits.
    public var waits: Bool { false }

    /// What the tree says the device called `name` is.
    public func deviceKind(_ name: String) -> NetworkDeviceKind { devices.kind(name) }
}
