import Foundation
import NodeProfileTestSupport
import Testing

/// Rollback on real ostree deployments: Debian's ostree builds a sysroot, deploys an image holding bundle A,
/// then one holding bundle B (its /etc merged from A's, as on an update), and the built agent boots each in turn, with
/// the stateroot's /var bind-mounted into the deployment as ostree does at boot. Booting A again after B, as greenboot's
/// fallback does, finds A's /etc as A's agent left it: nothing to do, no drift, A's files; `status` on A shows what
/// went wrong on B.
@Suite("Rollback across ostree deployments (built agent, real ostree)")
struct OSTreeRollbackTests {
    static let stateroot = "edge"

    static func profile(address: String, blocked: Int) -> String {
        """
        apiVersion: nodeprofile/v1
        kind: NodeProfile
        metadata: {name: edge}
        network:
          gateway:
            interface: eth0
            ipv4: {method: static, address: \(address)/24, gateway: 192.168.122.1}
        firewall:
          blockNodePorts:
            - {port: \(blocked), address: \(address)}
        """
    }

    /// `nodeprofile build` of a profile text into a new directory.
    static func build(_ text: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("np-ostree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let profile = directory.appendingPathComponent("edge.yaml")
        try Data(text.utf8).write(to: profile)
        let run = try BuiltBinary.run(["build", profile.path, "-o", directory.appendingPathComponent("out").path])
        try #require(run.status == 0, "\(run.stderr)")
        return directory.appendingPathComponent("out")
    }

    /// Runs ostree, leaving deployments mutable (libostree's OSTREE_SYSROOT_DEBUG) so the test can remove them: ostree
    /// makes each deployment immutable (chattr +i) otherwise.
    @discardableResult
    static func ostree(_ arguments: [String]) throws -> String {
        let run = try Tool.run("ostree", arguments, environment: ["OSTREE_SYSROOT_DEBUG": "mutable-deployments"])
        try #require(run.status == 0, "ostree \(arguments.joined(separator: " ")): \(run.stderr)")
        return run.stdout
    }

    /// Commits an image tree holding `bundle` under /usr/lib/nodeprofile/edge and deploys it as the new default; returns
    /// the new deployment's CHECKSUM.SERIAL as `ostree admin status` lists it.
    static func deploy(_ sysroot: String, _ bundle: URL, branch: String) throws -> String {
        let tree = URL(fileURLWithPath: sysroot).deletingLastPathComponent().appendingPathComponent(
            "tree-\(UUID().uuidString)")
        for (path, text) in [
            "usr/lib/modules/6.1.0/vmlinuz": "kernel", "usr/lib/modules/6.1.0/initramfs.img": "initramfs",
            "usr/etc/os-release": "ID=debian\n",
        ] {
            let url = tree.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        // /var is empty in an image: at boot the stateroot's /var is mounted there.
        try FileManager.default.createDirectory(
            at: tree.appendingPathComponent("var"), withIntermediateDirectories: true)
        let target = tree.appendingPathComponent("usr/lib/nodeprofile/edge")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: bundle.appendingPathComponent("manifest.json"), to: target.appendingPathComponent("manifest.json"))
        try FileManager.default.copyItem(
            at: bundle.appendingPathComponent("root"), to: target.appendingPathComponent("root"))
        try ostree([
            "--repo=\(sysroot)/ostree/repo", "commit", "--branch=\(branch)", "--tree=dir=\(tree.path)", "--no-xattrs",
        ])
        try ostree(["admin", "deploy", "--sysroot=\(sysroot)", "--os=\(stateroot)", "--karg=root=/dev/vda", branch])
        let first = try ostree(["admin", "status", "--sysroot=\(sysroot)"]).split(separator: "\n").first ?? ""
        return String(first.split(separator: " ").last ?? "")
    }

    /// Runs the built agent on deployment `id` as if booted: in a private mount namespace, the stateroot's /var is
    /// bind-mounted over the deployment's, as ostree does at boot.
    static func boot(_ sysroot: String, _ id: String, _ arguments: [String]) throws -> BuiltBinary.Run {
        let deployment = "\(sysroot)/ostree/deploy/\(stateroot)/deploy/\(id)"
        return try Tool.run(
            "unshare",
            [
                "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                "mount --bind \"$1\" \"$2/var\" && shift 2 && exec \"$@\"", "sh",
                "\(sysroot)/ostree/deploy/\(stateroot)/var", deployment,
                try BuiltBinary.path("nodeprofile-agent"),
            ] + arguments + ["--root", deployment, "--deployment", id])
    }

    /// The files the agent manages in a deployment's /etc, path to contents.
    static func etc(_ sysroot: String, _ id: String) throws -> [String: String] {
        try AgentCrashTests.tree(URL(fileURLWithPath: "\(sysroot)/ostree/deploy/\(stateroot)/deploy/\(id)"))
            .filter {
                $0.key.hasPrefix("/etc/nodeprofile/") || $0.key.hasPrefix("/etc/microshift/")
                    || $0.key.hasPrefix("/etc/NetworkManager/system-connections/")
            }
    }

    @Test("deployment A, an update to B, a rollback to A: A's /etc is A's, with nothing to apply and no drift")
    func rollback() throws {
        let bundleA = try Self.build(Self.profile(address: "192.168.122.14", blocked: 30700))
        let bundleB = try Self.build(Self.profile(address: "192.168.122.15", blocked: 30701))
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("np-sysroot-\(UUID().uuidString)")
        defer {
            for directory in [top, bundleA.deletingLastPathComponent(), bundleB.deletingLastPathComponent()] {
                try? FileManager.default.removeItem(at: directory)
            }
        }
        let sysroot = top.appendingPathComponent("sysroot").path
        try FileManager.default.createDirectory(atPath: sysroot, withIntermediateDirectories: true)
        try Self.ostree(["admin", "init-fs", sysroot])
        try Self.ostree(["admin", "os-init", "--sysroot=\(sysroot)", Self.stateroot])

        let a = try Self.deploy(sysroot, bundleA, branch: "edge/a")
        let firstA = try Self.boot(sysroot, a, ["apply"] + AgentCrashTests.facts)
        #expect(
            firstA.status == 0 && firstA.stdout.hasPrefix("applied generation "), "\(firstA.stdout)\(firstA.stderr)")
        let filesA = try Self.etc(sysroot, a)
        #expect(filesA["/etc/nodeprofile/nodeprofile.nft"]?.contains("tcp dport 30700") == true)

        let b = try Self.deploy(sysroot, bundleB, branch: "edge/b")
        #expect(b != a)
        #expect(try Self.etc(sysroot, b) == filesA, "ostree merged A's /etc, with the agent's files, into B's")
        let onB = try Self.boot(sysroot, b, ["apply"] + AgentCrashTests.facts)
        #expect(
            onB.status == 0 && onB.stderr.contains("deployment \(b) has no state yet: starting from deployment \(a)"),
            "\(onB.stderr)")
        #expect(!onB.stderr.contains("drift"), "\(onB.stderr)")
        #expect(try Self.etc(sysroot, b)["/etc/nodeprofile/nodeprofile.nft"]?.contains("tcp dport 30701") == true)
        #expect(try Self.etc(sysroot, a) == filesA, "B's apply wrote B's /etc only")
        // B boots red (here: a file changed on B); greenboot's red.d hook records it before the fallback to A.
        try Data("edited on B\n".utf8).write(
            to: URL(fileURLWithPath: "\(sysroot)/ostree/deploy/\(Self.stateroot)/deploy/\(b)/etc/microshift/ovn.yaml"))
        #expect(try Self.boot(sysroot, b, ["verify", "--health", "--red-boot"]).status == 0)

        let backOnA = try Self.boot(sysroot, a, ["apply"] + AgentCrashTests.facts)
        #expect(
            backOnA.status == 0 && backOnA.stdout.hasPrefix("up to date: generation "),
            "\(backOnA.stdout)\(backOnA.stderr)")
        #expect(!backOnA.stderr.contains("drift"), "\(backOnA.stderr)")
        #expect(try Self.etc(sysroot, a) == filesA)
        let health = try Self.boot(sysroot, a, ["verify", "--health"])
        #expect(health.status == 0, "\(health.stdout)\(health.stderr)")
        let status = try Self.boot(sysroot, a, ["status"])
        #expect(status.stdout.contains("deployment: \(a)\nred boot of deployment \(b) at "), "\(status.stdout)")
        #expect(
            status.stdout.contains("unhealthy: changed on the device: /etc/microshift/ovn.yaml"), "\(status.stdout)")
    }
}
