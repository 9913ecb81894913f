/// Cross-artifact invariants, checked on the typed plan before anything is rendered. The rules also hold
/// in validation; checking the plan as well catches a planner that drifts from them.
public enum PlanChecker {
    /// Every broken invariant of `plan`, each reported at the profile line `locate` finds for the field behind it.
    public static func check(_ plan: Plan, _ profile: Profile, locate: (ProfilePath) -> SourceLocation) -> [Diagnostic]
    {
        var diagnostics: [Diagnostic] = []
        func report(_ message: String, _ path: ProfilePath) {
            diagnostics.append(Diagnostic(.error, message, at: locate(path), path: path.description))
        }
        var owners: [String: Int] = [:]
        let vendorOwned = Set(MicroShiftRelease.named(profile.microshift).vendorOwnedPaths)
        for (index, artifact) in plan.artifacts.enumerated() {
            if vendorOwned.contains(artifact.path) {
                report(
                    "\(artifact.path) belongs to MicroShift \(profile.microshift)'s packages, which rewrite it on update; settings go in a file of nodeprofile's own read after it",
                    artifact.provenance.first ?? ProfilePath())
            }
            if let first = owners[artifact.path] {
                report(
                    "two generated files would be written to \(artifact.path) (\(plan.artifacts[first].template) and \(artifact.template))",
                    artifact.provenance.first ?? ProfilePath())
            }
            owners[artifact.path] = owners[artifact.path] ?? index
            if artifact.secret && artifact.mode != 0o600 {
                report(
                    "\(artifact.path) holds a secret but would be mode \(String(artifact.mode, radix: 8)); secrets go only into 0600 files",
                    artifact.provenance.first ?? "proxy")
            }
        }
        let network = profile.network
        for case let dropIn as ProxyEnvironmentFile in plan.artifacts {
            let required = [
                network.clusterNetwork.description, network.serviceNetwork.description, "localhost", "127.0.0.1",
                ".svc", ".cluster.local",
            ]
            for entry in required where !dropIn.noProxy.contains(entry) {
                report(
                    "NO_PROXY for \(dropIn.unit) misses \(entry); cluster traffic would go through the proxy",
                    "proxy.noProxy")
            }
            let nodeIP = profile.node.nodeIP?.description ?? network.gateway.staticIPv4?.address.address.description
            if !dropIn.noProxy.contains(nodeIP ?? Fact.placeholder(Fact.nodeIP)) {
                report("NO_PROXY for \(dropIn.unit) misses the node IP", "node.nodeIP")
            }
        }
        let podMTU = plan.artifacts.compactMap { ($0 as? OVNConfig)?.mtu }.first
        for case let keyfile as GatewayKeyfile in plan.artifacts {
            if let pod = podMTU, case .known(let nic)? = keyfile.mtu, pod > nic {
                report("pod MTU \(pod) exceeds the MTU \(nic) of \(keyfile.role.rawValue)", "network.mtu")
            }
        }
        for case let rules as NFTablesRules in plan.artifacts {
            for (index, block) in rules.blocks.enumerated() where !network.serviceNodePortRange.contains(block.port) {
                report(
                    "blocked port \(block.port) is outside serviceNodePortRange \(network.serviceNodePortRange)",
                    ProfilePath("firewall.blockNodePorts").appending(index: index).appending("port"))
            }
        }
        return diagnostics
    }
}
