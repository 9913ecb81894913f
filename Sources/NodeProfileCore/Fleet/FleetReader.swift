import NodeProfileManifest

/// A checked fleet file: its name, where its base profile is, and each node's overrides.
public struct Fleet: Sendable {
    /// The fleet's name (metadata.name).
    public var name: String
    /// The base profile's path as written, relative to the fleet file.
    public var base: String
    /// Where `base` is written, for diagnostics about the base file as a whole.
    public var baseLocation: SourceLocation
    /// The nodes in file order.
    public var nodes: [FleetNode]
    /// The nodes left out for problems of their own, by name (`nodes[N]` when a node has no usable name), in file
    /// order: `build --keep-going` lists them as not built.
    public var rejected: [String] = []
}

/// One node of a fleet: its name, its device identity (for a fleet image) and the profile sections it sets over the
/// base.
public struct FleetNode: Sendable {
    /// The node's name, which becomes its profile's metadata.name (and its package nodeprofile-NAME).
    public var name: String
    /// The `name` value as written, so diagnostics about the name point at the fleet file.
    public var nameValue: YAMLValue
    /// The node's mapping without `name` and `identity`: the sections merged over the base.
    public var overrides: YAMLValue
    /// What identifies the node's device in a fleet image (`identity:`), normalized; nil when it names none.
    public var identity: NodeIdentity? = nil
    /// Where `identity` is written, for diagnostics about it.
    public var identityLocation: SourceLocation? = nil
}

/// Reads a `kind: NodeFleet` file: parses it within the fleet limits and checks everything but the profiles.
public struct FleetReader: Sendable {
    /// Limits applied while parsing.
    public var limits: SourceText.Limits
    /// A reader with the given parse limits (a fleet's by default).
    public init(limits: SourceText.Limits = .fleet) { self.limits = limits }

    /// The outcome of reading a fleet file.
    public struct Result: Sendable {
        /// The fleet with every node that passed its own checks, present unless the file is unusable as a whole;
        /// check `diagnostics` for errors before writing anything.
        public var fleet: Fleet?
        /// Problems in the fleet file itself.
        public var diagnostics: [Diagnostic]
        /// The decoded text, for printing source lines under diagnostics.
        public var source: SourceText?
    }

    /// Reads a fleet from raw bytes.
    public func read(bytes: [UInt8], file: String) -> Result {
        switch SourceText.decode(bytes, file: file, limits: limits) {
        case .failure(let diagnostic): return Result(fleet: nil, diagnostics: [diagnostic], source: nil)
        case .success(let source):
            switch YAMLLoader(limits: limits).load(source) {
            case .failure(let diagnostics): return Result(fleet: nil, diagnostics: diagnostics, source: source)
            case .success(let root):
                let (fleet, diagnostics) = check(root)
                return Result(fleet: fleet, diagnostics: diagnostics, source: source)
            }
        }
    }

    /// Checks a parsed fleet document.
    public func check(_ root: YAMLValue) -> (Fleet?, [Diagnostic]) {
        guard let entries = root.entries else {
            return (
                nil,
                [
                    Diagnostic(
                        .error,
                        "a fleet file is a mapping with apiVersion, kind: NodeFleet, metadata, base and nodes; found \(root.kindDescription)",
                        at: root.location)
                ]
            )
        }
        var bag = DiagnosticBag()
        // The fleet's own fields go through the same structural checker as profiles; nodes are checked below.
        var checker = ShapeChecker()
        let own = YAMLValue(kind: .mapping(entries.filter { $0.key.scalarText != "nodes" }), location: root.location)
        checker.check(own, against: .object(FleetSchema.root), at: ProfilePath())
        bag.report(contentsOf: checker.diagnostics)
        let name = root["metadata"]?["name"]
        if let text = name?.scalarText, !checker.invalid.contains("metadata.name"),
            let problem = Names.dnsLabelProblem(text, maxLength: 53)
        {
            bag.report(
                Diagnostic(
                    .error, "fleet name '\(text.debugEscaped)' \(problem)", at: name!.location, path: "metadata.name"))
        }
        var rejected: [String] = []
        let nodes = readNodes(root, &bag, rejected: &rejected)
        // Nodes with problems of their own are left out; the others still compile, so every node's errors show.
        let usable =
            !checker.invalid.contains(ProfilePath()) && !checker.invalid.contains("kind")
            && !checker.invalid.contains("apiVersion")
        guard usable, !checker.invalid.contains("base"), let base = root["base"], let baseText = base.scalarText else {
            return (nil, bag.sorted)
        }
        return (
            Fleet(
                name: name?.scalarText ?? "", base: baseText, baseLocation: base.location, nodes: nodes,
                rejected: rejected), bag.sorted
        )
    }

