/// Plain-words hints for the structural slips people make most: a key written without its `:`, and a key put one
/// level too high or low (`ipv4:` under `network` instead of `network.gateway`).
enum ShapeHints {
    /// `name x` where `name: x` was meant: a plain scalar whose first word is a key of the expected mapping.
    static func missingColon(_ value: YAMLValue, _ object: ObjectShape) -> String? {
        guard let text = value.scalarText, let space = text.firstIndex(of: " "),
            object.field(String(text[..<space])) != nil
        else { return nil }
        let key = String(text[..<space])
        let rest = String(text[text.index(after: space)...].prefix(30))
        return
            "'\(String(text.prefix(40)).debugEscaped)' is missing ':' after '\(key)'; write '\(key): \(rest.debugEscaped)'"
    }

    /// For a key unknown at `path` but known elsewhere in a profile: where it belongs.
    static func misplaced(_ key: String, at path: ProfilePath) -> String? {
        guard let home = ProfileSchema.homes(of: key).first(where: { $0 != path }) else { return nil }
        let place = home.description.isEmpty ? "the top level" : home.description
        return "unknown key '\(key.debugEscaped)' here; it belongs under \(place) (\(home.appending(key)))"
    }
}
