import NodeProfileManifest

/// One PEM block (`-----BEGIN LABEL-----`, base64, `-----END LABEL-----`), as openssl writes key files.
public struct PEMDocument: Sendable, Equatable {
    /// The label between BEGIN and END, such as `PRIVATE KEY` or `PUBLIC KEY`.
    public var label: String
    /// The DER bytes the base64 body decodes to.
    public var der: [UInt8]

    /// Reads the first PEM block in `bytes`; text around it (openssl's comments) is ignored.
    public init(_ bytes: [UInt8]) throws(SigningError) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SigningError("not a PEM file: it is not text")
        }
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
            .map { $0.trimmingWhitespace() }
        guard let begin = lines.firstIndex(where: { $0.hasPrefix("-----BEGIN ") && $0.hasSuffix("-----") }) else {
            throw SigningError("not a PEM file: no -----BEGIN ...----- line")
        }
        let label = String(lines[begin].dropFirst("-----BEGIN ".count).dropLast(5))
        guard let end = lines[(begin + 1)...].firstIndex(of: "-----END \(label)-----") else {
            throw SigningError("not a PEM file: -----BEGIN \(label)----- has no matching -----END \(label)----- line")
        }
        let body = lines[(begin + 1)..<end]
        // Legacy encrypted PEM puts headers such as Proc-Type before the base64.
        if body.contains(where: { $0.contains(":") }) {
            throw SigningError(
                "the \(label) block has headers (an encrypted key?); write an unencrypted key with openssl pkey")
        }
        guard let der = Base64.decode(body.joined()), !der.isEmpty else {
            throw SigningError("the \(label) block is not valid base64")
        }
        self.label = label
        self.der = der
    }

    /// The PEM text of `der` under `label`, 64 base64 characters a line, as openssl writes it.
    public static func text(label: String, der: [UInt8]) -> String {
        let base64 = Base64.encode(der)
        var lines: [String] = []
        var rest = Substring(base64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(64)))
            rest = rest.dropFirst(64)
        }
        return "-----BEGIN \(label)-----\n" + lines.joined(separator: "\n") + "\n-----END \(label)-----\n"
    }
}

/// Why a key or signature cannot be used; the description is one line for the user.
public struct SigningError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong, one line for the user.
    public var description: String
    /// An error with the given one-line message.
    public init(_ description: String) { self.description = description }
}
