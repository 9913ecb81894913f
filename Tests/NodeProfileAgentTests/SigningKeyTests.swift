import Foundation
import NodeProfileManifest
import NodeProfileSigning
import NodeProfileTestSupport
import Testing

/// Key files as openssl writes them, and the signatures made with them, checked against openssl itself.
@Suite("Ed25519 keys and signatures")
struct SigningKeyTests {
    @Test("openssl's key files load; the key id is the sha256 of the raw key; the public PEM round-trips byte for byte")
    func openSSLKeys() throws {
        let key = try OpenSSLKey.generate()
        let trusted = try key.trusted
        #expect(try key.signing.publicKey.id == trusted.id)
        let der = [UInt8](try OpenSSLKey.run(["pkey", "-pubin", "-in", key.publicKey.path, "-outform", "DER"]))
        #expect(trusted.rawBytes == Array(der.suffix(32)))
        #expect(trusted.id == String(SHA256.hex(der.suffix(32)).prefix(16)))
        #expect(trusted.pem == (try String(contentsOf: key.publicKey, encoding: .utf8)))
    }

    @Test("one key and one manifest give the same signature bytes, which openssl also gives and verifies")
    func deterministic() throws {
        let key = try OpenSSLKey.generate()
        let manifest = Array("{\"format\" : 1}\n".utf8)
        let first = try BundleSignature(signing: manifest, with: key.signing)
        let second = try BundleSignature(signing: manifest, with: key.signing)
        #expect(first.encoded() == second.encoded())
        let directory = key.privateKey.deletingLastPathComponent()
        let message = directory.appendingPathComponent("manifest.json")
        let raw = directory.appendingPathComponent("sig.bin")
        try Data(manifest).write(to: message)
        try Data(try #require(first.signatureBytes)).write(to: raw)
        let fromOpenSSL = try OpenSSLKey.run([
            "pkeyutl", "-sign", "-inkey", key.privateKey.path, "-rawin", "-in", message.path,
        ])
        #expect([UInt8](fromOpenSSL) == first.signatureBytes)
        let verified = try OpenSSLKey.run([
            "pkeyutl", "-verify", "-pubin", "-inkey", key.publicKey.path, "-rawin", "-in", message.path,
            "-sigfile", raw.path,
        ])
        #expect(String(decoding: verified, as: UTF8.self).contains("Signature Verified Successfully"))
        #expect(try BundleSignature(decoding: first.encoded()) == first)
    }

    @Test(
        "a private key that is not Ed25519 is named in the error",
        arguments: [
            (
                ["rsa", "-pkeyopt", "rsa_keygen_bits:1024"],
                "this is an RSA private key; nodeprofile signs with Ed25519 keys only"
            ),
            (
                ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
                "this is an EC private key; nodeprofile signs with Ed25519 keys only"
            ),
            (["ed448"], "this is an Ed448 private key; nodeprofile signs with Ed25519 keys only"),
            (
                ["ed25519", "-aes256", "-pass", "pass:secret"],
                "the private key is encrypted; write an unencrypted copy with openssl pkey"
            ),
        ])
    func wrongPrivateKeys(_ arguments: [String], _ message: String) throws {
        let key = try OpenSSLKey.generate(arguments[0], options: Array(arguments.dropFirst()))
        #expect {
            _ = try key.signing
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }

    @Test("public and private halves are not interchangeable, and an RSA public key is named")
    func wrongHalves() throws {
        let ed = try OpenSSLKey.generate()
        #expect(
            throws: SigningError(
                "this is a public key; --sign-key needs the private key (openssl genpkey -algorithm ed25519)")
        ) {
            try BundleSigningKey(pem: [UInt8](Data(contentsOf: ed.publicKey)))
        }
        #expect(
            throws: SigningError("this is a private key; trust the public key instead (openssl pkey -in KEY -pubout)")
        ) {
            try TrustedKey(pem: [UInt8](Data(contentsOf: ed.privateKey)))
        }
        let rsa = try OpenSSLKey.generate("rsa", options: ["-pkeyopt", "rsa_keygen_bits:1024"])
        let rsaPublic = try OpenSSLKey.run(["pkey", "-in", rsa.privateKey.path, "-pubout"])
        #expect {
            try TrustedKey(pem: [UInt8](rsaPublic))
        } throws: { error in
            "\(error)".hasPrefix("this is an RSA public key")
        }
    }

    @Test(
        "text that is not a usable PEM file is refused with the reason",
        arguments: [
            ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIO user@host\n", "not a PEM file: no -----BEGIN ...----- line"),
            (
                "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n",
                "not a PEM file: -----BEGIN PRIVATE KEY----- has no matching -----END PRIVATE KEY----- line"
            ),
            (
                "-----BEGIN PRIVATE KEY-----\n!!!not*base64!!!\n-----END PRIVATE KEY-----\n",
                "the PRIVATE KEY block is not valid base64"
            ),
            (
                "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n",
                "not an Ed25519 private key (unexpected DER contents)"
            ),
            ("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n", "expected -----BEGIN PRIVATE KEY-----"),
        ])
    func notPEM(_ text: String, _ message: String) throws {
        #expect {
            try BundleSigningKey(pem: Array(text.utf8))
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
        #expect(throws: SigningError.self) { try BundleSigningKey(pem: [0xFF, 0xFE, 0x00]) }
    }
}
