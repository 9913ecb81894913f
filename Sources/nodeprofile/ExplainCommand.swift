import ArgumentParser
import NodeProfileCore

/// `nodeprofile explain`: which profile fields produced which files.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show which profile fields produced which generated files.")

    @OptionGroup var options: CompileOptions

    func run() throws {
        guard let (bundle, outcome, _) = try options.compile(), let document = outcome.document,
            let profile = outcome.profile
        else { throw ExitCode(1) }
        let locator = ProfileLocator(document: document)
        var out = ""
        for file in bundle.files {
            out += "\(file.path) (\(file.entry.mode)\(file.entry.secret ? ", secret" : ""))\n"
            for path in file.provenance {
                let origin =
                    locator.isWritten(path) ? "\(options.profile):\(locator.location(of: path).line)" : "default"
                out += "    \(path.description.rightPadded(30)) \(origin)\n"
            }
            for fact in file.entry.facts { out += "    fact \(fact) (resolved on the device)\n" }
        }
        out += Self.derived(profile)
        Terminal.standardOutput(out)
    }

    /// What MicroShift computes from the profile's networks itself, as the release's code does.
    static func derived(_ profile: Profile) -> String {
        let release = profile.release
        let network = profile.network
        var out = "MicroShift \(release.version) derives:\n"
        if let api = release.apiServiceAddress(network.serviceNetwork) {
            out +=
                "    API service address        \(api) (the address after serviceNetwork \(network.serviceNetwork), added to \(release.apiAddressInterface))\n"
        }
        if let dns = release.clusterDNS(network.serviceNetwork) {
            out += "    cluster DNS                \(dns) (serviceNetwork's \(release.clusterDNSHost)th address)\n"
        }
        out +=
            "    pod subnet per node        a /\(release.hostSubnetPrefix) of clusterNetwork \(network.clusterNetwork)\n"
        out += "    br-ex                      \(release.bridgeOwnerDescription)\n"
        let own = release.ownPaths
        out +=
            "    our MicroShift settings    \(own.config)"
            + (release.readsConfigDropIns ? " (merged over config.yaml and earlier config.d drop-ins)\n" : "\n")
        if !profile.loadBalancers.isEmpty {
            out +=
                "    LoadBalancer manifests     \(own.manifestsDirectory)"
                + (release.readsManifestDirectories ? " (a kustomizePaths folder)\n" : "\n")
        }
        return out
    }
}
