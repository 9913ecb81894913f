import Glibc
import NodeProfileManifest

// The switches below are compiled into debug builds only (NODEPROFILE_TEST_HOOKS, set in Package.swift for the debug
// configuration): the release agent the RPM ships has no way to crash on purpose or to sit on its lock.

extension Agent {
    #if NODEPROFILE_TEST_HOOKS
        /// Test-only (debug builds): takes NODEPROFILE_AGENT_CRASH_AFTER (a step name) and
        /// NODEPROFILE_AGENT_HOLD_LOCK_MS (milliseconds) from the environment the tests start the agent with.
        public mutating func takeTestHooks(from environment: [String: String]) {
            crashAfter = environment["NODEPROFILE_AGENT_CRASH_AFTER"]
            holdLockMilliseconds = environment["NODEPROFILE_AGENT_HOLD_LOCK_MS"].flatMap(UInt32.init)
        }
    #endif

    /// Stops the process dead (exit 70, no cleanup) when a test asked to crash after `step` (`write:N` after the
    /// `count`th file written); nothing in a release build.
    func crashPoint(_ step: AgentStep, count: Int? = nil) {
        #if NODEPROFILE_TEST_HOOKS
            let point = count.map { "\(step):\($0)" } ?? step.rawValue
            guard crashAfter == point else { return }
            log("test crash after \(point)")
            _exit(70)
        #endif
    }

    /// Takes the agent's lock for apply and rollback, waiting up to `timeout` seconds (AgentError.busy after that).
    public func lock(timeout: Double) throws -> AgentLock {
        let lock = try AgentLock.acquire(in: fs, timeout: timeout, waiting: log)
        #if NODEPROFILE_TEST_HOOKS
            if let hold = holdLockMilliseconds { usleep(hold * 1000) }
        #endif
        return lock
    }
}
