import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileAgentCore

/// Which ostree deployment booted, told as ostree tells it: /run/ostree-booted, then the `ostree=` kernel argument
/// resolved under the sysroot. Checked against a real sysroot that Debian's ostree built and deployed twice.
@Suite("Booted ostree deployment")
struct DeploymentTests {
    static func resolver(_ sysroot: OSTreeSysroot, commandLine: String?, booted: Bool = true) throws
        -> DeploymentResolver
    {
        let flag = sysroot.directory.appendingPathComponent("ostree-booted")
        if booted { try Data().write(to: flag) }
        return DeploymentResolver(bootedFlag: flag.path, sysroot: sysroot.sysroot, commandLine: { commandLine })
    }

    @Test("each boot entry's ostree= argument resolves to the deployment ostree admin status lists for it")
    func resolvesRealBootEntries() throws {
        let sysroot = try OSTreeSysroot()
        try sysroot.deploy("edge/a", files: ["usr/lib/nodeprofile/a/x": "a"])
        try sysroot.deploy("edge/b", files: ["usr/lib/nodeprofile/b/x": "b"])
        let deployments = try sysroot.deployments()
        #expect(deployments.count == 2 && deployments[0] != deployments[1], "\(deployments)")
        let entries = try sysroot.bootEntries()
        #expect(entries.map(\.index).sorted() == [0, 1])
        for entry in entries {
            let resolved = try Self.resolver(sysroot, commandLine: "BOOT_IMAGE=/vmlinuz \(entry.options) quiet")
                .booted()
            #expect(resolved == .booted(deployments[entry.index]), "\(entry.options)")
        }
    }

    @Test("not booted from ostree: no /run/ostree-booted, so state is not keyed")
    func notOSTree() throws {
        let sysroot = try OSTreeSysroot()
        #expect(
            try Self.resolver(sysroot, commandLine: "ostree=/ostree/boot.1/edge/x/0", booted: false).booted()
                == .notOSTree)
    }

    @Test("booted from ostree but the deployment cannot be told: each reason said")
    func unresolved() throws {
        let sysroot = try OSTreeSysroot()
        try sysroot.deploy("edge/a")
        let cases: [(String?, String)] = [
            (nil, "cannot read the kernel command line"),
            ("root=/dev/vda quiet", "the kernel command line has no ostree= argument"),
            (
                "ostree=/ostree/boot.2/edge/x/0",
                "ostree=/ostree/boot.2/edge/x/0 is not /ostree/boot.BOOTVERSION/OSNAME/BOOTCSUM/TREESERIAL"
            ),
            ("ostree=/ostree/boot.1/edge/nope/0", "\(sysroot.sysroot)/ostree/boot.1/edge/nope/0 is not a symlink"),
        ]
        for (line, reason) in cases {
            guard case .unresolved(let said) = try Self.resolver(sysroot, commandLine: line).booted() else {
                Issue.record("resolved: \(line ?? "nil")")
                continue
            }
            #expect(said.hasPrefix(reason), "\(said)")
        }
    }

    @Test("the last ostree= argument counts; ids and boot links are checked as ostree checks them")
    func parsing() {
        #expect(
            Deployment.bootlink(inCommandLine: "ostree=/a ro ostree=/ostree/boot.0/os/c/1\n") == "/ostree/boot.0/os/c/1"
        )
        #expect(Deployment.parseBootlink("/ostree/boot.0/os/c/12")?.serial == 12)
        #expect(Deployment.parseBootlink("/ostree/boot.0/os/c/1/x") == nil)
        let name = String(repeating: "a", count: 64) + ".0"
        #expect(Deployment.deploymentName(Substring(name)) == name)
        #expect(Deployment.deploymentName("abc.0") == nil)
        // Read as bytes, refused as the Regex refused them.
        let link = Deployment.parseBootlink("/ostree/boot.1/rhel/0a1b/3")
        #expect(link?.stateroot == "rhel" && link?.bootChecksum == "0a1b" && link?.serial == 3)
        for refused in [
            "/ostree/boot.2/os/c/1", "/ostree/boot.0//c/1", "/ostree/boot.0/os//1", "/ostree/boot.0/os/c/",
            "/ostree/boot.0/os/c/1a", "ostree/boot.0/os/c/1", "//ostree/boot.0/os/c/1", "/ostree/boot.01/os/c/1",
            "/ostree/boot.0/os/c/99999999999999999999", "/ostree/boot.0/os/c/-1", "",
        ] {
            #expect(Deployment.parseBootlink(refused) == nil, "\(refused)")
        }
        let hex = String(repeating: "0123456789abcdef", count: 4)
        #expect(Deployment.deploymentName(Substring(hex + ".10")) == hex + ".10")
        for refused in [
            hex + ".", hex + ".1a", hex.uppercased() + ".1", String(hex.dropLast()) + ".1", hex + "0.1", hex,
        ] {
            #expect(Deployment.deploymentName(Substring(refused)) == nil, "\(refused)")
        }
        for id in ["a.0", String(repeating: "f", count: 64) + ".3", "test_B-2"] {
            #expect(Deployment.isValidID(id), "\(id)")
        }
        for id in ["", ".", "..", "a/b", "a b", String(repeating: "x", count: 129), "é"] {
            #expect(!Deployment.isValidID(id), "\(id)")
        }
    }
}
