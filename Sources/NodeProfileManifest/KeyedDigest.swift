/// The digest manifest.json records for a secret file: HMAC-SHA256 (RFC 2104) keyed with a 32-byte key that is
/// written inside the secret file itself, on a line `# nodeprofile-key: HEX`. Whoever can read the 0600 file can
/// check it; whoever can read only manifest.json (0644), or the RPM header's file digests, cannot check a guessed
/// password against it, since the key is unknown to them. The manifest records no size for such a file.
public enum KeyedDigest {
    /// The manifest's `digest` value for files checked this way (plain sha256 files have none).
    public static let algorithm = "hmac-sha256"
    /// The comment line prefix that carries the key inside the file.
    public static let keyLinePrefix = "# nodeprofile-key: "

    /// HMAC-SHA256 of `message` under `key`, in lowercase hex.
    public static func hmac(key: [UInt8], _ message: [UInt8]) -> String {
        var block = key.count > 64 ? digest(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(inner.finalize())
        return outer.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// The key from a file's `# nodeprofile-key:` line (64 hex digits), or nil when there is none.
    public static func key(in bytes: [UInt8]) -> [UInt8]? {
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(keyLinePrefix) }) else { return nil }
        let hex = Array(line.dropFirst(keyLinePrefix.count).utf8)
        guard hex.count == 64 else { return nil }
        var key: [UInt8] = []
        for index in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: hex[index...index + 1], as: UTF8.self), radix: 16) else {
                return nil
            }
            key.append(byte)
        }
        return key
    }

    /// The keyed digest of a secret file, read with the key it carries; nil when it carries none.
    public static func of(_ bytes: [UInt8]) -> String? { key(in: bytes).map { hmac(key: $0, bytes) } }

    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var hash = SHA256()
        hash.update(bytes)
        return hash.finalize()
    }
}
