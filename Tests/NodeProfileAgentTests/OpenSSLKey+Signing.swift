import Foundation
import NodeProfileSigning
import NodeProfileTestSupport

extension OpenSSLKey {
    /// The private key as the compiler loads it.
    var signing: BundleSigningKey { get throws { try BundleSigningKey(pem: [UInt8](Data(contentsOf: privateKey))) } }
    /// The public key as the agent loads it.
    var trusted: TrustedKey { get throws { try TrustedKey(pem: [UInt8](Data(contentsOf: publicKey))) } }
}
