/// A fleet file (`kind: NodeFleet`): a base profile and, per node, the parts of it that differ.
///
/// ```yaml
/// apiVersion: nodeprofile/v1
/// kind: NodeFleet
/// metadata: {name: stores}
/// base: store.yaml            # a NodeProfile, relative to the fleet file
/// nodes:
///   - name: store-0001        # the node's bundle and package: nodeprofile-store-0001
///     node: {hostname: store-0001, nodeIP: 10.1.0.14}
///     network: {gateway: {ipv4: {address: 10.1.0.14/24}}}
/// ```
/// A node's sections are merged over the base: mappings key by key, while lists and single values replace
/// the base's, and `null` (`~`) removes the base's value.
public enum FleetSchema {
    /// The kind a fleet file declares.
    public static let kind = "NodeFleet"

    /// The fleet's own fields; `nodes` is checked by `FleetReader`, item by item.
    static let root = ObjectShape([
        Field(
            "apiVersion", .choice([ProfileSchema.apiVersion]),
            "Version of the profile language; only nodeprofile/v1 exists.",
            required: true),
        Field("kind", .choice([kind]), "What this document describes.", required: true),
        Field("metadata", .object(metadata), "Names the fleet.", required: true),
        Field(
            "base", .text(TextRules(maxLength: 4096)),
            "The NodeProfile every node starts from, relative to the fleet file.",
            required: true),
    ])

    static let metadata = ObjectShape([
        Field("name", .text(TextRules(maxLength: 53)), "DNS label naming the fleet in summaries.", required: true),
        Field("description", .text(TextRules(multiline: true, maxLength: 4096)), "Free text."),
    ])

    /// The profile sections a node may override: every top-level field but apiVersion and kind.
    public static var nodeSections: [String] {
        ProfileSchema.root.fields.map(\.name).filter { $0 != "apiVersion" && $0 != "kind" }
    }

    /// Finds the `kind:` a document declares on a line of its own, without parsing it, so that a fleet file
    /// (which may be far larger than a profile) is read with the fleet's limits. Nil when there is none.
    public static func declaredKind(in bytes: [UInt8]) -> String? {
        var lineStart = 0
        let prefix = Array("kind:".utf8)
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            if lineEnd - lineStart > prefix.count, bytes[lineStart..<lineStart + prefix.count].elementsEqual(prefix) {
                let rest = String(decoding: bytes[(lineStart + prefix.count)..<lineEnd], as: UTF8.self)
                let word = rest.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                let trimmed = word.trimmingCharacters(in: " \t\r\"'")
                return trimmed.isEmpty ? nil : trimmed
            }
            lineStart = lineEnd + 1
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var view = self[...]
        while let first = view.first, characters.contains(first) { view = view.dropFirst() }
        while let last = view.last, characters.contains(last) { view = view.dropLast() }
        return String(view)
    }
}
