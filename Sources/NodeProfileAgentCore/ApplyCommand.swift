import NodeProfileManifest
import NodeProfileSigning

/// `nodeprofile-agent apply` as one use case: take the lock, read the trust policy, take the no-op fast path when
/// nothing changed, load the bundles (directories or tarballs; the installed ones when none is given), refuse a
/// wrong set, record a failure to load as step `load`, and apply. The executable parses arguments and prints the
/// report; everything it decides is here, so tests run it in process.
public struct ApplyCommand: Sendable {
    /// What `apply`'s command line asks for.
    public struct Options: Sendable {
        /// `--bundle`: bundle directories or tarballs; empty applies the installed bundles.
        public var bundles: [String] = []
        /// `--dry-run`: plan only; no lock is taken and nothing is written or recorded.
        public var dryRun = false
        /// `--remove-all`: apply no bundle at all, removing every file the applied generation wrote.
        public var removeAll = false
        /// What requires signatures (`--require-signature` or the environment); the trusted keys may add their own.
        public var signatureRequirement: SignaturePolicy.Requirement?
        /// `--lock-timeout`: how long to wait for another run's lock, in seconds.
        public var lockTimeout = AgentLock.defaultTimeout
        /// `--identity-from`: the device identity for a fleet image, from this file instead of ROOT/sys.
        public var identityFrom: String?

        /// The options of a plain `apply`: the installed bundles, for real, signatures as the keys ask.
        public init() {}
    }

    /// The agent that applies.
    public var agent: Agent
    /// What to do.
    public var options: Options

    /// A run of `apply` with `options` by `agent`.
    public init(agent: Agent, options: Options) {
        self.agent = agent
        self.options = options
    }

    /// Runs the apply and returns its report (a no-op one when nothing changed). Throws `AgentError.busy` when
    /// another run holds the lock past the timeout (nothing recorded: result.json belongs to that run); any other
    /// failure of a real run is in result.json, with its step, before it is thrown.
    public func run() throws -> ApplyReport {
        // One run, one cache of the root's directories: each is opened once, and all are closed when the run ends.
        try agent.keepingDirectories { agent in
            let command = ApplyCommand(agent: agent, options: options)
            let lock = options.dryRun ? nil : try agent.lock(timeout: options.lockTimeout)
            defer { lock?.release() }
            return try BundleSource.with(options.bundles) { sources in try command.apply(sources) }
        }
    }

    /// Loads the bundles from `sources` (the installed ones when empty), checks them and applies them.
    func apply(_ sources: [BundleSource]) throws -> ApplyReport {
        // Signatures and checksums are checked here, before apply() recovers, journals or writes anything.
        let policy = TrustedKeys.policy(in: agent.fs, required: options.signatureRequirement)
        for warning in policy.warnings { agent.log(warning) }
        let given =
            sources.isEmpty
            ? LoadedBundle.installedDirectories(in: agent.fs).map { BundleSource(directory: $0, shown: $0) } : sources
        let picked: FleetImageSources
        do {
            // Only a real run at boot waits for a late NIC; a given identity or a dry run reads once.
            picked = try FleetImageSources.resolve(
                given, fs: agent.fs, policy: policy, identityFrom: options.identityFrom, record: !options.dryRun,
                reads: options.identityFrom == nil && !options.dryRun ? FleetImageSelection.identityReads : 1,
                log: agent.log)
        } catch {
            if !options.dryRun { agent.recordFailure(error, step: error is IdentityError ? .identity : .load) }
            throw error
        }
        defer { picked.remove() }
        let sources = picked.sources
        // Nothing changed since the last no-op: the same checks, without decoding manifest.json and state.json.
        if !options.dryRun && !options.removeAll,
            let report = agent.quickNoop(directories: sources.map(\.directory), policy: policy)
        {
            return report
        }
        let loaded: [LoadedBundle]
        do {
            loaded = try sources.map { try $0.load(policy: policy) }
            try BundleSet.check(loaded, removeAll: options.removeAll, fs: agent.fs)
        } catch {
            if !options.dryRun { agent.recordFailure(error, step: .load) }
            throw error
        }
        return try agent.apply(loaded, dryRun: options.dryRun)
    }
}
