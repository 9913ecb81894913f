import Foundation
import NodeProfileManifest
import NodeProfileSigning
import NodeProfileTestSupport
import Testing

@testable import NodeProfileAgentCore

/// A signed bundle and the no-op record: the record is keyed by the manifest's digest only, so the fast path checks
/// the signature under the device's keys again, as the full path does.
@Suite("Agent no-op fast path: signed bundles")
struct NoopSignedTests {
    @Test("the fast path verifies the signature again: another signer, or the key gone from keys.d, declines it")
    func signed() throws {
        let key = try OpenSSLKey.generate()
        let (fixture, directory) = try SignedBundleLoadTests.signedFixture(key)
        try SignedBundleLoadTests.trust(["release.pub": key.publicKey], in: fixture)
        let fs = RootFS(root: fixture.path)
        func policy() -> SignaturePolicy { TrustedKeys.policy(in: fs, requireSignature: true) }
        let agent = Agent.testing(fixture)
        let bundles = try LoadedBundle.installed(in: fs, policy: policy())
        #expect(try agent.apply(bundles).status == .ok)
        #expect(try agent.apply(bundles).status == .noop)
        let directories = LoadedBundle.installedDirectories(in: fs)
        #expect(agent.quickNoop(directories: directories, policy: policy()) != nil)

        let signature = directory.appendingPathComponent(BundleSignature.fileName)
        let saved = try Data(contentsOf: signature)
        let manifest = [UInt8](try Data(contentsOf: directory.appendingPathComponent("manifest.json")))
        let stranger = try OpenSSLKey.generate()
        try Data(try BundleSignature(signing: manifest, with: stranger.signing).encoded()).write(to: signature)
        #expect(agent.quickNoop(directories: directories, policy: policy()) == nil)
        #expect(SignedBundleLoadTests.refusal(fixture, require: true) != nil)
        try saved.write(to: signature)
        #expect(agent.quickNoop(directories: directories, policy: policy()) != nil)

        try FileManager.default.removeItem(
            at: fixture.root.appendingPathComponent("etc/nodeprofile/keys.d/release.pub"))
        #expect(agent.quickNoop(directories: directories, policy: policy()) == nil)
        #expect(SignedBundleLoadTests.refusal(fixture, require: true) != nil)
    }

    @Test("a key added to keys.d after an unsigned no-op was recorded declines the fast path; the full path refuses")
    func keyAddedAfterUnsignedNoop() throws {
        let (fixture, _) = try SignedBundleLoadTests.signedFixture(nil)
        let fs = RootFS(root: fixture.path)
        func policy() -> SignaturePolicy { TrustedKeys.policy(in: fs, requireSignature: false) }
        let agent = Agent.testing(fixture)
        let bundles = try LoadedBundle.installed(in: fs, policy: policy())
        #expect(try agent.apply(bundles).status == .ok)
        #expect(try agent.apply(bundles).status == .noop)
        let directories = LoadedBundle.installedDirectories(in: fs)
        #expect(agent.quickNoop(directories: directories, policy: policy()) != nil, "the no-op was recorded")

        try SignedBundleLoadTests.trust(["release.pub": try OpenSSLKey.generate().publicKey], in: fixture)
        #expect(agent.quickNoop(directories: directories, policy: policy()) == nil)
        #expect(
            SignedBundleLoadTests.refusal(fixture)?.contains(
                "unsigned bundle refused: this device trusts the keys in \(fixture.path)/etc/nodeprofile/keys.d")
                == true)
        try Data().write(to: fixture.root.appendingPathComponent("etc/nodeprofile/allow-unsigned"))
        #expect(agent.quickNoop(directories: directories, policy: policy()) != nil)
        #expect(SignedBundleLoadTests.refusal(fixture) == nil)
    }
}
