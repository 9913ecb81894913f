import Foundation
import Testing

/// A key pair made by the real openssl CLI, the way docs/SECURITY.md tells users to make one.
public struct OpenSSLKey: Sendable {
    /// The private key's PEM file, signing.pem.
    public let privateKey: URL
    /// The public key's PEM file, signing.pub.
    public let publicKey: URL

    /// `openssl genpkey -algorithm ALGORITHM` (plus options) and `openssl pkey -pubout`, in a fresh directory.
    public static func generate(_ algorithm: String = "ed25519", options: [String] = []) throws -> OpenSSLKey {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("np-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = OpenSSLKey(
            privateKey: directory.appendingPathComponent("signing.pem"),
            publicKey: directory.appendingPathComponent("signing.pub"))
        try run(["genpkey", "-algorithm", algorithm] + options + ["-out", key.privateKey.path])
        // The passphrase is the one the encrypted-key test uses; openssl ignores it for a plain key.
        try run(["pkey", "-in", key.privateKey.path, "-passin", "pass:secret", "-pubout", "-out", key.publicKey.path])
        return key
    }

    /// Runs openssl and returns its standard output; a failure is recorded with openssl's message.
    @discardableResult
    public static func run(_ arguments: [String]) throws -> Data {
        let run = try Tool.run("openssl", arguments)
        guard run.status == 0 else {
            Issue.record("openssl \(arguments.joined(separator: " ")) failed: \(run.stderr)")
            throw CancellationError()
        }
        return run.standardOutput
    }
}
