extension YAMLValue {
    /// The document with `target.microshift` set to `version`, as `validate --target` checks it: an existing value is
    /// replaced where it stands (diagnostics about it point there); a document without one gets it, located at the
    /// `target` mapping or, without that, at the document's start. A document that is not a mapping, or whose
    /// `target` is not one, is returned as it is: the shape check reports it.
    public func targeting(_ version: String) -> YAMLValue {
        guard var entries = entries else { return self }
        let scalar = { (location: SourceLocation) in YAMLValue(kind: .scalar(version, plain: false), location: location)
        }
        guard let index = entries.firstIndex(where: { $0.key.scalarText == "target" }) else {
            let key = YAMLValue(kind: .scalar("microshift", plain: true), location: location)
            let target = YAMLValue(kind: .mapping([Entry(key: key, value: scalar(location))]), location: location)
            entries.append(
                Entry(key: YAMLValue(kind: .scalar("target", plain: true), location: location), value: target))
            return YAMLValue(kind: .mapping(entries), location: location)
        }
        var target = entries[index].value
        if target.isNull { target = YAMLValue(kind: .mapping([]), location: target.location) }
        guard var fields = target.entries else { return self }
        if let field = fields.firstIndex(where: { $0.key.scalarText == "microshift" }) {
            fields[field].value = scalar(fields[field].value.location)
        } else {
            let key = YAMLValue(kind: .scalar("microshift", plain: true), location: target.location)
            fields.append(Entry(key: key, value: scalar(target.location)))
        }
        entries[index].value = YAMLValue(kind: .mapping(fields), location: target.location)
        return YAMLValue(kind: .mapping(entries), location: location)
    }
}
