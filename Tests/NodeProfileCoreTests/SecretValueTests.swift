import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileCore

/// The proxy password as a `Secret`: read once, carried through every stage, shown nowhere by accident, and written
/// only into its own 0600 files.
@Suite("Secret values")
struct SecretValueTests {
    static let password = "pw-Kq8v!t"
    static let proxyProfile =
        MarkedProfile.header
        + "proxy:\n  http: http://proxy.example:3128\n  username: edge\n  passwordFile: proxy.pass\n"

    static func compiled() throws -> ProfileCompilation {
        let result = frontEnd(proxyProfile, files: ["proxy.pass": password + "\n"])
        #expect(result.bundle != nil, "\(listing(result.diagnostics))")
        return result
    }

    @Test("a Secret interpolated, printed, debug-printed, dumped or reflected shows <redacted>, never the password")
    func printedForms() {
        let secret = Secret(Self.password)
        var printed = ""
        var debugPrinted = ""
        var dumped = ""
        print(secret, to: &printed)
        debugPrint(secret, to: &debugPrinted)
        dump(secret, to: &dumped)
        let forms = [
            "\(secret)", String(describing: secret), String(reflecting: secret), printed, debugPrinted, dumped,
            "\(Optional(secret) as Any)", "\([secret])",
        ]
        for form in forms {
            #expect(!form.contains(Self.password) && form.contains(Secret.redaction), "\(form)")
        }
        #expect(Mirror(reflecting: secret).children.isEmpty, "reflection finds no stored value")
        #expect(!((secret as Any) is any Encodable), "a Secret cannot be encoded to JSON or any other text")
        #expect(secret.revealed() == Self.password, "the value is still there for the one file that needs it")
    }

    @Test("the profile and the plan carry the password as a Secret: dumping or printing them shows no password")
    func profileAndPlan() throws {
        let result = try Self.compiled()
        let profile = try #require(result.profile)
        #expect(profile.proxy?.password?.revealed() == Self.password, "the password was read, once, by validation")
        let plan = Planner.plan(profile)
        var dumpedProfile = ""
        var dumpedPlan = ""
        dump(profile, to: &dumpedProfile)
        dump(plan.artifacts, to: &dumpedPlan)
        for form in [dumpedProfile, dumpedPlan, String(describing: profile), String(reflecting: plan), "\(profile)"] {
            #expect(!form.contains(Self.password), "\(form)")
        }
        #expect(dumpedPlan.contains("- some: Secret(<redacted>)"), "the plan still holds it, redacted: \(dumpedPlan)")
    }

    @Test("a Secret put in a diagnostic shows no password, in text or JSON")
    func inDiagnostic() {
        let secret = Secret(Self.password)
        let source = SourceText(file: "p.yaml", text: Self.proxyProfile)
        let diagnostic = Diagnostic(
            .error, "the password \(secret) is refused", at: SourceLocation(file: "p.yaml", line: 8, column: 17),
            path: "proxy.passwordFile")
        let text = DiagnosticFormatter(sources: ["p.yaml": source]).text(diagnostic)
        let json = DiagnosticFormatter.json([diagnostic])
        for form in [text, json, "\(diagnostic)", String(reflecting: diagnostic)] {
            #expect(!form.contains(Self.password) && form.contains(Secret.redaction), "\(form)")
        }
    }

    @Test("the password reaches only the 0600 secret files, and the bundle says once that it holds one")
    func onlyInSecretFiles() throws {
        let bundle = try #require(try Self.compiled().bundle)
        let holders = bundle.files.filter {
            String(decoding: $0.bytes, as: UTF8.self).contains(Escape.urlUserInfo(Self.password))
        }
        #expect(holders.map(\.path) == ["/etc/nodeprofile/proxy/crio.env", "/etc/nodeprofile/proxy/rpm-ostreed.env"])
        #expect(holders.allSatisfy { $0.mode == 0o600 && $0.entry.secret })
        #expect(bundle.holdsSecret)
        let plain = try #require(frontEnd(MarkedProfile.header + "proxy:\n  http: http://proxy.example:3128\n").bundle)
        #expect(!plain.holdsSecret && !plain.files.contains { $0.entry.secret })
        let sources = try PackageSources(
            bundle: bundle, description: nil, profileDigest: "", epoch: RPMSpec.defaultEpoch,
            templates: try TemplateSet.builtIn())
        #expect(sources.holdsSecret, "the tarball and RPM writers take it from the bundle")
    }
}
