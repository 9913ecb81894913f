import ArgumentParser
import Foundation
import NodeProfileSigning

/// `--sign-key`, shared by `build` and `package`: sign manifest.json with an Ed25519 key.
struct SigningOptions: ParsableArguments {
    @Option(name: .customLong("sign-key"), help: ArgumentHelp(
        "Sign manifest.json with this Ed25519 private key (PKCS#8 PEM, from openssl genpkey -algorithm ed25519).",
        valueName: "KEY.pem"))
    var signKey: String?

    /// The key, or nil without --sign-key. An unusable key exits 1 with `KEYFILE: error: ...` before anything is written.
    func load() throws -> BundleSigningKey? {
        guard let signKey else { return nil }
        do {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: signKey)))
            return try BundleSigningKey(pem: bytes)
        } catch let error as SigningError {
            Terminal.standardError("\(signKey): error: \(error)\n")
        } catch let error as CocoaError {
            Terminal.standardError("\(signKey): error: cannot read the key: \(Self.reason(error))\n")
        } catch {
            Terminal.standardError("\(signKey): error: cannot read the key: \(error.localizedDescription)\n")
        }
        throw ExitCode(1)
    }

    private static func reason(_ error: CocoaError) -> String {
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.code == .fileReadNoSuchFile ? "no such file" : error.localizedDescription
    }
}

extension BundleSigningKey {
    /// The signer PackageSources calls with manifest.json's bytes: they are encoded once, then signed.
    var signer: ([UInt8]) throws -> [UInt8] {
        { manifest in try BundleSignature(signing: manifest, with: self).encoded() }
    }
}
