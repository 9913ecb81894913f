import Foundation
import NodeProfileSigning
import Testing

/// A key pair made by the real openssl CLI, the way the README tells users to make one.
struct OpenSSLKey {
    let privateKey: URL
    let publicKey: URL

    /// `openssl genpkey -algorithm ALGORITHM` (plus options) and `openssl pkey -pubout`, in a fresh directory.
    static func generate(_ algorithm: String = "ed25519", options: [String] = []) throws -> OpenSSLKey {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("np-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = OpenSSLKey(privateKey: directory.appendingPathComponent("signing.pem"), publicKey: directory.appendingPathComponent("signing.pub"))
        try run(["genpkey", "-algorithm", algorithm] + options + ["-out", key.privateKey.path])
        // The passphrase is the one the encrypted-key test uses; openssl ignores it for a plain key.
        try run(["pkey", "-in", key.privateKey.path, "-passin", "pass:secret", "-pubout", "-out", key.publicKey.path])
        return key
    }

    /// The private key as the compiler loads it.
    var signing: BundleSigningKey { get throws { try BundleSigningKey(pem: [UInt8](Data(contentsOf: privateKey))) } }
    /// The public key as the agent loads it.
    var trusted: TrustedKey { get throws { try TrustedKey(pem: [UInt8](Data(contentsOf: publicKey))) } }

    /// Runs openssl and returns its standard output; a failure is recorded with openssl's message.
    @discardableResult
    static func run(_ arguments: [String]) throws -> Data {
        let path = "/usr/bin/openssl"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            Issue.record("openssl is not installed: `make deps` installs it (Debian package list in the Makefile)")
            throw CancellationError()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Issue.record("openssl \(arguments.joined(separator: " ")) failed: \(message)")
            throw CancellationError()
        }
        return data
    }
}
