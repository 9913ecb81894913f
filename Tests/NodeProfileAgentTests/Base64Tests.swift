import Foundation
import Testing

@testable import NodeProfileSigning

/// The signing module's base64, which replaced Foundation's for PEM bodies and signature files.
@Suite("Base64 without Foundation")
struct Base64Tests {
    @Test("encoding is Foundation's for every length around the block size, and decodes back")
    func roundTrip() {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ length) }
            let text = Base64.encode(bytes)
            #expect(text == Data(bytes).base64EncodedString())
            #expect(Base64.decode(text) == bytes)
        }
    }

    @Test(
        "what Foundation refuses is refused",
        arguments: ["QQ", "QQ=", "Q===", "QQ==QQ==", "QU JD", "QUJD\n", "QUJ*", "=QUJ", "QUJDRA=="])
    func strict(_ text: String) {
        #expect(Base64.decode(text) == Data(base64Encoded: text).map { [UInt8]($0) }, "\(text)")
    }
}
