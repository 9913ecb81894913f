import Testing

@testable import NodeProfileCore

/// The password file's permission bits, as validation sees them through its resource reader.
@Suite("Password file mode rule")
struct PasswordFileModeRuleTests {
    static let profile =
        MarkedProfile.header
        + "proxy:\n  http: http://proxy.example:3128\n  username: edge\n  passwordFile: p.pass\n"

    static func diagnostics(mode: UInt32?) -> [Diagnostic] {
        let resources = InMemoryResources(
            ["p.pass": Array("pw-Kq8v!t\n".utf8)], modes: mode.map { ["p.pass": $0] } ?? [:])
        return testCompiler.compile(.source(SourceText(file: "test.yaml", text: profile)), resources: resources)
            .diagnostics.filter { !$0.isTargetDefaultWarning }
    }

    @Test("a file its group or others can read is one warning at passwordFile, naming the mode and chmod 600")
    func readable() {
        let found = Self.diagnostics(mode: 0o640)
        #expect(found.count == 1, "\(listing(found))")
        #expect(found.first?.severity == .warning && found.first?.path == "proxy.passwordFile")
        #expect(found.first?.location.line == 8 && found.first?.location.column == 17)
        #expect(
            found.first?.message
                == "passwordFile 'p.pass' is mode 0640: its group can read the proxy password; make it readable by its owner only: chmod 600 'p.pass'"
        )
        #expect(found.allSatisfy { !$0.message.contains("pw-Kq8v") })
    }

    @Test(
        "owner-only, write-only for others, or unknown permissions: no diagnostic",
        arguments: [0o600, 0o400, 0o620, nil])
    func quiet(_ mode: UInt32?) {
        #expect(Self.diagnostics(mode: mode).isEmpty, "\(listing(Self.diagnostics(mode: mode)))")
    }
}
