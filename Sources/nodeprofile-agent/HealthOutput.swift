import Glibc
import NodeProfileAgentCore
import NodeProfileManifest

/// `verify --health` (greenboot's required check) and `verify --health --red-boot` (its red.d hook), and the deployment
/// the agent's state belongs to.
enum HealthOutput {
    /// One line on standard error, where greenboot's systemd-cat sends it to the journal.
    static func standardError(_ line: String) { emit(line, to: 2) }

    /// One line on standard output, written at once (not buffered), so that the journal keeps the order of the lines.
    static func standardOutput(_ line: String) { emit(line, to: 1) }

    static func emit(_ line: String, to descriptor: Int32) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// `--deployment`, else on the running system the booted ostree deployment (nil on a system that is not
    /// image-based, or with `--root`). A booted ostree system whose deployment cannot be told keeps unkeyed state and says why.
    static func deployment(_ options: AgentOptions) -> String? {
        if let deployment = options.deployment { return deployment }
        guard options.live else { return nil }
        switch DeploymentResolver().booted() {
        case .notOSTree: return nil
        case .booted(let id): return id
        case .unresolved(let reason):
            standardError(
                "nodeprofile-agent: booted from ostree, but the deployment cannot be told (\(reason)); state is kept unkeyed"
            )
            return nil
        }
    }

    /// Prints what passed on standard output and each problem on standard error; returns the exit status (1 unhealthy).
    /// With `redBoot`, records the result for the boot after the rollback instead, and fails only if it cannot.
    static func verify(_ agent: Agent, wait: Double, redBoot: Bool) -> Int32 {
        let check = HealthCheck(agent: agent)
        if redBoot {
            do {
                let record = try check.recordRedBoot()
                standardOutput("recorded for the boot after the rollback (status shows it): " + record.summary)
                return 0
            } catch {
                standardError("nodeprofile-agent: cannot record the red boot: \(error)")
                return 1
            }
        }
        let report = check.run(waitingUpTo: wait) { first in
            standardOutput("waiting up to \(Int(wait)) s for the network: " + first.problems.joined(separator: "; "))
        }
        for line in report.passed { standardOutput("ok: \(line)") }
        for line in report.notes { standardOutput("note: \(line)") }
        for line in report.problems { standardError("nodeprofile-agent: unhealthy: \(line)") }
        let deployment = agent.store.deployment.map { " (deployment \($0))" } ?? ""
        standardOutput(
            report.healthy
                ? "healthy\(deployment): \(report.passed.count) checks passed"
                : "unhealthy\(deployment): \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s"), \(report.passed.count) checks passed"
        )
        return report.healthy ? 0 : 1
    }
}

extension HealthOutput {
    /// The end of `status`: the deployment the state belongs to, and every red boot greenboot's red.d hook recorded.
    static func printDeployment(_ agent: Agent) {
        if let deployment = agent.store.deployment { print("deployment: \(deployment)") }
        for record in agent.store.redBoots() { print(record.summary) }
    }

    /// The red-boot records for `status --json`, newest first: deployment, bootID, recordedAt, generation, lastResult,
    /// healthy, problems (deployment, bootID and lastResult absent when unknown).
    static func redBootObjects(_ agent: Agent) -> [JSONValue] {
        agent.store.redBoots().map { record in
            var members: [String: JSONValue] = [
                "recordedAt": .number(String(record.recordedAt)), "generation": .string(record.generation),
                "healthy": .bool(record.health.healthy), "problems": .array(record.health.problems.map { .string($0) }),
            ]
            if let deployment = record.deployment { members["deployment"] = .string(deployment) }
            if let bootID = record.bootID { members["bootID"] = .string(bootID) }
            if let lastResult = record.lastResult { members["lastResult"] = .string(lastResult) }
            return .object(members)
        }
    }
}
