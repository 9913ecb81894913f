/// The checks of a manifest that its types cannot hold (words and modes are typed: `ManifestWord`, `FileMode`,
/// checked by the decoder): every field the agent acts on is checked once, when the manifest is read, and a value
/// outside its allowed set is an error naming the field (`files[3].owner`), never a crash later.
public enum ManifestCheck {
    /// The owners and groups the agent writes files as.
    public static let owners: Set<String> = ["root"]

    /// Checks every field the agent acts on; throws the first problem, naming its field.
    public static func check(_ manifest: BundleManifest) throws(ManifestError) {
        let profile = manifest.profile.name
        guard !profile.isEmpty, profile.utf8.count <= 63,
            profile.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
        else {
            throw ManifestError(
                "profile.name: \(quoted(profile)) is not a profile name; allowed: lowercase letters, digits and '-', at most 63"
            )
        }
        if let health = manifest.health { try check(health) }
        let factNames = Set(manifest.facts.map(\.name))
        for (index, file) in manifest.files.enumerated() {
            let field = "files[\(index)]"
            guard file.path.hasPrefix("/"), !file.path.utf8.contains(0) else {
                throw ManifestError("\(field).path: \(quoted(file.path)) is not an absolute path")
            }
            guard owners.contains(file.owner) else {
                throw ManifestError(
                    "\(field).owner (\(file.path)): \(quoted(file.owner)) is not allowed; allowed: root")
            }
            guard owners.contains(file.group) else {
                throw ManifestError(
                    "\(field).group (\(file.path)): \(quoted(file.group)) is not allowed; allowed: root")
            }
            guard file.sha256.utf8.count == 64,
                file.sha256.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
            else {
                throw ManifestError("\(field).sha256 (\(file.path)): not 64 lowercase hex digits")
            }
            guard !file.secret || file.mode == .secret else {
                throw ManifestError("\(field).mode (\(file.path)): a secret file must be 0600, not \(file.mode)")
            }
            guard file.digest == nil || file.secret else {
                throw ManifestError("\(field).digest (\(file.path)): a keyed digest is allowed on a secret file only")
            }
            guard file.existing != .refuse || !(file.existingReason ?? "").isEmpty else {
                throw ManifestError(
                    "\(field).existingReason (\(file.path)): a file that refuses a foreign original says why")
            }
            for name in file.facts where !factNames.contains(name) {
                throw ManifestError("\(field).facts (\(file.path)): \(quoted(name)) is not declared in facts")
            }
        }
        for (index, fact) in manifest.facts.enumerated() {
            let field = "facts[\(index)]"
            guard (0...100).contains(fact.retries), (0...60).contains(fact.intervalSeconds) else {
                throw ManifestError("\(field) (\(fact.name)): retries must be 0 to 100 and intervalSeconds 0 to 60")
            }
            guard (try? Regex(fact.pattern)) != nil else {
                throw ManifestError("\(field).pattern (\(fact.name)): not a regular expression")
            }
            if let minimum = fact.minimum, let maximum = fact.maximum, minimum > maximum {
                throw ManifestError("\(field) (\(fact.name)): minimum \(minimum) is above maximum \(maximum)")
            }
            if fact.source == .interfaceByMAC, fact.mac.map({ MACAddress.normalized($0) != $0 }) ?? true {
                throw ManifestError("\(field).mac (\(fact.name)): interface-by-mac needs a lowercase MAC address")
            }
        }
        for (index, constraint) in (manifest.constraints ?? []).enumerated() where !factNames.contains(constraint.fact)
        {
            throw ManifestError("constraints[\(index)].fact: \(quoted(constraint.fact)) is not declared in facts")
        }
    }

    /// A value in double quotes with control characters escaped, for messages.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.prefix(80).unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _
            where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + (text.count > 80 ? "...\"" : "\"")
    }
}
