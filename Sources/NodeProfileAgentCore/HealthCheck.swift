import Glibc
import NodeProfileManifest

/// The health of the applied generation, as greenboot's required check asks for it (`verify --health`).
public struct HealthReport: Codable, Sendable, Equatable {
    /// What was checked and found right, one line each.
    public var passed: [String]
    /// What is wrong, one short reason each.
    public var problems: [String]
    /// What could not be checked, and why.
    public var notes: [String]
    /// True when every problem is in the running network (br-ex, addresses, NodePort rules), which may still come up
    /// later in the boot; a failed apply, drift or an unapplied bundle does not heal by waiting.
    public var waitable: Bool

    /// True when no problem was found; notes do not count.
    public var healthy: Bool { problems.isEmpty }
}

/// Checks the applied generation: the last apply succeeded and left no journal, the installed bundles are the ones
/// applied, every file is as the agent wrote it, and, on the running system, the network each bundle's `HealthSpec`
/// describes (`LiveNetwork`).
public struct HealthCheck: Sendable {
    /// The agent whose root, state and command runner are checked.
    public var agent: Agent

    /// A check of what `agent` applied.
    public init(agent: Agent) { self.agent = agent }

    /// One bundle found installed: the sha256 of its manifest.json, and the manifest.
    struct Installed {
        var digest: String
        var manifest: BundleManifest
    }

    /// Every bundle installed where the agent's unit finds bundles (`BundleLocation.all`: the packages' directory and
    /// the kickstart's), in that order; unreadable ones as problems.
    func installed() -> (bundles: [Installed], problems: [String]) {
        var bundles: [Installed] = []
        var problems: [String] = []
        for directory in BundleLocation.all.flatMap({ LoadedBundle.directories(under: $0, in: agent.fs) }) {
            let path = String(directory.dropFirst(agent.fs.root.count)) + "/manifest.json"
            var chosen: [UInt8]?
            if FleetImageSelection.isImage(directory) {
                // A fleet image counts as the bundle of the node chosen for this device.
                switch FleetImageSelection.chosenManifest(in: directory, fs: agent.fs) {
                case .success(let bytes): chosen = bytes
                case .failure(let problem):
                    problems.append(problem.description)
                    continue
                }
            }
            do {
                let bytes = try chosen ?? agent.fs.readFile(path).get()
                bundles.append(Installed(digest: SHA256.hex(bytes), manifest: try ManifestCoding.decode(bytes)))
            } catch {
                problems.append("the installed bundle \(agent.fs.host(path)) cannot be read: \(error)")
            }
        }
        return (bundles, problems)
    }

    /// The places bundles are installed, as host paths joined for a message.
    var locations: String { BundleLocation.all.map(agent.fs.host).joined(separator: " or ") }

    /// Runs every check once.
    public func run() -> HealthReport {
        var report = HealthReport(passed: [], problems: [], notes: [], waitable: false)
        let state: AgentState
        do {
            state = try agent.store.state()
        } catch {
            report.problems.append("\(error)")
            return report
        }
        if agent.store.journalPending {
            report.problems.append("an apply stopped midway (journal pending); the next apply finishes or undoes it")
        }
        switch Result(catching: { try agent.store.report() }) {
        case .success(let last?) where last.status == .failed:
            report.problems.append(
                "the last apply failed at step \(last.step ?? .apply): \(last.error ?? "no reason recorded")")
        case .success(let last?):
            report.passed.append("the last run ended \(last.status)")
        case .success(nil): break
        case .failure(let error): report.problems.append("\(error)")
        }
        let (installed, unreadable) = installed()
        report.problems += unreadable
        let applied = state.bundles
        if installed.isEmpty && unreadable.isEmpty && state.generation.isEmpty {
            report.notes.append("no bundle is installed in \(locations) and none is applied: nothing to check")
            return report
        }
        for bundle in installed where applied[bundle.manifest.profile.name] != bundle.digest {
            let name = bundle.manifest.profile.name
            report.problems.append(
                "bundle nodeprofile-\(name) (manifest \(bundle.digest.prefix(12))) is installed but not applied"
                    + (applied[name].map { " (applied: manifest \($0.prefix(12)))" } ?? ""))
        }
        let names = Set(installed.map(\.manifest.profile.name))
        for name in applied.keys.sorted() where !names.contains(name) && unreadable.isEmpty {
            report.problems.append("bundle nodeprofile-\(name) is applied but no longer installed (in \(locations))")
        }
        if !state.generation.isEmpty && installed.allSatisfy({ applied[$0.manifest.profile.name] == $0.digest }) {
            report.passed.append("generation \(state.generation.prefix(12)) holds the installed bundles")
        }
        let drift = agent.drift(state)
        if drift.isEmpty {
            report.passed.append(
                "\(state.files.count) file\(state.files.count == 1 ? "" : "s") as the agent wrote them")
        } else {
            report.problems.append("changed on the device: " + drift.joined(separator: ", "))
        }
        let fixed = report.problems.count
        if agent.live {
            var checked: Set<String> = []
            // The same bundle in both places is checked once.
            for bundle in installed where checked.insert(bundle.digest).inserted {
                let name = bundle.manifest.profile.name
                guard let spec = bundle.manifest.health else {
                    report.notes.append(
                        "bundle nodeprofile-\(name) has no health section (built by an older nodeprofile): its network is not checked"
                    )
                    continue
                }
                let network = LiveNetwork(runner: agent.actions.runner).check(spec)
                report.passed += network.passed
                report.problems += network.problems
            }
        } else {
            report.notes.append("with --root, the running network (br-ex, addresses, NodePort rules) is not checked")
        }
        report.waitable = fixed == 0 && report.problems.count > fixed
        return report
    }

    /// Runs the checks until they pass, a problem that waiting cannot heal appears, or `seconds` have passed, trying
    /// again every `interval` seconds; `waiting` hears the problems once when it starts to wait.
    public func run(waitingUpTo seconds: Double, interval: Double = 2, waiting: (HealthReport) -> Void = { _ in })
        -> HealthReport
    {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        var report = run()
        var told = false
        while !report.healthy && report.waitable && clock.now < deadline {
            if !told { waiting(report) }
            told = true
            usleep(UInt32(interval * 1_000_000))
            report = run()
        }
        return report
    }
}
