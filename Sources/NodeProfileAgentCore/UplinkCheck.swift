import NodeProfileManifest

/// What a network device is, as far as the gateway uplink is concerned.
public enum NetworkDeviceKind: Equatable, Sendable {
    /// No such device.
    case missing
    /// The loopback device (ARPHRD_LOOPBACK, type 772).
    case loopback
    /// A bonding master (it has a `bonding` directory).
    case bond
    /// A Linux bridge (it has a `bridge` directory).
    case bridge
    /// An 802.1Q VLAN (listed in /proc/net/vlan).
    case vlan
    /// Anything else: a NIC, or a device the keyfile's NetworkManager will say more about.
    case other
}

/// Reads a device's kind from sysfs and procfs: the running system's by default, or a tree a test made.
public struct NetworkDevices: Sendable {
    /// Where the devices are listed, /sys/class/net on a device.
    public var sysClassNet: String
    /// Where the kernel lists VLAN devices, /proc/net/vlan (present only when the 8021q module is loaded).
    public var procNetVLAN: String
    /// udev's database, /run/udev/data, where a NIC udev has processed has its entry; nil when nothing says (no udev).
    public var udevData: String?

    /// Devices under the given directories (by default the running system's, without udev's word).
    public init(sysClassNet: String = "/sys/class/net", procNetVLAN: String = "/proc/net/vlan", udevData: String? = nil)
    {
        self.sysClassNet = sysClassNet
        self.procNetVLAN = procNetVLAN
        self.udevData = udevData
    }

    /// The kind of the device called `name`.
    public func kind(_ name: String) -> NetworkDeviceKind {
        let base = "\(sysClassNet)/\(name)"
        guard !name.isEmpty, !name.contains("/"), name != ".", name != "..", HostFiles.exists(base) else {
            return .missing
        }
        if HostFiles.text(base + "/type")?.trimmingWhitespace() == "772" { return .loopback }
        if HostFiles.exists(base + "/bonding") { return .bond }
        if HostFiles.exists(base + "/bridge") { return .bridge }
        if HostFiles.exists("\(procNetVLAN)/\(name)") { return .vlan }
        return .other
    }
}

/// A fact source that can also say what a device is: the running system can, values given with `--fact` cannot.
public protocol NetworkDeviceInspector: Sendable {
    /// The kind of the device called `name` on the system the facts come from.
    func deviceKind(_ name: String) -> NetworkDeviceKind
    /// Where the system's devices are listed (its physical NICs, for a NIC named by MAC).
    var devices: NetworkDevices { get }
}

extension SystemFacts: NetworkDeviceInspector {
    /// Reads /sys/class/net and /proc/net/vlan of the running system (of its network namespace).
    public func deviceKind(_ name: String) -> NetworkDeviceKind { devices.kind(name) }
    /// The running system's /sys/class/net and /proc/net/vlan, and udev's database when udev runs (a container has none).
    public var devices: NetworkDevices {
        NetworkDevices(udevData: HostFiles.exists("/run/udev/control") ? "/run/udev/data" : nil)
    }
}

/// The agent's check of the gateway NIC before anything is written: the bundle's keyfile makes it an ethernet
/// connection, which NetworkManager never activates on a loopback, bond, bridge or VLAN. The name rules
/// (`UplinkName`) hold for every NIC; what the device is, only when the facts come from the system itself
/// (`--root` with `--fact` alone cannot know what is on the device).
public enum UplinkCheck {
    /// Why `nic` cannot be the gateway NIC, in words that say what to do; nil when it can, or when nothing says.
    public static func problem(_ nic: String, source: (any FactProvider)?) -> String? {
        let fix = "name the physical NIC in network.gateway.interface and build the bundle again; nothing was written"
        if let problem = UplinkName.problem(nic) { return "gateway NIC: \(problem); \(fix)" }
        guard let inspector = source as? any NetworkDeviceInspector else { return nil }
        let path = "/sys/class/net/\(nic)"
        let what: String
        switch inspector.deviceKind(nic) {
        case .missing:
            return "gateway NIC \(nic) does not exist on this device (no \(path)); \(fix)"
        case .other: return nil
        case .loopback: what = "the loopback device (\(path)/type is 772)"
        case .bond: what = "a bond (\(path)/bonding)"
        case .bridge: what = "a bridge (\(path)/bridge)"
        case .vlan: what = "a VLAN (/proc/net/vlan/\(nic))"
        }
        return
            "gateway NIC \(nic) is \(what): the bundle configures it as an ethernet connection, which NetworkManager does not activate on it; \(fix)"
    }
}
