/// What the semantic rules share: the checked document, its unusable paths, and the diagnostics so far.
///
/// Readers return nil for a value that is absent, null, or failed the structural check (or sits under
/// one that did), so a rule never reports a follow-on error for a value already reported.
struct ValidationContext {
    let root: YAMLValue
    let invalid: Set<ProfilePath>
    let misspelt: Set<ProfilePath>
    let resources: any ResourceReader
    var diagnostics: [Diagnostic] = []

    init(root: YAMLValue, invalid: Set<ProfilePath>, misspelt: Set<ProfilePath> = [], resources: any ResourceReader) {
        self.root = root
        self.invalid = invalid
        self.misspelt = misspelt
        self.resources = resources
    }

    /// True when the user wrote a non-null value at `path`, or wrote it under a misspelt key.
    func isSet(_ path: ProfilePath) -> Bool {
        if misspelt.contains(path) { return true }
        guard let node = root.value(at: path) else { return false }
        return !node.isNull
    }

    /// True when `path` or one of its ancestors failed the structural check.
    func isInvalid(_ path: ProfilePath) -> Bool {
        if misspelt.contains(path) { return true }
        var prefix = ProfilePath()
        if invalid.contains(prefix) { return true }
        for component in path.components {
            prefix.components.append(component)
            if invalid.contains(prefix) { return true }
        }
        return false
    }

    /// The usable node at `path`, if any.
    func node(_ path: ProfilePath) -> YAMLValue? {
        guard !isInvalid(path), let node = root.value(at: path), !node.isNull else { return nil }
        return node
    }

    /// The text at `path`, or the schema default when the field is absent; nil when unusable or without default.
    /// Rules read a value through `parse`, `checked` or `choice`, which hand on only what passed its rule.
    func text(_ path: ProfilePath) -> String? {
        if let node = node(path) { return node.scalarText }
        guard !isInvalid(path), !isSet(path), case .string(let fallback)? = ProfileSchema.defaultValue(at: path) else {
            return nil
        }
        return fallback
    }

    /// The integer at `path` (nil for `auto`, absent without default, or unusable).
    func integer(_ path: ProfilePath) -> Int? {
        if let node = node(path) { return node.scalarText.flatMap(ScalarSyntax.integer) }
        guard !isInvalid(path), !isSet(path), case .int(let fallback)? = ProfileSchema.defaultValue(at: path) else {
            return nil
        }
        return fallback
    }

    /// The boolean at `path`, or its default.
    func boolean(_ path: ProfilePath) -> Bool? {
        if let node = node(path) { return node.scalarText.flatMap(ScalarSyntax.boolean) }
        guard !isInvalid(path), !isSet(path), case .bool(let fallback)? = ProfileSchema.defaultValue(at: path) else {
            return nil
        }
        return fallback
    }

    /// The word of the choice field at `path`, or its default, as the case of `T` with that raw value (the schema's
    /// words for the field are `T`'s); nil when absent without default, or unusable.
    func choice<T: RawRepresentable>(_ path: ProfilePath, as type: T.Type) -> T? where T.RawValue == String {
        text(path).flatMap(T.init(rawValue:))
    }

    /// The word of the choice field at `path`, or its default, as the case of `T` that `word` spells that way.
    func choice<T: CaseIterable>(_ path: ProfilePath, as type: T.Type, word: (T) -> String) -> T? {
        text(path).flatMap { text in T.allCases.first { word($0) == text } }
    }

    /// The items of the list of choices at `path`, or its default, as cases of `T`: nil for an item the shape check
    /// refused, so that each keeps its index; nil when the list is unusable.
    func choices<T: RawRepresentable>(_ path: ProfilePath, as type: T.Type) -> [T?]? where T.RawValue == String {
        texts(path)?.map(T.init(rawValue:))
    }

    /// The list of texts at `path`, or its default; nil when unusable.
    func texts(_ path: ProfilePath) -> [String]? {
        if let node = node(path) { return node.items?.map { $0.scalarText ?? "" } }
        guard !isInvalid(path), !isSet(path) else { return nil }
        guard case .array(let items)? = ProfileSchema.defaultValue(at: path) else { return [] }
        return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    /// How many items the list at `path` holds (0 when absent or unusable).
    func count(_ path: ProfilePath) -> Int { node(path)?.items?.count ?? 0 }

    /// Reports a problem with the value at `path` (or, when absent, with the nearest enclosing node).
    mutating func report(_ severity: Severity, _ message: String, at path: ProfilePath) {
        var probe = path
        var node = root.value(at: probe)
        while node == nil, !probe.components.isEmpty {
            probe.components.removeLast()
            node = root.value(at: probe)
        }
        let location = (node ?? root).location
        diagnostics.append(Diagnostic(severity, message, at: location, path: path.description))
    }

    /// Reports an error at `path`.
    mutating func error(_ message: String, at path: ProfilePath) { report(.error, message, at: path) }

    /// Reports an error at the key of `path` (`ipv4:` itself), for a key that is not allowed where it stands, or
    /// for a key missing under it (`naming` is then the missing key's path, which the diagnostic names).
    mutating func errorAtKey(_ message: String, at path: ProfilePath, naming: ProfilePath? = nil) {
        guard case .key(let name)? = path.components.last,
            let entry = root.value(at: ProfilePath(Array(path.components.dropLast())))?.entries?.first(where: {
                $0.key.scalarText == name
            })
        else {
            return error(message, at: naming ?? path)
        }
        diagnostics.append(Diagnostic(.error, message, at: entry.key.location, path: (naming ?? path).description))
    }

    /// Reports a warning at `path` (an error under `--strict`).
    mutating func warning(_ message: String, at path: ProfilePath) { report(.warning, message, at: path) }

    /// Parses the text at `path` with `parse`, reporting its error there; nil when absent, unusable or wrong.
    mutating func parse<T>(_ path: ProfilePath, _ parse: (String) -> Result<T, ValueError>) -> T? {
        guard let text = text(path) else { return nil }
        switch parse(text) {
        case .success(let value): return value
        case .failure(let error):
            self.error(error.description, at: path)
            return nil
        }
    }

    /// The text at `path` when `problem` finds nothing wrong with it; nil when absent or unusable, and nil after
    /// reporting the problem there when it does.
    mutating func checked(_ path: ProfilePath, _ problem: (String) -> String?) -> String? {
        parse(path) { text in problem(text).map { .failure(ValueError($0)) } ?? .success(text) }
    }
}

extension ProfileSchema {
    /// The field definition at `path` (list indices are skipped), if the schema has one.
    public static func field(at path: ProfilePath) -> Field? {
        var shape = Shape.object(root)
        var found: Field?
        for component in path.components {
            guard case .key(let key) = component else { continue }
            while true {
                switch shape {
                case .list(let item, _):
                    shape = item
                    continue
                case .autoOr(let inner):
                    shape = inner
                    continue
                default: break
                }
                break
            }
            guard case .object(let object) = shape, let field = object.field(key) else { return nil }
            found = field
            shape = field.shape
        }
        return found
    }

    /// The default value at `path`, if it has one; `list[i]` is item i of the list's default.
    public static func defaultValue(at path: ProfilePath) -> JSONValue? {
        if case .index(let index)? = path.components.last {
            guard case .array(let items)? = defaultValue(at: ProfilePath(Array(path.components.dropLast()))),
                items.indices.contains(index)
            else { return nil }
            return items[index]
        }
        return field(at: path)?.defaultValue
    }
}
