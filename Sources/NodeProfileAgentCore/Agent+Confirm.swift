import Glibc
import NodeProfileManifest

/// How a live change of the uplink's connection is confirmed: the window, and the clock it is measured on.
public struct ConfirmSettings: Sendable {
    /// `--confirm-timeout`: seconds after activation for the device to reach its gateway (default 60).
    public var timeout: Int = 60
    /// Seconds NetworkManager's checkpoint outlives the window, so that an agent that dies in the window is rolled
    /// back by NetworkManager, and one that lives always confirms or rolls back first.
    public static let margin = 30
    /// Seconds the actions may take before the window opens (each activation waits up to 60 s, and NetworkManager
    /// may finish an autoconnect for as long): the checkpoint's first timeout, shortened once they ran.
    public static let activationBudget = 300
    /// Seconds on a monotonic clock.
    public var now: @Sendable () -> Double = {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
    /// Waits this many seconds between two probes.
    public var sleep: @Sendable (Double) -> Void = { usleep(UInt32($0 * 1_000_000)) }

    /// The default window (60 s) on the system's clock.
    public init() {}
}

extension Agent {
    /// The NetworkManager keyfiles the run changes in what reaches the network, from what is on disk now and what
    /// the plan writes (nothing for a path it removes).
    func uplinkChanges(_ plan: ApplyPlan, _ journal: Journal) -> [String] {
        UplinkChange.changed(
            journal.entries.map { entry in
                (entry.path, entry.existed ? fs.read(entry.path) : nil, plan.rendered[entry.path])
            })
    }

    /// Before the actions: a checkpoint when this run changes the uplink's connection (`changed`) and NetworkManager
    /// runs. At boot NetworkManager starts after the agent and only reads the files: there is no running network to
    /// return to, and the greenboot health check judges the boot instead.
    func openConfirmWindow(_ changed: [String]) throws -> NetworkCheckpoint? {
        guard !changed.isEmpty else { return nil }
        guard actions.isActive("NetworkManager.service") else {
            log("NetworkManager is not running: the uplink change is not confirmed (the health check judges this boot)")
            return nil
        }
        let checkpoint = try NetworkCheckpoint.create(
            runner: actions.runner,
            rollbackTimeout: ConfirmSettings.activationBudget + confirm.timeout
                + ConfirmSettings.margin)
        log(
            "the uplink's connection changes (\(changed.joined(separator: ", "))): took NetworkManager checkpoint \(checkpoint.path)"
        )
        return checkpoint
    }

    /// After the actions: NetworkManager now rolls back `margin` seconds after the window unless told otherwise;
    /// the gateway and each of the profile's `targets` (`network.gateway.confirmTargets`) are probed until each has
    /// answered once or the window closes; then the checkpoint is destroyed (committed). Throws what failed, naming
    /// every address that did not answer; the caller rolls back.
    func confirmUplink(_ checkpoint: NetworkCheckpoint, gateway keyfileGateway: String?, targets: [String] = [])
        throws
    {
        let runner = actions.runner
        do {
            try checkpoint.adjust(runner: runner, seconds: confirm.timeout + ConfirmSettings.margin)
        } catch {
            // The first timeout still holds: NetworkManager rolls back by itself if the agent dies.
            log("could not shorten the checkpoint's rollback timeout: \(error)")
        }
        crashPoint(.confirm)
        let deadline = confirm.now() + Double(confirm.timeout)
        var gateway = keyfileGateway
        var gatewayAnswered = false
        var waiting = targets
        var tries = 0
        while true {
            if gateway == nil { gateway = defaultGateway() }
            if let address = gateway, !gatewayAnswered {
                tries += 1
                gatewayAnswered = ping(address)
            }
            waiting.removeAll { ping($0) }
            if gatewayAnswered && waiting.isEmpty {
                try checkpoint.destroy(runner: runner)
                let reached = targets.isEmpty ? "" : " and \(targets.joined(separator: ", "))"
                log("the device reaches its gateway \(gateway!)\(reached): the change is confirmed")
                return
            }
            if confirm.now() >= deadline { break }
            confirm.sleep(1)
        }
        let silent =
            waiting.isEmpty
            ? ""
            : "\(gatewayAnswered ? " " : "; ")the confirm target\(waiting.count == 1 ? "" : "s") "
                + "\(waiting.joined(separator: ", ")) (network.gateway.confirmTargets) did not answer"
        guard !gatewayAnswered else {
            throw AgentError.verification(
                "the device reached its gateway \(gateway!), but within \(confirm.timeout) s of activation\(silent)")
        }
        throw AgentError.verification(
            (gateway.map {
                "the device did not reach its gateway \($0) within \(confirm.timeout) s of activation (\(tries) pings unanswered)"
            } ?? "the device has no default route within \(confirm.timeout) s of activation, so no gateway to reach")
                + silent)
    }

    /// True when `address` answers one ping within a second.
    private func ping(_ address: String) -> Bool {
        actions.runner.run(["ping", "-c", "1", "-W", "1", "-n", "-q", address]).status == 0
    }

    /// The gateway of the main table's default route, as the kernel has it now (DHCP's, when no keyfile names one).
    func defaultGateway() -> String? {
        let result = actions.runner.run(["ip", "-j", "-4", "route", "show", "default"])
        guard result.status == 0, let routes = try? JSONParser.parse(Array(result.output.utf8)) else { return nil }
        for route in routes.elements ?? [] {
            if case .string(let gateway)? = route["gateway"] { return gateway }
        }
        return nil
    }
}
