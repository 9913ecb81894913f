import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileAgentCore

/// At the library level: every field the agent acts on is parsed once and checked; and the
/// typed values that keep facts in the generation and read regular files only.
@Suite("Manifest fields and facts, typed")
struct ManifestCheckTests {
    @Test(
        "modes: four octal digits from 0000 to 0777; setuid, setgid and sticky refused, not dropped",
        arguments: [
            ("0644", 0o644), ("0600", 0o600), ("0000", 0), ("0777", 0o777),
        ])
    func goodModes(_ text: String, _ value: Int) {
        #expect((try? FileMode.parse(text).get())?.bits == value)
        #expect(FileMode(value).description == text)
    }

    @Test(
        "bad modes are errors with what is allowed",
        arguments: ["rwx", "4755", "2755", "1777", "644", "00644", "0o644", "", "0x1f", "-644", "０６４４"])
    func badModes(_ text: String) {
        guard case .failure(let error) = FileMode.parse(text) else {
            Issue.record("\(text) was accepted")
            return
        }
        let special = ["4755", "2755", "1777"].contains(text)
        #expect(
            error.description
                == "\"\(text)\" "
                + (special
                    ? "sets the setuid, setgid or sticky bit, which nodeprofile never writes; allowed: 0000 to 0777"
                    : "is not a file mode; allowed: four octal digits from 0000 to 0777, such as \"0644\""))
    }

    static func manifest(_ change: (inout BundleManifest) -> Void) -> BundleManifest {
        var manifest = BundleManifest(
            profile: ProfileIdentity(name: "t", version: "1", release: "1", microshift: "4.13", gatewayMode: "manual"),
            generator: "test",
            files: [
                FileEntry(
                    path: "/etc/a.conf", mode: FileMode(0o0644), sha256: String(repeating: "0", count: 64), size: 0,
                    secret: false,
                    provenance: [], facts: [], actions: [], appliedBy: .agent)
            ], facts: [FactSpec(name: "n", source: .hostname, retries: 0, intervalSeconds: 0, pattern: "^.+$")],
            actions: [])
        change(&manifest)
        return manifest
    }

    @Test("each bad field is named in the error")
    func badFields() throws {
        let cases: [(String, (inout BundleManifest) -> Void)] = [
            ("files[0].owner (/etc/a.conf): \"bob\"", { $0.files[0].owner = "bob" }),
            ("files[0].group (/etc/a.conf): \"wheel\"", { $0.files[0].group = "wheel" }),
            ("files[0].mode (/etc/a.conf): a secret file must be 0600", { $0.files[0].secret = true }),
            ("files[0].facts (/etc/a.conf): \"ghost\" is not declared", { $0.files[0].facts = ["ghost"] }),
            ("files[0].sha256 (/etc/a.conf)", { $0.files[0].sha256 = "xyz" }),
            ("facts[0].pattern (n)", { $0.facts[0].pattern = "([" }),
            (
                "facts[0] (n): minimum 9000 is above maximum 576",
                {
                    $0.facts[0].minimum = 9000
                    $0.facts[0].maximum = 576
                }
            ),
            (
                "constraints[0].fact: \"ghost\" is not declared in facts",
                { $0.constraints = [FactConstraint(kind: .podMTU, fact: "ghost", value: 1500)] }
            ),
            ("profile.name: \"../x\"", { $0.profile.name = "../x" }),
            ("profile.name: \"a\\u2028b\"", { $0.profile.name = "a\u{2028}b" }),
        ]
        for (message, change) in cases {
            let manifest = Self.manifest(change)
            #expect(throws: ManifestError.self) { try ManifestCheck.check(manifest) }
            do { try ManifestCheck.check(manifest) } catch { #expect(error.description.hasPrefix(message), "\(error)") }
            // The same through the decoder every reader uses.
            let bytes = try ManifestCoding.encode(manifest)
            #expect(throws: ManifestError.self) { try ManifestCoding.decode(bytes) }
        }
        try ManifestCheck.check(Self.manifest { _ in })
    }

    @Test("typed words and modes are checked by the decoder, naming the field, the file or fact, and what is allowed")
    func badWords() throws {
        let good = String(decoding: try ManifestCoding.encode(Self.manifest { _ in }), as: UTF8.self)
        let cases = [
            (
                "\"appliedBy\" : \"agent\"", "\"appliedBy\" : \"x\"",
                "files[0].appliedBy (/etc/a.conf): \"x\" is not allowed; allowed: agent, package"
            ),
            (
                "\"source\" : \"hostname\"", "\"source\" : \"guess\"",
                "facts[0].source (n): \"guess\" is not allowed; allowed: default-route-interface, interface-mac"
            ),
            ("\"mode\" : \"0644\"", "\"mode\" : \"4755\"", "files[0].mode (/etc/a.conf): \"4755\" sets the setuid"),
            (
                "\"appliedBy\" : \"agent\"", "\"appliedBy\" : \"agent\", \"digest\" : \"md5\"",
                "files[0].digest (/etc/a.conf): \"md5\" is not allowed; allowed: hmac-sha256"
            ),
        ]
        for (from, to, message) in cases {
            #expect(good.contains(from))
            do {
                _ = try ManifestCoding.decode(Array(good.replacingOccurrences(of: from, with: to).utf8))
                Issue.record("\(to) was accepted")
            } catch {
                #expect("\(error)".hasPrefix(message), "\(error)")
            }
        }
    }

    @Test("an uppercase MAC from --fact is lowercased before the pattern check")
    func macNormalised() throws {
        let spec = FactSpec(
            name: "mac", source: .interfaceMAC, interface: "eth0", retries: 0, intervalSeconds: 0,
            pattern: "^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
        let values = try FactResolver(source: nil, overrides: ["mac": "52:54:00:AB:CD:EF"]).resolve([spec])
        #expect(values["mac"] == "52:54:00:ab:cd:ef")
    }

    @Test("a fact value ending in a newline does not match ^...$ (ICU's $ let it through into keyfiles)")
    func trailingNewline() {
        let spec = FactSpec(
            name: "nic", source: .defaultRouteInterface, retries: 0, intervalSeconds: 0,
            pattern: "^[A-Za-z0-9_.-]{1,15}$")
        #expect(throws: AgentError.self) { try FactResolver(source: nil, overrides: ["nic": "eth0\n"]).resolve([spec]) }
        #expect(throws: AgentError.self) {
            try FactResolver(source: nil, overrides: ["nic": "eth0\nx=1"]).resolve([spec])
        }
        #expect((try? FactResolver(source: nil, overrides: ["nic": "eth0"]).resolve([spec])) == ["nic": "eth0"])
    }

    @Test(
        "facts are part of the generation; the quick no-op check keeps a recorded value the system does not report yet")
    func generationCountsFacts() throws {
        let fixture = try AgentFixture()
        let bundle = try fixture.install(
            "b", ["/etc/a.conf": (0o644, "nic=@@fact:nic@@\n", [])],
            facts: [
                FactSpec(
                    name: "nic", source: .defaultRouteInterface, retries: 0, intervalSeconds: 0, pattern: "^[a-z0-9]+$")
            ])
        #expect(
            Agent.generation([bundle], facts: ["nic": "eth0"]) != Agent.generation([bundle], facts: ["nic": "eth1"]))
        #expect(Agent.generation([bundle], facts: [:]) == Agent.generation([bundle], facts: [:]))
        let spec = bundle.manifest.facts
        #expect(FactResolver(source: nil).quick(spec, recorded: ["nic": "eth0"]) == ["nic": "eth0"])
        #expect(FactResolver(source: nil).quick(spec, recorded: [:]) == nil)
        #expect(throws: AgentError.self) { try FactResolver(source: nil).resolve(spec) }
    }

    @Test("a numeric fact is checked against its range after its pattern; a constraint against the profile's value")
    func factRangeAndConstraint() throws {
        let mtu = FactSpec(
            name: "gateway.nic.mtu", source: .interfaceMTU, interface: "eth0", retries: 0, intervalSeconds: 0,
            pattern: "^[0-9]{3,5}$", minimum: 576, maximum: 9000)
        #expect(mtu.problem(with: "1500") == nil && mtu.problem(with: "576") == nil && mtu.problem(with: "9000") == nil)
        #expect(mtu.problem(with: "65536") == .range(minimum: 576, maximum: 9000))
        #expect(mtu.problem(with: "575")?.description == "outside 576 to 9000")
        #expect(mtu.problem(with: "1500\n") == .pattern("^[0-9]{3,5}$"))
        let resolver = FactResolver(source: nil, overrides: ["gateway.nic.mtu": "1500"], sleep: { _ in })
        let pod = FactConstraint(kind: .podMTU, fact: "gateway.nic.mtu", value: 9000)
        #expect(try resolver.resolve([mtu]) == ["gateway.nic.mtu": "1500"])
        #expect(resolver.quick([mtu], recorded: [:], constraints: [pod]) == nil)
        #expect(throws: AgentError.self) { try resolver.resolve([mtu], constraints: [pod]) }
        #expect(
            FactConstraint(kind: .podMTU, fact: "gateway.nic.mtu", value: 1500).problem(["gateway.nic.mtu": "1500"])
                == nil)
        #expect(pod.problem([:]) == nil, "a fact not given (yet) is not judged")
    }

    @Test("RootFS reads only regular files: a FIFO, a directory and an oversized file are refused without blocking")
    func regularFilesOnly() throws {
        let fixture = try AgentFixture()
        let fs = RootFS(root: fixture.path)
        try fs.write("/etc/big", [UInt8](repeating: 0x41, count: 100), mode: 0o644)
        #expect(mkfifo(fixture.path + "/etc/fifo", 0o600) == 0)
        try FileManager.default.createDirectory(atPath: fixture.path + "/etc/dir", withIntermediateDirectories: true)
        #expect(fs.readFile("/etc/fifo") == .failure(.notRegular("a FIFO")))
        #expect(fs.readFile("/etc/dir") == .failure(.notRegular("a directory")))
        #expect(fs.readFile("/etc/big", limit: 99) == .failure(.tooLarge(limit: 99)))
        #expect(fs.readFile("/etc/missing") == .failure(.missing))
        #expect(fs.readFile("/etc/big", limit: 100).map(\.count) == .success(100))
    }
}
