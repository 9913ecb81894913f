/// State keyed by ostree deployment. /var is shared by every deployment, /etc is not: a deployment staged by an update
/// starts with the /etc of the deployment it was staged on (ostree's three-way merge keeps the files the agent wrote
/// there), and a rollback boots a deployment whose /etc still holds what the agent applied in it.
extension StateStore {
    /// Where each deployment's state directory is.
    public static let deploymentsDirectory = directory + "/deployments"
    /// Names the deployment whose state was saved last: the one a newly staged deployment's /etc was merged from.
    static let lastDeploymentPath = directory + "/last-deployment"

    /// The id of the deployment whose state was saved last, or nil.
    public func lastDeployment() -> String? {
        guard let bytes = fs.read(Self.lastDeploymentPath) else { return nil }
        let id = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        return Deployment.isValidID(id) ? id : nil
    }

    /// After this deployment's state is saved: it is the one the next staged deployment's /etc comes from.
    func noteSaved() throws {
        guard let deployment, lastDeployment() != deployment else { return }
        try fs.write(Self.lastDeploymentPath, Array((deployment + "\n").utf8), mode: 0o644)
    }

    /// The state a deployment that has none of its own starts from, and where it came from: the deployment that saved
    /// last, else the unkeyed state of an agent from before deployments were told apart, else nothing. Its `previous`
    /// is dropped (those copies are in the other deployment's directory), and a state file that cannot be read is
    /// passed over: it belongs to another deployment and must not stop this one.
    public func inheritedState() -> (state: AgentState, source: String?, directory: String?) {
        guard let deployment else { return (.empty, nil, nil) }
        func stripped(_ state: AgentState) -> AgentState {
            var state = state
            state.previous = nil
            return state
        }
        if let last = lastDeployment(), last != deployment,
            let state: AgentState = try? load(Self.deploymentsDirectory + "/" + last + "/state.json")
        {
            return (stripped(state), "deployment \(last)", Self.deploymentsDirectory + "/" + last)
        }
        if let state: AgentState = try? load(Self.directory + "/state.json") {
            return (stripped(state), "the agent's state from before deployments were told apart", Self.directory)
        }
        return (.empty, nil, nil)
    }

    /// The state an apply starts from, with the paths /etc no longer holds as it records (`drift`, which reads and
    /// hashes the files, is asked once per candidate): this deployment's own when /etc holds what it records; else the
    /// inherited state when /etc holds that instead (one tree booted as two deployments, or a rollback to a deployment
    /// whose /etc another deployment's agent wrote), so the change is applied as a change of generation, not as drift;
    /// else this deployment's own, and what differs from it is drift. An inherited state is saved as this deployment's
    /// at once (it says what this /etc holds), so even an apply with nothing to do leaves the deployment its own state.
    public func baseState(drift: (AgentState) -> [String], log: (String) -> Void) throws -> (
        state: AgentState, drift: [String]
    ) {
        let own: AgentState? = try load(statePath)
        let ownDrift = own.map(drift)
        if let own, let ownDrift, ownDrift.isEmpty { return (own, []) }
        let inherited = inheritedState()
        guard let source = inherited.source else { return (own ?? .empty, ownDrift ?? []) }
        let inheritedDrift = drift(inherited.state)
        guard own == nil || inheritedDrift.isEmpty else { return (own ?? .empty, ownDrift ?? []) }
        log(
            own == nil
                ? "deployment \(deployment ?? "") has no state yet: starting from \(source)"
                : "/etc holds what \(source) applied, not what deployment \(deployment ?? "") applied last: starting from that"
        )
        if let directory = inherited.directory { try inheritOriginals(inherited.state, from: directory) }
        try save(inherited.state)
        return (inherited.state, inheritedDrift)
    }
}
