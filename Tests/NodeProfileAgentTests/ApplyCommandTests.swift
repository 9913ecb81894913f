import Foundation
import NodeProfileManifest
import NodeProfileSigning
import Testing

@testable import NodeProfileAgentCore

/// `apply` as the executable runs it (lock, trust policy, no-op, loading, set checks, failure recording), in process.
@Suite("Agent: the apply command")
struct ApplyCommandTests {
    /// The one file of the test bundle.
    static let files: [String: (mode: Int, text: String, actions: [Action])] = [
        "/etc/nodeprofile/a.conf": (0o644, "a=1\n", [])
    ]

    /// Runs apply on `fixture` with `options` and returns its report.
    static func run(_ fixture: AgentFixture, _ options: ApplyCommand.Options = .init()) throws -> ApplyReport {
        try ApplyCommand(agent: .testing(fixture), options: options).run()
    }

    /// Runs apply on `fixture` with `options`, which must fail, and returns the error's text.
    static func refusal(_ fixture: AgentFixture, _ options: ApplyCommand.Options = .init()) throws -> String {
        do {
            _ = try run(fixture, options)
        } catch {
            return "\(error)"
        }
        throw Refusal.expected
    }

    /// The result.json the run left, if any.
    static func recorded(_ fixture: AgentFixture) throws -> ApplyReport? {
        try Agent.testing(fixture).store.report()
    }

    @Test("the installed bundle is applied, and a second run takes the no-op path")
    func appliesThenNoop() throws {
        let fixture = try AgentFixture()
        try fixture.install("p", Self.files)
        #expect(try Self.run(fixture).status == .ok)
        #expect(fixture.snapshot()["/etc/nodeprofile/a.conf"] == "a=1\n")
        #expect(try Self.run(fixture).status == .noop)
    }

    @Test("while another run holds the lock, apply gives up as busy and records nothing")
    func lockHeld() throws {
        let fixture = try AgentFixture()
        try fixture.install("p", Self.files)
        let held = try AgentLock.acquire(in: RootFS(root: fixture.path))
        defer { held.release() }
        var options = ApplyCommand.Options()
        options.lockTimeout = 0
        do {
            _ = try ApplyCommand(agent: .testing(fixture), options: options).run()
            Issue.record("apply ran while the lock was held")
        } catch AgentError.busy(let message) {
            #expect(message.contains("another nodeprofile-agent"), "\(message)")
        }
        #expect(try Self.recorded(fixture) == nil)
        #expect(fixture.snapshot().isEmpty)
    }

    @Test("no bundle installed and none given is refused and recorded as step load")
    func noBundle() throws {
        let fixture = try AgentFixture()
        let message = try Self.refusal(fixture)
        #expect(message.hasPrefix("no bundle found under \(fixture.path)/usr/lib/nodeprofile"), "\(message)")
        let report = try #require(try Self.recorded(fixture))
        #expect(report.status == .failed && report.step == .load)
    }

    @Test("--remove-all while a bundle is installed is refused, names the package, and writes nothing")
    func removeAllWithBundles() throws {
        let fixture = try AgentFixture()
        try fixture.install("p", Self.files)
        var options = ApplyCommand.Options()
        options.removeAll = true
        let message = try Self.refusal(fixture, options)
        #expect(message.contains("--remove-all, but bundles are installed") && message.contains("nodeprofile-p"))
        #expect(fixture.snapshot().isEmpty)
        #expect(try Self.recorded(fixture)?.step == .load)
    }

    @Test("a bundle's tarball is unpacked, applied, and its scratch directory removed")
    func tarball() throws {
        let fixture = try AgentFixture()
        try fixture.install("p", Self.files)
        let installed = fixture.root.appendingPathComponent("usr/lib/nodeprofile")
        let tarball = fixture.root.appendingPathComponent("nodeprofile-p-1.tar.gz").path
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        tar.arguments = ["czf", tarball, "-C", installed.path, "p"]
        try tar.run()
        tar.waitUntilExit()
        #expect(tar.terminationStatus == 0)
        try FileManager.default.removeItem(at: installed)
        let scratch = BundleSource.scratchParent
        let before = try FileManager.default.contentsOfDirectory(atPath: scratch).filter {
            $0.hasPrefix("nodeprofile-bundle-")
        }
        var options = ApplyCommand.Options()
        options.bundles = [tarball]
        #expect(try Self.run(fixture, options).status == .ok)
        #expect(fixture.snapshot()["/etc/nodeprofile/a.conf"] == "a=1\n")
        #expect(try Agent.testing(fixture).store.state().bundles.keys.sorted() == ["p"])
        let after = try FileManager.default.contentsOfDirectory(atPath: scratch).filter {
            $0.hasPrefix("nodeprofile-bundle-")
        }
        #expect(Set(after).isSubset(of: Set(before)), "left behind: \(Set(after).subtracting(before))")
    }

    @Test("an unsigned bundle under --require-signature is refused before any write and recorded as step load")
    func unsignedRefused() throws {
        let fixture = try AgentFixture()
        try fixture.install("p", Self.files)
        var options = ApplyCommand.Options()
        options.signatureRequirement = .flag
        let message = try Self.refusal(fixture, options)
        #expect(message.contains("not signed") || message.contains("unsigned"), "\(message)")
        #expect(fixture.snapshot().isEmpty)
        let report = try #require(try Self.recorded(fixture))
        #expect(report.status == .failed && report.step == .load && report.error == message)
    }

    /// A run that should have failed did not.
    enum Refusal: Error {
        case expected
    }
}
