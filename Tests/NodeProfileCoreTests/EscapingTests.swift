import Testing

@testable import NodeProfileCore

/// Each format's escaping against hostile values: what goes in comes out, and nothing breaks out.
@Suite("Escaping")
struct EscapingTests {
    static let hostile = [
        "plain", "with \"quotes\"", "back\\slash", "per%cent %n %%", "dollar $HOME $(id) `id`", "semi;colon",
        "new\nline", "tab\there", "ünïcødé ✓", "'single'", " leading space", "#hash", "[section]", "a=b",
    ]

    @Test("keyfile values keep their text and never start a new line", arguments: hostile)
    func keyfile(_ value: String) {
        let escaped = Escape.keyfileValue(value, inList: true)
        #expect(!escaped.contains("\n") && !escaped.hasPrefix(" "))
        #expect(!escaped.replacingOccurrences(of: "\\;", with: "").contains(";"), "list separators must be escaped")
    }

    @Test("shell words survive bash unchanged", arguments: hostile)
    func shell(_ value: String) {
        let word = Escape.shellWord(value)
        #expect(word.hasPrefix("'") && word.hasSuffix("'"))
        // Inside single quotes nothing expands; the only quote is closed, escaped and reopened.
        #expect(word.dropFirst().dropLast().replacingOccurrences(of: "'\\''", with: "").contains("'") == false)
    }

    @Test("TOML and YAML strings are quoted with every control character escaped", arguments: hostile)
    func tomlAndYAML(_ value: String) {
        for quoted in [Escape.tomlString(value), Escape.yamlString(value)] {
            #expect(quoted.hasPrefix("\"") && quoted.hasSuffix("\""))
            #expect(!quoted.contains("\n") && !quoted.contains("\t"))
            #expect(
                !quoted.dropFirst().dropLast().replacingOccurrences(of: "\\\\", with: "").replacingOccurrences(
                    of: "\\\"", with: ""
                ).contains("\""))
        }
    }

    @Test("nft strings refuse what nft cannot quote")
    func nft() {
        #expect(Escape.nftString("eth1") == "\"eth1\"")
        #expect(Escape.nftString("a\"b") == nil && Escape.nftString("a\\b") == nil && Escape.nftString("a\nb") == nil)
    }

    @Test("URL user info is percent-encoded so ':' '@' '/' '%' cannot change the URL")
    func urlUserInfo() {
        #expect(Escape.urlUserInfo("p@ss:w/rd%") == "p%40ss%3Aw%2Frd%25")
        #expect(Escape.urlUserInfo("ü") == "%C3%BC")
        #expect(Escape.urlUserInfo("A-z_0.9~") == "A-z_0.9~")
    }

    @Test("a password with URL and systemd syntax reaches the drop-in intact and only there")
    func proxyPasswordRoundTrip() throws {
        let url = try ProxyURL.parse("http://proxy.example:3128").get()
        let rendered = ProxyEnvironmentFile.proxyURL(url, username: "edge user", password: Secret("p@ss%w\"rd$"))
        #expect(rendered == "http://edge%20user:p%40ss%25w%22rd%24@proxy.example:3128/")
        #expect(Escape.environmentFileAssignment("HTTP_PROXY", rendered) == "HTTP_PROXY=\"" + rendered + "\"")
        #expect(Escape.environmentFileAssignment("X", "a\"b\\c`d$e") == "X=\"a\\\"b\\\\c\\`d\\$e\"")
    }
}
