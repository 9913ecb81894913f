/// Lays a fleet node's sections over the base profile, keeping every value's own source location, so a
/// diagnostic about a merged profile points at the file and line that wrote the offending value.
public enum ProfileMerge {
    /// `overrides` over `base`: mappings merge key by key; lists and single values replace; `null` removes.
    public static func merge(_ base: YAMLValue, _ overrides: YAMLValue) -> YAMLValue {
        guard let baseEntries = base.entries, let overrideEntries = overrides.entries else { return overrides }
        var entries = baseEntries
        for entry in overrideEntries {
            guard let key = entry.key.scalarText else { continue }
            if let index = entries.firstIndex(where: { $0.key.scalarText == key }) {
                if entry.value.isNull {
                    entries.remove(at: index)
                } else {
                    entries[index] = YAMLValue.Entry(key: entry.key, value: merge(entries[index].value, entry.value))
                }
            } else if !entry.value.isNull {
                entries.append(entry)
            }
        }
        return YAMLValue(kind: .mapping(entries), location: base.location)
    }

    /// The profile a fleet node compiles: the base, the node's sections over it, and the node's name as metadata.name.
    public static func profile(base: YAMLValue, node: FleetNode) -> YAMLValue {
        var merged = merge(base, node.overrides)
        let nameKey = YAMLValue(kind: .scalar("name", plain: true), location: node.nameValue.location)
        let named = YAMLValue(
            kind: .mapping([YAMLValue.Entry(key: nameKey, value: node.nameValue)]), location: node.nameValue.location)
        if case .mapping(var entries) = merged.kind {
            if let index = entries.firstIndex(where: { $0.key.scalarText == "metadata" }) {
                entries[index].value = merge(entries[index].value, named)
            } else {
                entries.append(
                    YAMLValue.Entry(
                        key: YAMLValue(kind: .scalar("metadata", plain: true), location: node.nameValue.location),
                        value: named))
            }
            merged.kind = .mapping(entries)
        }
        return merged
    }

    /// A canonical text of a value (keys in source order, scalars quoted), for digests that change only when the value does.
    public static func canonicalText(_ value: YAMLValue) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    private static func write(_ value: YAMLValue, into out: inout String) {
        switch value.kind {
        case .scalar(let text, let plain):
            out += plain ? "=" : "\""
            out += text.debugEscaped.replacingAll("\"", with: "\\\"")
            out += "\""
        case .sequence(let items):
            out += "["
            for item in items {
                write(item, into: &out)
                out += ","
            }
            out += "]"
        case .mapping(let entries):
            out += "{"
            for entry in entries {
                write(entry.key, into: &out)
                out += ":"
                write(entry.value, into: &out)
                out += ","
            }
            out += "}"
        }
    }
}

extension String {
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}
