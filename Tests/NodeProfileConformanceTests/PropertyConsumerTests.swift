import Foundation
import Testing

/// The consumers behind the hostile-string property tests really parse, so a wrong escape would show.
@Suite("Property test consumers")
struct PropertyConsumerTests {
    @Test("systemd's loader unescapes a quoted Environment= and resolves %%, and splits an unquoted one at the space")
    func systemdParses() throws {
        let environments = try SystemdTestMode.environments([
            "[Service]\nEnvironment=\"X=a\\\"b\\\\c%%d e\"\n",
            "[Service]\nEnvironment=Y=a b=c\n",
        ])
        #expect(environments.count == 2)
        #expect(environments.first == ["X=a\"b\\c%d e"])
        #expect(environments.last == ["Y=a", "b=c"])
    }

    @Test("rpmspec drops a '#' line and trailing blanks from %description, which is why such descriptions are refused")
    func rpmDropsComments() throws {
        let directory = try PropertyConsumers.scratch("np-rpm-harness")
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec =
            "Name: t\nVersion: 1\nRelease: 1\nSummary: s\nLicense: MIT\n\n%description\nkept\n  # dropped\nblank   \n\n%prep\n"
        let fields = try #require(try PropertyConsumers.rpmFields(spec, in: directory))
        #expect(fields[3] == "kept\n  \nblank")
    }

    @Test("nmcli --offline reads a keyfile's escapes, and the read-back unescapes them")
    func nmcliUnescapes() throws {
        let keyfile =
            "[connection]\nid=x\nuuid=6f6b1c9e-2a45-4d4c-9a8f-3a1e2b4c5d6e\ntype=ethernet\ninterface-name=a;b=c\n"
        #expect(try PropertyConsumers.keyfileInterfaceName(keyfile) == "a;b=c")
        #expect(PropertyConsumers.glibKeyfileUnescape("\\sa\\\\b\\n") == " a\\b\n")
    }
}
