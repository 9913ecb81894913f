import Glibc
import NodeProfileManifest

/// What greenboot's red.d hook records when a boot is red: the agent's state and health on the failed deployment, kept
/// under /var (shared by every deployment) so the boot after the rollback can say what went wrong (`status`).
public struct RedBootRecord: Codable, Sendable, Equatable {
    /// The deployment that booted red, or nil on a system that is not image-based.
    public var deployment: String?
    /// The kernel's id of the red boot (`journalctl -b ID` shows its log), or nil when it could not be read.
    public var bootID: String?
    /// When it was recorded, in seconds since 1970 (UTC).
    public var recordedAt: Int
    /// The generation applied on that deployment ("" when none).
    public var generation: String
    /// The last run's result there: `ok`, `noop`, `failed at step S: reason`, or nil when none was recorded.
    public var lastResult: String?
    /// The health check's result on the red boot.
    public var health: HealthReport

    /// One line for `status`.
    public var summary: String {
        var line = "red boot"
        if let deployment { line += " of deployment \(deployment)" }
        line += " at \(Self.utc(recordedAt))"
        if let bootID { line += " (journalctl -b \(bootID))" }
        line += ": generation " + (generation.isEmpty ? "none applied" : String(generation.prefix(12)))
        if let lastResult { line += ", last result \(lastResult)" }
        return line
            + (health.healthy
                ? "; nodeprofile's checks passed (another required check failed)"
                : "; unhealthy: " + health.problems.joined(separator: "; "))
    }

    /// `2026-01-31 23:59:59 UTC`.
    public static func utc(_ seconds: Int) -> String {
        let date = CivilTime(secondsSince1970: seconds)
        let time = date.secondOfDay
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(date.year)-\(two(date.month))-\(two(date.day)) \(two(time / 3600)):\(two(time % 3600 / 60)):\(two(time % 60)) UTC"
    }
}

extension StateStore {
    /// This deployment's red-boot record.
    var redBootPath: String { stateDirectory + "/red-boot.json" }

    /// Records a red boot of this deployment, replacing an earlier record of it.
    public func save(_ record: RedBootRecord) throws { try store(record, redBootPath) }

    /// Every red-boot record, of this deployment and of every other one (and the unkeyed record of a system that is not
    /// image-based), newest first; an unreadable record is passed over.
    public func redBoots() -> [RedBootRecord] {
        var paths = [Self.directory + "/red-boot.json"]
        let deployments = fs.names(in: Self.deploymentsDirectory) ?? []
        paths += deployments.filter(Deployment.isValidID).sorted().map {
            Self.deploymentsDirectory + "/" + $0 + "/red-boot.json"
        }
        let records: [RedBootRecord] = paths.compactMap { try? load($0) }
        return records.sorted {
            $0.recordedAt != $1.recordedAt
                ? $0.recordedAt > $1.recordedAt : ($0.deployment ?? "") < ($1.deployment ?? "")
        }
    }
}

extension HealthCheck {
    /// Greenboot's red.d hook: checks health once (no waiting) and records it with the state of this deployment.
    public func recordRedBoot(now: Int = time(nil)) throws -> RedBootRecord {
        let health = run()
        let state = (try? agent.store.state()) ?? .empty
        let lastResult = (try? agent.store.report()).map { report in
            report.status == .failed
                ? "failed at step \(report.step ?? .apply): \(report.error ?? "no reason recorded")"
                : report.status.rawValue
        }
        var bootID: String? = nil
        if agent.live, case .success(let bytes) = RegularFile.read("/proc/sys/kernel/random/boot_id", limit: 64) {
            bootID = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first.map {
                String($0.filter { $0 != "-" })
            }
        }
        let record = RedBootRecord(
            deployment: agent.store.deployment, bootID: bootID, recordedAt: now, generation: state.generation,
            lastResult: lastResult, health: health)
        try agent.store.save(record)
        return record
    }
}
