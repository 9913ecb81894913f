/// Why a file changes between two releases, and whether the old bundle left on a device of the new release breaks
/// it, from the releases' tables (RELEASES.md, "What breaks when a 4.13 bundle meets a newer device").
struct UpgradeReasons {
    let profile: Profile
    let old: MicroShiftRelease
    let new: MicroShiftRelease

    /// The keyfile names configure-ovs.sh deletes at every boot from 4.14 (with or without `.nmconnection`), besides
    /// `*-slave-ovs-clone` (release-4.14:packaging/systemd/configure-ovs.sh, update_nm_conn_files).
    static let deletedKeyfiles = ["br-ex", "ovs-if-br-ex", "ovs-port-br-ex", "ovs-if-phys0", "ovs-port-phys0"]
    static let keyfileDirectory = "/etc/NetworkManager/system-connections/"

    /// True when the new release's configure-ovs.sh deletes the file at `path` at every boot.
    func deletedByConfigureOVS(_ path: String) -> Bool {
        guard old.bridgeOwner != .microshift, new.bridgeOwner == .microshift, path.hasPrefix(Self.keyfileDirectory)
        else { return false }
        var name = String(path.dropFirst(Self.keyfileDirectory.count))
        if name.hasSuffix(".nmconnection") { name.removeLast(".nmconnection".count) }
        return Self.deletedKeyfiles.contains(name) || name.hasSuffix("-slave-ovs-clone")
    }

    /// The change of `kind` at `path`, made by `artifact`, with its reason.
    func change(_ kind: UpgradeChange.Kind, _ path: String, _ artifact: any Artifact) -> UpgradeChange {
        let (reason, breaks) = explain(kind, artifact)
        return UpgradeChange(
            kind: kind, path: path, newPath: nil, reason: reason, breaks: breaks, provenance: artifact.provenance.first)
    }

    private var to: String { "MicroShift \(new.version)" }
    private var keepsBridge: Bool { old.bridgeOwner != .microshift && new.bridgeOwner == .microshift }

    private func explain(_ kind: UpgradeChange.Kind, _ artifact: any Artifact) -> (String, Bool) {
        switch kind {
        case .deletedByRelease:
            return (
                "\(to)'s configure-ovs.sh deletes it at every boot and builds br-ex itself with no uplink, so what it "
                    + "holds (br-ex's address) is lost; the \(new.version) bundle writes the NIC's own connection, "
                    + "\(UplinkKeyfile.connection).nmconnection, instead", true
            )
        case .vendorOwned:
            return ("\(to)'s packages own this path: its next update overwrites the file", true)
        case .added:
            if artifact is UplinkKeyfile {
                return (
                    "the uplink NIC's own connection (address or DHCP, gateway, DNS, MTU): \(to) looks for the node IP "
                        + "on the NIC", false
                )
            }
            return ("written for \(to) only", false)
        case .renamed:
            return renamed(artifact)
        case .removed:
            return removed(artifact)
        case .readDifferently:
            return readDifferently(artifact)
        }
    }

    private func renamed(_ artifact: any Artifact) -> (String, Bool) {
        switch artifact {
        case let config as MicroShiftConfig:
            let shape = shapeBreaks(config)
            return (
                "\(to) merges /etc/microshift/config.d/*.yaml over config.yaml: ours moves to a drop-in, so a "
                    + "config.yaml of the image or the user stays theirs"
                    + (shape ? "; " + shapeReason : ""), shape
            )
        case is Kustomization, is LoadBalancerManifest:
            return (
                "\(to) reads every folder under /etc/microshift/manifests.d (kustomizePaths): ours moves there, out "
                    + "of the user's /etc/microshift/manifests", false
            )
        case is CRIOConfig:
            return (
                "\(to)'s CRI-O drop-in with the workload table is \(new.crioWorkloadsDropIn): ours is named to be read "
                    + "after it", false
            )
        default:
            return ("\(to) reads it under the new name", false)
        }
    }

    private func removed(_ artifact: any Artifact) -> (String, Bool) {
        switch artifact {
        case is OVNConfig:
            return (
                "\(to) reads only \(new.ovnKeys.joined(separator: ", ")) from ovn.yaml, and the profile sets none: "
                    + "ovsInit.disableOVSInit and gatewayInterface are ignored", false
            )
        case is KeyfilePluginConf:
            return (
                "\(to) ships no microshift-nm.conf to override, and NetworkManager always reads keyfiles", false
            )
        default:
            return ("the \(new.version) bundle does not write it", false)
        }
    }

    private func readDifferently(_ artifact: any Artifact) -> (String, Bool) {
        switch artifact {
        case let config as MicroShiftConfig where shapeBreaks(config):
            return (shapeReason, true)
        case is OVNConfig where keepsBridge:
            return (
                "\(to) reads only mtu from ovn.yaml: ovsInit.disableOVSInit and gatewayInterface are ignored, and "
                    + "MicroShift builds br-ex in every mode", false
            )
        case is OVSInitScript where keepsBridge:
            let waits = profile.network.gateway.mode == .declarative
            return (
                "\(to) builds br-ex itself with no uplink: the \(new.version) script "
                    + (waits ? "waits for the NIC's connection instead of ovs-if-br-ex and " : "")
                    + "no longer checks br-ex's patch ports, which OVN-Kubernetes rewires"
                    + (waits
                        ? "; the \(old.version) one waits 60 s for ovs-if-br-ex, which no longer exists, and fails, "
                            + "and microshift.service, which requires it, does not start" : ""),
                waits
            )
        case is OVSInitUnit where keepsBridge:
            return (
                "runs after microshift-ovs-init.service, which sets OVS's thread limits to 1 at every boot, so the "
                    + "profile's limits are what holds", false
            )
        default:
            return ("its contents differ for \(to)", false)
        }
    }

    /// True when the old bundle's config writes `clusterNetwork` in a shape the new release cannot decode.
    private func shapeBreaks(_ config: MicroShiftConfig) -> Bool {
        config.clusterNetwork != nil && old.clusterNetworkShape != new.clusterNetworkShape
    }

    private var shapeReason: String {
        "\(to) reads network.clusterNetwork as a list of strings: the \(old.version) bundle's `- cidr:` entries are a "
            + "decode error, and MicroShift does not start"
    }
}
