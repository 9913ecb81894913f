import NodeProfileManifest

/// `apply --dry-run`: what an apply would write and remove, said honestly. Nothing is recovered, locked or written.
/// Facts are tried once (no waiting); a fact that cannot be resolved is reported, and files that use it are listed
/// as to write, since their contents cannot be checked. Actions are listed only for the running system (`--root /`),
/// where an apply would run them; with another root no action would ever run, and the report says so.
struct AgentDryRun {
    let agent: Agent

    func plan(_ bundles: [LoadedBundle]) throws -> ApplyReport {
        var notes = try agent.checkTarget(bundles)
        let wanted = try Agent.merge(bundles)
        let state = try agent.store.state()
        let drifted = agent.drift(state)
        let specs = Agent.factSpecs(bundles)
        var resolved: [String: String] = [:]
        var unresolved: Set<String> = []
        for spec in specs {
            let single = FactResolver(source: agent.facts.source, overrides: agent.facts.overrides, sleep: { _ in })
            if let values = single.quick(
                specs.filter { $0.name == spec.name || resolved[$0.name] != nil }, recorded: resolved),
                let value = values[spec.name]
            {
                resolved[spec.name] = value
                notes.append("fact \(spec.name) = \(value) (\(origin(spec)))")
            } else if let problem = uplinkProblem(spec, resolved) ?? macProblem(spec) {
                unresolved.insert(spec.name)
                notes.append("fact \(spec.name): an apply would refuse it: \(problem)")
            } else {
                unresolved.insert(spec.name)
                notes.append(
                    "fact \(spec.name): not resolved ("
                        + (agent.facts.source == nil
                            ? "pass --fact \(spec.name)=VALUE" : "not available now; an apply retries")
                        + "); files using it are listed as to write, unchecked")
            }
        }
        if let problem = FactConstraint.problem(Agent.factConstraints(bundles), resolved) {
            notes.append("an apply would refuse at step \(AgentStep.facts): \(problem)")
        }
        let plan = ApplyPlan(
            agent: agent, wanted: wanted, state: state, facts: resolved, drifted: drifted,
            vendorOwned: Agent.vendorOwned(bundles))
        try agent.refuseForeignFiles(plan)
        let uncheckable = wanted.filter { !Set($0.value.entry.facts).isDisjoint(with: unresolved) }.keys
        let writes = Set(plan.writes).union(uncheckable).sorted()
        let generation = Agent.generation(bundles, facts: resolved)
        var report = ApplyReport(
            status: .dryRun, generation: generation, changed: writes, removed: plan.removals, drift: drifted,
            actions: [], rebootRequired: plan.rebootRequired, recovered: false, error: nil)
        let pending =
            writes.flatMap { wanted[$0]?.entry.actions ?? [] }
            + plan.departures.flatMap { state.files[$0]?.actions ?? [] }
        if agent.live {
            report.actions = ActionRunner.ordered(pending).flatMap {
                agent.actions.commands(for: $0, removed: Set(plan.removals))
            }.map { $0.joined(separator: " ") }
        } else if !pending.isEmpty {
            notes.append("no actions: --root is not the running system, so an apply runs no reload or restart")
        }
        if state.generation == generation && writes.isEmpty && plan.departures.isEmpty {
            notes.append("up to date: an apply would change nothing")
        }
        report.adopted = plan.adoptions.isEmpty ? nil : plan.adoptions
        report.putBack = plan.putBack.isEmpty ? nil : plan.putBack.keys.sorted()
        report.notes = notes
        return report
    }

    /// Where a resolved fact's value came from, in the words of the dry run's note.
    private func origin(_ spec: FactSpec) -> String {
        if agent.facts.overrides[spec.name] != nil { return "from --fact" }
        let place =
            (agent.facts.source as? DeviceTreeFacts).map { "read from \($0.devices.sysClassNet)" }
            ?? "read from this machine"
        guard spec.source == .interfaceByMAC, let mac = spec.mac else { return place }
        return "the physical NIC with MAC \(mac), \(place)"
    }

    /// Why an apply would refuse a NIC named by MAC: no physical NIC has it, or several do.
    private func macProblem(_ spec: FactSpec) -> String? {
        guard spec.source == .interfaceByMAC, let mac = spec.mac, agent.facts.overrides[spec.name] == nil,
            let devices = (agent.facts.source as? any NetworkDeviceInspector)?.devices
        else { return nil }
        return NICByMAC.problem(mac, in: devices.physicalNICs(), directory: devices.sysClassNet)
    }

    /// Why an apply would refuse the NIC an interface fact reads (its name filled in from the facts resolved so far).
    private func uplinkProblem(_ spec: FactSpec, _ resolved: [String: String]) -> String? {
        guard var interface = spec.interface else { return nil }
        for (name, value) in resolved { interface = interface.replacing(FactSpec.placeholder(name), with: value) }
        return UplinkCheck.problem(interface, source: agent.facts.source)
    }
}
