/// The typed values of a manifest, parsed once when it is read: every field the agent acts on is checked against
/// its allowed set here, and a value outside it is an error naming the field (`files[3].mode`), never a crash later.
public enum ManifestCheck {
    /// Where a fact's value comes from on the device.
    public enum FactSource: String, CaseIterable, Sendable {
        case defaultRouteInterface = "default-route-interface"
        case interfaceMAC = "interface-mac"
        case interfaceMTU = "interface-mtu"
        case defaultRouteAddress = "default-route-address"
        case hostname
    }

    /// Who puts a file on the device.
    public enum AppliedBy: String, CaseIterable, Sendable {
        case agent, package
    }

    /// The owners and groups the agent writes files as.
    public static let owners: Set<String> = ["root"]

    /// Permission bits from a manifest mode: four octal digits from 0000 to 0777. Setuid, setgid and sticky bits are
    /// refused, not dropped: a file written without them would read as changed on the device forever.
    public static func mode(_ text: String) -> Result<Int, ManifestError> {
        let digits = Array(text.utf8)
        guard digits.count == 4, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x37 }), let value = Int(text, radix: 8) else {
            return .failure(ManifestError("\(quoted(text)) is not a file mode; allowed: four octal digits from 0000 to 0777, such as \"0644\""))
        }
        guard value <= 0o777 else {
            return .failure(ManifestError("\(quoted(text)) sets the setuid, setgid or sticky bit, which nodeprofile never writes; allowed: 0000 to 0777"))
        }
        return .success(value)
    }

    /// Checks every field the agent acts on; throws the first problem, naming its field.
    public static func check(_ manifest: BundleManifest) throws(ManifestError) {
        let profile = manifest.profile.name
        guard !profile.isEmpty, profile.utf8.count <= 63,
              profile.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
            throw ManifestError("profile.name: \(quoted(profile)) is not a profile name; allowed: lowercase letters, digits and '-', at most 63")
        }
        if let health = manifest.health { try check(health) }
        let factNames = Set(manifest.facts.map(\.name))
        for (index, file) in manifest.files.enumerated() {
            let field = "files[\(index)]"
            guard file.path.hasPrefix("/"), !file.path.utf8.contains(0) else { throw ManifestError("\(field).path: \(quoted(file.path)) is not an absolute path") }
            let mode: Int
            switch Self.mode(file.mode) {
            case .success(let value): mode = value
            case .failure(let error): throw ManifestError("\(field).mode (\(file.path)): \(error)")
            }
            guard owners.contains(file.owner) else { throw ManifestError("\(field).owner (\(file.path)): \(quoted(file.owner)) is not allowed; allowed: root") }
            guard owners.contains(file.group) else { throw ManifestError("\(field).group (\(file.path)): \(quoted(file.group)) is not allowed; allowed: root") }
            guard AppliedBy(rawValue: file.appliedBy) != nil else {
                throw ManifestError("\(field).appliedBy (\(file.path)): \(quoted(file.appliedBy)) is not allowed; allowed: agent, package")
            }
            guard file.sha256.utf8.count == 64, file.sha256.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
                throw ManifestError("\(field).sha256 (\(file.path)): not 64 lowercase hex digits")
            }
            guard !file.secret || mode == 0o600 else {
                throw ManifestError("\(field).mode (\(file.path)): a secret file must be 0600, not \(file.mode)")
            }
            guard file.digest == nil || (file.digest == KeyedDigest.algorithm && file.secret) else {
                throw ManifestError("\(field).digest (\(file.path)): \(quoted(file.digest ?? "")) is not allowed; allowed: absent, or \"\(KeyedDigest.algorithm)\" on a secret file")
            }
            for name in file.facts where !factNames.contains(name) {
                throw ManifestError("\(field).facts (\(file.path)): \(quoted(name)) is not declared in facts")
            }
        }
        for (index, fact) in manifest.facts.enumerated() {
            let field = "facts[\(index)]"
            guard FactSource(rawValue: fact.source) != nil else {
                throw ManifestError("\(field).source (\(fact.name)): \(quoted(fact.source)) is not allowed; allowed: "
                                    + FactSource.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard (0...100).contains(fact.retries), (0...60).contains(fact.intervalSeconds) else {
                throw ManifestError("\(field) (\(fact.name)): retries must be 0 to 100 and intervalSeconds 0 to 60")
            }
            guard (try? Regex(fact.pattern)) != nil else {
                throw ManifestError("\(field).pattern (\(fact.name)): not a regular expression")
            }
        }
    }

    /// A value in double quotes with control characters escaped, for messages.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.prefix(80).unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + (text.count > 80 ? "...\"" : "\"")
    }
}