    private func readNodes(_ root: YAMLValue, _ bag: inout DiagnosticBag, rejected: inout [String]) -> [FleetNode] {
        guard let list = root["nodes"] else {
            bag.report(
                Diagnostic(
                    .error,
                    "missing required field 'nodes': the list of nodes, each with a name and the sections that differ from the base",
                    at: root.location, path: "nodes"))
            return []
        }
        guard let items = list.items, !items.isEmpty else {
            bag.report(
                Diagnostic(
                    .error,
                    "'nodes' must be a non-empty list of nodes (each a mapping with a name); found \(list.kindDescription)",
                    at: list.location, path: "nodes"))
            return []
        }
        let sections = FleetSchema.nodeSections
        var firstUse: [String: SourceLocation] = [:]
        var nodes: [FleetNode] = []
        nodes.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            let path = ProfilePath("nodes").appending(index: index)
            // Each problem of a node names it once, when it has a name to give.
            let named = item["name"]?.scalarText.map { "node \($0): " } ?? ""
            guard let entries = item.entries else {
                rejected.append(path.description)
                bag.report(
                    Diagnostic(
                        .error,
                        "a node is a mapping with a name and the profile sections it overrides; found \(item.kindDescription)",
                        at: item.location, path: path.description))
                continue
            }
            var valid = true
            for entry in entries {
                guard let key = entry.key.scalarText, key != "name", key != "identity" else { continue }
                if !sections.contains(key) {
                    let hint =
                        Suggestion.nearest(to: key, in: sections + ["name", "identity"]).map {
                            "did you mean '\($0)'? "
                        } ?? ""
                    bag.report(
                        Diagnostic(
                            .error,
                            named
                                + "unknown key '\(key.debugEscaped)' in a fleet node; \(hint)a node holds name, identity and the profile sections \(sections.joined(separator: ", "))",
                            at: entry.key.location, path: path.appending(key).description))
                    valid = false
                }
            }
            if let metadataName = item["metadata"]?["name"] {
                bag.report(
                    Diagnostic(
                        .error, named + "a node's profile is named by the node's own 'name'; remove metadata.name here",
                        at: metadataName.location, path: path.appending("metadata").appending("name").description))
                valid = false
            }
            guard let nameValue = item["name"], let name = nameValue.scalarText, !nameValue.isNull else {
                bag.report(
                    Diagnostic(
                        .error,
                        "missing required field 'name': the node's name, a DNS label of at most 53 characters (its package is nodeprofile-NAME)",
                        at: item.location, path: path.appending("name").description))
                rejected.append(path.description)
                continue
            }
            if let problem = Names.dnsLabelProblem(name, maxLength: 53) {
                bag.report(
                    Diagnostic(
                        .error,
                        "node name '\(name.debugEscaped)' \(problem); it names the node's package nodeprofile-NAME",
                        at: nameValue.location, path: path.appending("name").description))
                valid = false
            } else if let first = firstUse[name] {
                bag.report(
                    Diagnostic(
                        .error,
                        "node name '\(name)' is used twice (first at line \(first.line)); each node needs its own name",
                        at: nameValue.location, path: path.appending("name").description))
                valid = false
            } else {
                firstUse[name] = nameValue.location
            }
            var identity: NodeIdentity?
            if let value = item["identity"] {
                identity = FleetIdentityReader.read(value, path: path.appending("identity"), named: named, &bag)
                if identity == nil { valid = false }
            }
            if !valid {
                rejected.append(name)
            } else {
                let overrides = YAMLValue(
                    kind: .mapping(entries.filter { !["name", "identity"].contains($0.key.scalarText) }),
                    location: item.location)
                nodes.append(
                    FleetNode(
                        name: name, nameValue: nameValue, overrides: overrides, identity: identity,
                        identityLocation: item["identity"]?.location))
            }
        }
        FleetIdentityReader.checkUnique(nodes, &bag)
        return nodes
    }
}
