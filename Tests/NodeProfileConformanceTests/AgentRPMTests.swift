import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// `make rpm`: the agent as its own RPM, runnable on a device with no Swift installed. make builds it before the tests.
@Suite("make rpm (agent package)")
struct AgentRPMTests {
    @Test(
        "the agent RPM installs a binary with no Swift runtime dependency, its unit and a preset; no Foundation, no test hooks, within 10 MB"
    )
    func agentPackage() throws {
        let rpm = try MadeAgent.rpm()
        #expect(rpm.lastPathComponent.hasPrefix("nodeprofile-agent-"))
        let files = try Tool.run("rpm", ["-qlp", rpm.path]).stdout
        #expect(
            files
                == "/etc/greenboot/check/required.d/30_nodeprofile_network_check.sh\n/etc/greenboot/red.d/30_nodeprofile_red_boot.sh\n"
                + "/usr/bin/nodeprofile-agent\n/usr/lib/nodeprofile\n/usr/lib/systemd/system-preset/80-nodeprofile-agent.preset\n/usr/lib/systemd/system/nodeprofile-agent.service\n"
        )
        // greenboot runs required.d in file-name order: ours before MicroShift 4.13's 40_microshift_running_check.sh, in
        // the same directory, so a broken network is the reason given first. red.d: greenboot 0.15.4 reads /etc's only.
        #expect("30_nodeprofile_network_check.sh" < "40_microshift_running_check.sh")
        let modes = try Tool.run("rpm", ["-qp", "--qf", "[%{FILENAMES} %{FILEMODES:perms}\n]", rpm.path]).stdout
        #expect(
            modes.contains("/etc/greenboot/check/required.d/30_nodeprofile_network_check.sh -rwxr-xr-x\n")
                && modes.contains("/etc/greenboot/red.d/30_nodeprofile_red_boot.sh -rwxr-xr-x\n"), "\(modes)")
        let root = try RPMInstallTests.scratchRoot()
        try RPMInstallTests.rpm(root, ["-ivh", rpm.path])
        let binary = root.appendingPathComponent("usr/bin/nodeprofile-agent").path
        try Self.checkLinkedModules()
        try Self.checkSizes(installed: binary, rpm: rpm)
        try Self.checkNoTestHooks(installed: binary)
        let libraries = try Tool.run("ldd", [binary]).stdout
        #expect(
            !libraries.contains("libswift") && !libraries.contains("libFoundation"),
            "the agent links the Swift runtime dynamically:\n\(libraries)")
        #expect(
            libraries.contains("libcrypto.so.3"), "SHA-256 and Ed25519 come from OpenSSL's libcrypto:\n\(libraries)")
        #expect(try Tool.run("rpm", ["-qp", "--requires", rpm.path]).stdout.contains("libcrypto.so.3()(64bit)"))
        let version = try BuiltBinary.execute(binary, ["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("nodeprofile-agent \(NodeProfileVersion.current) "))
        let unit = try String(
            contentsOf: root.appendingPathComponent("usr/lib/systemd/system/nodeprofile-agent.service"), encoding: .utf8
        )
        #expect(unit.contains("ExecStart=/usr/bin/nodeprofile-agent apply"))
        let check = try String(
            contentsOf: root.appendingPathComponent("etc/greenboot/check/required.d/30_nodeprofile_network_check.sh"),
            encoding: .utf8)
        #expect(check.contains("exec /usr/bin/nodeprofile-agent verify --health --wait"))
        let red = try String(
            contentsOf: root.appendingPathComponent("etc/greenboot/red.d/30_nodeprofile_red_boot.sh"), encoding: .utf8)
        #expect(red.contains("exec /usr/bin/nodeprofile-agent verify --health --red-boot"))
    }

    /// The budget for the agent on every device: the installed binary at most 10 MB, the RPM at most 4 MB.
    static let binaryLimit = 10_000_000, rpmLimit = 4_000_000

    /// The release build before stripping (make agent-static) still has its symbols: none may come from a Foundation
    /// module, ICU or BoringSSL.
    static func checkLinkedModules() throws {
        let built = try MadeAgent.staticBinary()
        let symbols = try Tool.run("nm", [built]).stdout.split(separator: "\n")
        #expect(symbols.count > 1000, "nm found no symbols in \(built)")
        let foreign = symbols.filter {
            $0.contains("10Foundation") || $0.contains("20FoundationEssentials") || $0.contains("icudt")
                || $0.contains("FoundationInternationalization") || $0.contains("CCryptoBoringSSL")
        }
        #expect(foreign.isEmpty, "Foundation, ICU or BoringSSL linked into the agent: \(foreign.prefix(5))")
    }

    /// The environment variables that switch on the agent's test hooks, which only debug builds compile in.
    static let testHooks = ["NODEPROFILE_AGENT_CRASH_AFTER", "NODEPROFILE_AGENT_HOLD_LOCK_MS"]

    /// The installed agent has no test hook: neither variable's name is in its bytes. The debug agent the crash tests
    /// run has both, which shows the search finds them.
    static func checkNoTestHooks(installed: String) throws {
        let shipped = [UInt8](try Data(contentsOf: URL(fileURLWithPath: installed)))
        let debug = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try BuiltBinary.path("nodeprofile-agent"))))
        for name in testHooks {
            let bytes = Array(name.utf8)
            #expect(contains(debug, bytes), "the debug agent lacks the test hook \(name), so the search proves nothing")
            #expect(!contains(shipped, bytes), "the shipped agent \(installed) has the test hook \(name)")
        }
    }

    /// True when `needle` occurs in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first && haystack[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// The installed binary is stripped and within budget, and so is the RPM.
    static func checkSizes(installed: String, rpm: URL) throws {
        #expect(
            try Tool.run("readelf", ["-S", installed]).stdout.contains(".symtab") == false,
            "the installed agent is not stripped")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: installed)[.size] as? Int)
        #expect(size <= binaryLimit, "the installed agent is \(size) bytes")
        let packageSize = try #require(try FileManager.default.attributesOfItem(atPath: rpm.path)[.size] as? Int)
        #expect(packageSize <= rpmLimit, "the agent RPM is \(packageSize) bytes")
    }
}
