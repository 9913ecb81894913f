/// Reading and writing manifest.json the same way everywhere: sorted keys, so equal manifests are equal bytes.
public enum ManifestCoding {
    /// The manifest as pretty-printed JSON with sorted keys and a final newline.
    public static func encode(_ manifest: BundleManifest) throws -> [UInt8] {
        ManifestJSON.encode(manifest) + [0x0A]
    }

    /// Decodes manifest.json, refusing formats this build does not know, then checks every field the agent acts on
    /// (`ManifestCheck`); a problem is a `ManifestError` naming the field.
    public static func decode(_ bytes: [UInt8]) throws -> BundleManifest {
        let manifest: BundleManifest
        do {
            manifest = try JSONCodec.decode(BundleManifest.self, from: bytes)
        } catch let error as DecodingError {
            throw ManifestError(describe(error, in: try? JSONParser.parse(bytes)))
        }
        guard manifest.format == BundleManifest.currentFormat else {
            throw ManifestError(
                "manifest format \(manifest.format) is not supported; this build reads format \(BundleManifest.currentFormat)"
            )
        }
        try ManifestCheck.check(manifest)
        return manifest
    }

    /// A decoding error as `field: what is wrong`, with the allowed action kinds when one is unknown. A field of
    /// `files[i]` or `facts[i]` also names that file's path or that fact's name, when `document` has it.
    static func describe(_ error: DecodingError, in document: JSONValue? = nil) -> String {
        func field(_ path: [any CodingKey]) -> String {
            let name = path.reduce("") { text, key in
                key.intValue.map { text + "[\($0)]" } ?? (text.isEmpty ? key.stringValue : text + "." + key.stringValue)
            }
            guard path.count > 2, let list = ["files": "path", "facts": "name"][path[0].stringValue],
                let index = path[1].intValue,
                case .object(let root)? = document, case .array(let items)? = root[path[0].stringValue],
                index < items.count,
                case .object(let item) = items[index], case .string(let label)? = item[list]
            else { return name }
            return "\(name) (\(label))"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(field(context.codingPath + [key])): missing"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return
                "\(field(context.codingPath)): expected \(type == String.self ? "a string" : type == Int.self ? "an integer" : type == Bool.self ? "true or false" : "\(type)")"
        case .dataCorrupted(let context):
            let name = field(context.codingPath)
            if context.codingPath.last?.stringValue == "kind" {
                return "\(name): not an action kind; allowed: "
                    + Action.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            }
            return name.isEmpty ? "not valid JSON" : "\(name): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// A problem with a manifest.
public struct ManifestError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, naming the field, in one line.
    public var description: String
    /// An error with the given one-line message.
    public init(_ description: String) { self.description = description }
}
