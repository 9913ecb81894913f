import ArgumentParser
import Foundation
import NodeProfileManifest
import NodeProfileSigning

/// `--sign-key`, shared by `build` and `package`: sign manifest.json with an Ed25519 key.
struct SigningOptions: ParsableArguments {
    @Option(
        name: .customLong("sign-key"),
        help: ArgumentHelp(
            "Sign manifest.json with this Ed25519 private key (PKCS#8 PEM, from openssl genpkey -algorithm ed25519).",
            valueName: "KEY.pem"))
    var signKey: String?

    /// The key, or nil without --sign-key. An unusable key exits 1 with `KEYFILE: error: ...` before anything is written.
    func load() throws -> BundleSigningKey? {
        guard let signKey else { return nil }
        switch RegularFile.read(signKey, limit: 64 << 10) {
        case .success(let bytes):
            do {
                return try BundleSigningKey(pem: bytes)
            } catch {
                Terminal.standardError("\(signKey): error: \(error)\n")
            }
        case .failure(let failure):
            Terminal.standardError("\(signKey): error: cannot read the key: \(failure)\n")
        }
        throw ExitCode(1)
    }
}

extension BundleSigningKey {
    /// The signer PackageSources calls with manifest.json's bytes: they are encoded once, then signed.
    var signer: ([UInt8]) throws -> [UInt8] {
        { manifest in try BundleSignature(signing: manifest, with: self).encoded() }
    }
}
