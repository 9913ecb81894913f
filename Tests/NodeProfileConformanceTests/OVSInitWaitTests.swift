import Foundation
import NodeProfileTestSupport
import Testing

/// How nodeprofile-ovs-init waits for NetworkManager (it once counted loop passes, so slow nmcli calls made a
/// "60 s" wait last 85 to 118 s, and it never asked again once NetworkManager had given up on ovs-if-br-ex).
/// A stand-in nmcli that takes 1 s per call and reports the connection as not activating; the script's limit is
/// cut to 6 s. The device lab shows the same retry against a real NetworkManager.
@Suite("nodeprofile-ovs-init waiting for br-ex", .serialized)
struct OVSInitWaitTests {
    @Test("the wait is counted in seconds, and an activation not in progress is asked for once")
    func secondsAndOneRetry() throws {
        let bundle = try BuiltBundle.build("static-ip")
        let ovs = try OVSConformanceTests.UserspaceOVS()
        let stubs = bundle.directory.appendingPathComponent("stubs")
        try FileManager.default.createDirectory(at: stubs, withIntermediateDirectories: true)
        let calls = stubs.appendingPathComponent("calls")
        let nmcli = stubs.appendingPathComponent("nmcli")
        try Data("#!/bin/sh\necho \"$*\" >> \(calls.path)\nsleep 1\n".utf8).write(to: nmcli)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: nmcli.path)
        let script = stubs.appendingPathComponent("ovs-init.sh")
        let text = try String(contentsOf: bundle.url("/etc/nodeprofile/ovs-init.sh"), encoding: .utf8)
        try #require(text.contains("readonly WAIT_SECONDS=60\n"))
        try Data(text.replacingOccurrences(of: "readonly WAIT_SECONDS=60\n", with: "readonly WAIT_SECONDS=6\n").utf8)
            .write(to: script)
        var environment = ovs.environment
        environment["PATH"] = stubs.path + ":/usr/sbin:/usr/bin:/sbin:/bin"
        let started = Date()
        let run = try Tool.run("bash", [script.path], environment: environment)
        let seconds = Date().timeIntervalSince(started)
        #expect(run.status == 1 && run.stderr.contains("did not activate ovs-if-br-ex within 6s"), "\(run.stderr)")
        #expect(seconds >= 6 && seconds < 9, "waited \(seconds) s for a 6 s limit")
        let log = try String(contentsOf: calls, encoding: .utf8).split(separator: "\n")
        #expect(log.filter { $0.contains("connection up ovs-if-br-ex") }.count == 1, "\(log)")
        #expect(run.stderr.contains("asking NetworkManager to activate it once more"))
    }
}
