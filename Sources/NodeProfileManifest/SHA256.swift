import CLibCrypto

/// SHA-256 from OpenSSL's libcrypto (its assembly, with the CPU's SHA extensions where there are some; measured in
/// docs/PERFORMANCE.md, "A small agent"). A fleet build hashes every file of
/// every node, and the agent's no-op check every installed file, so this sits on both hot paths.
///
/// libcrypto's plain SHA256_Init/Update/Final, not EVP: EVP's first digest sets up a provider (about 1 ms), which the
/// agent's no-op, hashing a few small files, would pay on every boot. OpenSSL 3 marks them deprecated, not gone.
public struct SHA256: Sendable {
    private var context = SHA256_CTX()

    /// A hasher with no bytes added yet.
    public init() { SHA256_Init(&context) }

    /// Adds bytes to the message.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    /// Adds the bytes of a buffer to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        SHA256_Update(&context, start, bytes.count)
    }

    /// The 32-byte digest of everything added (the hasher can go on taking bytes).
    public func finalize() -> [UInt8] {
        var copy = context
        var digest = [UInt8](repeating: 0, count: 32)
        SHA256_Final(&digest, &copy)
        return digest
    }

    /// The lowercase hex digest of `bytes`.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in hasher.finalize() {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
