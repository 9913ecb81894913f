import NodeProfileManifest

/// The management workload partition in a CRI-O drop-in of nodeprofile's own, read after MicroShift's
/// microshift-ovn.conf. CRI-O decodes each crio.conf.d file in name order into one config, and a workload table
/// replaces the earlier one whole (BurntSushi/toml makes a new map value), so this file holds the whole table.
struct CRIOConfig: Artifact {
    var cpuset: CPUList
    var fileName: String

    var path: String { "/etc/crio/crio.conf.d/\(fileName)" }
    var template: String { "crio/workloads.conf" }
    var provenance: [ProfilePath] { ["crio.managementCPUSet"] }
    var actions: [Action] { [Action(.restart, "crio.service")] }
    func context(_ common: CommonContext) -> TemplateContext {
        common.with(["cpuset": .text(Escape.tomlString(cpuset.description))])
    }
}

/// The OVS init script: waits for br-ex (declarative mode), checks the wiring, sets the thread limits.
struct OVSInitScript: Artifact {
    static let scriptPath = "/etc/nodeprofile/ovs-init.sh"

    var gatewayMode: GatewayMode
    var handlerThreads: Int?
    var revalidatorThreads: Int?
    /// True from MicroShift 4.14: its own OVS init builds br-ex and runs first; the script waits for the uplink NIC's
    /// connection instead of br-ex's and leaves the patch ports to OVN-Kubernetes.
    var bridgeOwnedByMicroShift = false

    var path: String { Self.scriptPath }
    var mode: Int { 0o755 }
    var template: String { "ovs/ovs-init.sh" }
    var provenance: [ProfilePath] { ["network.gateway.mode", "ovs.handlerThreads", "ovs.revalidatorThreads"] }
    var actions: [Action] { [Action(.ovsSettings)] }
    func context(_ common: CommonContext) -> TemplateContext {
        common.with([
            "mode": .text(gatewayMode.rawValue),
            "waitForNetworkManager": .text(Escape.shellWord(gatewayMode == .declarative ? "yes" : "no")),
            "bridgeConnection": .text(
                Escape.shellWord(
                    bridgeOwnedByMicroShift ? UplinkKeyfile.connection : GatewayKeyfile.Role.bridgeInterface.rawValue)),
            "bridgeOwnedByMicroShift": .flag(bridgeOwnedByMicroShift),
            "waitSeconds": .text("60"),
            "handlerThreads": .text(Escape.shellWord(handlerThreads.map(String.init) ?? "auto")),
            "revalidatorThreads": .text(Escape.shellWord(revalidatorThreads.map(String.init) ?? "auto")),
        ])
    }
}

/// net.ipv4.ip_forward=1 for systemd-sysctl, which reads every sysctl.d file in name order (the last value wins):
/// named to sort after 99-sysctl.conf (the link to /etc/sysctl.conf), so an older setting there cannot undo it.
struct IPForwardSysctl: Artifact {
    var path: String { "/etc/sysctl.d/99-zz-nodeprofile-ip-forward.conf" }
    var template: String { "sysctl/ip-forward.conf" }
    var provenance: [ProfilePath] { ["network.ipForward"] }
    var actions: [Action] { [Action(.sysctl, path)] }
    func context(_ common: CommonContext) -> TemplateContext { common.with([:]) }
}
