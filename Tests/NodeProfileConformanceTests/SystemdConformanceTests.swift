import Foundation
import NodeProfileTestSupport
import Testing

/// Every unit and drop-in of every blueprint, read by `systemd-analyze verify` with its drop-ins.
@Suite("Conformance: systemd units")
struct SystemdConformanceTests {
    /// Units the bundle refers to that a Debian test machine lacks (MicroShift, CRI-O, rpm-ostree, RHEL's OVS umbrella).
    static let standIns = [
        "microshift.service", "microshift-ovs-init.service", "crio.service", "rpm-ostreed.service",
        "openvswitch.service", "ovs-vswitchd.service", "ovsdb-server.service", "NetworkManager.service",
    ]

    /// Lays the bundle's units out in one directory, with a stand-in beside every drop-in directory whose unit
    /// the bundle does not ship, and returns the units to verify.
    static func layout(_ bundle: BuiltBundle, into directory: URL) throws -> [URL] {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        let standIn = "[Unit]\nDescription=test stand-in\n\n[Service]\nExecStart=/bin/true\n"
        for name in standIns { try Data(standIn.utf8).write(to: directory.appendingPathComponent(name)) }
        var units: [URL] = []
        for entry in bundle.manifest.files where entry.path.contains("/systemd/system/") {
            let relative = String(entry.path.split(separator: "/systemd/system/", maxSplits: 1)[1])
            let target = directory.appendingPathComponent(relative)
            try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            var text = try String(contentsOf: bundle.url(entry.path), encoding: .utf8)
            // The agent package is not installed here: point its unit at the agent this build made.
            text = text.replacingOccurrences(
                of: "/usr/bin/nodeprofile-agent", with: try BuiltBinary.path("nodeprofile-agent"))
            try Data(text.utf8).write(to: target)
            if relative.hasSuffix(".service"), !relative.contains("/") { units.append(target) }
            if let unit = relative.split(separator: "/").first, unit.hasSuffix(".d") {
                units.append(directory.appendingPathComponent(String(unit.dropLast(2))))
            }
        }
        return Array(Set(units)).sorted { $0.path < $1.path }
    }

    @Test("systemd-analyze verify reports nothing for any unit", arguments: Blueprints.all)
    func verify(_ blueprint: String) throws {
        let bundle = try BuiltBundle.build(blueprint)
        let directory = bundle.directory.appendingPathComponent("units")
        let units = try Self.layout(bundle, into: directory)
        #expect(units.count >= 4, "expected the OVS init unit, the agent unit and the OVS drop-ins")
        let run = try Tool.run(
            "systemd-analyze", ["verify", "--man=no"] + units.map(\.path),
            environment: ["SYSTEMD_UNIT_PATH": directory.path + ":"])
        #expect(run.status == 0 && run.stderr.isEmpty, "systemd-analyze verify:\n\(run.stderr)")
    }

    @Test("the harness itself notices a bad drop-in")
    func harnessCatchesErrors() throws {
        let bundle = try BuiltBundle.build("default")
        let directory = bundle.directory.appendingPathComponent("units")
        let units = try Self.layout(bundle, into: directory)
        let dropIn = directory.appendingPathComponent("ovs-vswitchd.service.d/nodeprofile-cpuaffinity.conf")
        try Data("[Service]\nCPUAffinity=banana\n".utf8).write(to: dropIn)
        let run = try Tool.run(
            "systemd-analyze", ["verify", "--man=no"] + units.map(\.path),
            environment: ["SYSTEMD_UNIT_PATH": directory.path + ":"])
        #expect(run.stderr.contains("Failed to parse CPU affinity 'banana'"))
    }
}
