/// The steps of an agent run. result.json's `step` names the one a failed run stopped at, and `status`, the greenboot
/// health check and the red-boot record print it, so the raw values are a contract (a test pins each one). Declared
/// here, beside the other names stages share, so that the agent that writes a step and every reader use one list.
public enum AgentStep: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// A bundle was built for another MicroShift release than the one installed.
    case target
    /// Finishing or undoing a run that stopped midway.
    case recover
    /// Picking this device's node from a fleet image: no node, or two, matched the identity the device reports.
    case identity
    /// Loading the bundles (manifests, signatures, files) and checking the set.
    case load
    /// Reading the applied state, or committing the new one.
    case state
    /// Resolving the facts on the device and checking their values.
    case facts
    /// A file someone else wrote is at a path the bundle refuses to adopt.
    case adopt
    /// Writing the journal.
    case journal
    /// Backing up what the run replaces, and keeping the originals it adopts.
    case backup
    /// Writing the files.
    case write
    /// Removing the files no bundle wants any more.
    case remove
    /// Running the actions (reloads, restarts).
    case actions
    /// Checking the running system after the actions.
    case verify
    /// A live change of the uplink's connection did not reach its gateway within the confirm window (or NetworkManager
    /// took no checkpoint); network and files were rolled back.
    case confirm
    /// `rollback` to the previous generation.
    case rollback
    /// A failure in none of the steps above.
    case apply

    /// Decodes a step's name. A name this agent does not know (result.json written by another version of it) reads
    /// as `apply`, a failure in none of its steps, rather than making result.json unreadable.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        self = AgentStep(rawValue: name) ?? .apply
    }

    /// Encodes the step's name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The step's name, as result.json and messages write it.
    public var description: String { rawValue }
}
