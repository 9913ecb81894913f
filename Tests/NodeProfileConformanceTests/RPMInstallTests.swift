import Foundation
import NodeProfileTestSupport
import Testing

/// Installing and upgrading profile RPMs into a scratch root with the real rpm.
@Suite("RPM install and upgrade (rpm --root)")
struct RPMInstallTests {
    /// A scratch root with an rpm database and a /bin/sh (dash and the libraries it links), so scriptlets run.
    static func scratchRoot() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("np-rpmroot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("bin"), withIntermediateDirectories: true)
        let shell = URL(fileURLWithPath: "/bin/sh").resolvingSymlinksInPath().path
        var binaries = [shell]
        for line in try Tool.run("ldd", [shell]).stdout.split(separator: "\n") {
            if let path = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first(where: { $0.hasPrefix("/") }) {
                binaries.append(String(path))
            }
        }
        for binary in binaries {
            let target = root.appendingPathComponent(String(binary.dropFirst()))
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Copy the file itself: the libraries' paths are often symlinks, which would dangle in the root.
            let real = URL(fileURLWithPath: binary).resolvingSymlinksInPath().path
            try Data(contentsOf: URL(fileURLWithPath: real)).write(to: target)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target.path)
        }
        if shell != "/bin/sh" {
            try FileManager.default.createSymbolicLink(
                atPath: root.appendingPathComponent("bin/sh").path, withDestinationPath: shell)
        }
        let initdb = try Tool.run("rpm", ["--root", root.path, "--initdb"])
        #expect(initdb.status == 0, "rpm --initdb: \(initdb.stderr)")
        return root
    }

    /// rpm exits 0 even when a scriptlet fails, so its output is checked too.
    static func rpm(_ root: URL, _ arguments: [String]) throws {
        let run = try Tool.run("rpm", ["--root", root.path, "--nodeps"] + arguments)
        #expect(run.status == 0, "rpm \(arguments): \(run.stderr)")
        #expect(
            !run.stderr.contains("scriptlet failed") && !run.stderr.lowercased().contains("error"),
            "rpm \(arguments): \(run.stderr)")
    }

    static func profile(version: String, blocks: String) throws -> String {
        try BuiltBinary.temporaryFile(
            "store.yaml",
            """
            apiVersion: nodeprofile/v1
            kind: NodeProfile
            metadata:
              name: store
              version: "\(version)"
            firewall:
              blockNodePorts:
            \(blocks)
            """)
    }

    @Test(
        "install puts the bundle read-only under /usr/lib/nodeprofile; upgrade replaces edited files and drops removed ones"
    )
    func installAndUpgrade() throws {
        let root = try Self.scratchRoot()
        let v1 = try Self.profile(version: "1.0.0", blocks: "    - {port: 30700, interface: eth1}")
        let (first, _) = try PackageCommandTests.package(v1)
        try Self.rpm(root, ["-ivh", OutputFiles.only(first, suffix: ".rpm").path])
        let bundle = root.appendingPathComponent("usr/lib/nodeprofile/store")
        let rules = bundle.appendingPathComponent("root/etc/nodeprofile/nodeprofile.nft")
        #expect(try String(contentsOf: rules, encoding: .utf8).contains("iifname \"eth1\" tcp dport 30700"))
        let keyfile = bundle.appendingPathComponent("root/etc/NetworkManager/system-connections/br-ex.nmconnection")
        #expect((try FileManager.default.attributesOfItem(atPath: keyfile.path)[.posixPermissions] as? Int) == 0o600)
        #expect(
            try Tool.run("rpm", ["--root", root.path, "-V", "--nodeps", "nodeprofile-store"]).stdout.isEmpty,
            "a fresh install verifies clean")

        // Someone edits the shipped bundle on the device: rpm -V sees it, and the upgrade puts the package's bytes back.
        try Data("tampered\n".utf8).write(to: rules)
        #expect(
            try Tool.run("rpm", ["--root", root.path, "-V", "--nodeps", "nodeprofile-store"]).stdout.contains(
                "nodeprofile.nft"))
        let v2 = try Self.profile(version: "1.1.0", blocks: "    - {port: 30800, address: 10.0.0.5}")
        let (second, _) = try PackageCommandTests.package(v2)
        try Self.rpm(root, ["-Uvh", OutputFiles.only(second, suffix: ".rpm").path])
        let upgraded = try String(contentsOf: rules, encoding: .utf8)
        #expect(upgraded.contains("ip daddr 10.0.0.5 tcp dport 30800") && !upgraded.contains("30700"))
        #expect(
            try Tool.run("rpm", ["--root", root.path, "-q", "nodeprofile-store"]).stdout
                == "nodeprofile-store-1.1.0-1.noarch\n")
        let leftovers = try Tool.run("find", [bundle.path, "-name", "*.rpmsave", "-o", "-name", "*.rpmnew"]).stdout
        #expect(leftovers.isEmpty, "the bundle is not configuration: no .rpmsave or .rpmnew: \(leftovers)")
        try Self.rpm(root, ["-e", "nodeprofile-store"])
        #expect(!FileManager.default.fileExists(atPath: bundle.path), "erasing removes the whole bundle")
    }
}
