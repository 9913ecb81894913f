import Foundation
import NodeProfileTestSupport
import Testing

@testable import NodeProfileAgentCore

/// What the agent checks after loading a sysctl file comes from the file's own settings, never from its name.
@Suite("sysctl files")
struct SysctlFileTests {
    @Test("the shipped forwarding file sets net.ipv4.ip_forward to 1, read back from /proc/sys/net/ipv4/ip_forward")
    func shippedTemplate() throws {
        let text = try String(
            contentsOf: Repository.root.appendingPathComponent("templates/sysctl/ip-forward.conf"), encoding: .utf8)
        let settings = SysctlFile.settings(text)
        #expect(settings == [SysctlFile.Setting(key: "net.ipv4.ip_forward", value: "1")])
        #expect(settings.first?.procPath == "/proc/sys/net/ipv4/ip_forward")
    }

    @Test("comments, blank lines and lines without '=' are skipped; '-' marks a setting whose failure is ignored")
    func syntax() {
        let text =
            "# c\n; c\n\n  net.core.somaxconn=4096 \n-kernel.foo = bar baz\nnoise\nnet/ipv4/conf/eth0.1/rp_filter = 2\n"
        #expect(
            SysctlFile.settings(text) == [
                SysctlFile.Setting(key: "net.core.somaxconn", value: "4096"),
                SysctlFile.Setting(key: "kernel.foo", value: "bar baz", optional: true),
                SysctlFile.Setting(key: "net/ipv4/conf/eth0.1/rp_filter", value: "2"),
            ])
        #expect(SysctlFile.settings(text).last?.procPath == "/proc/sys/net/ipv4/conf/eth0.1/rp_filter")
    }
}
