import Foundation
import NodeProfileTestSupport
import Testing

/// `nodeprofile build FLEET --rpm`: every node's RPM, built by rpmbuild and read back by rpm.
@Suite("Fleet RPMs (built binary, rpmbuild, librpm)")
struct FleetRPMTests {
    @Test("build --rpm writes one RPM per node beside its spec and tarball, checked with librpm, and leaves no scratch")
    func fleetRPMs() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("np-fleet-rpm-\(UUID().uuidString)")
        let run = try BuiltBinary.run(["build", "blueprints/fleets/stores.yaml", "-o", output.path, "--rpm"])
        #expect(run.status == 0, "\(run.stderr)")
        for node in ["store-0001", "store-0002", "store-0003"] {
            let rpm = output.appendingPathComponent("nodeprofile-\(node)-2.0.0-1.noarch.rpm")
            let query = try Tool.run("rpm", ["-qp", "--qf", "%{NAME} %{VERSION}-%{RELEASE} %{BUILDHOST}", rpm.path])
            #expect(query.stdout == "nodeprofile-\(node) 2.0.0-1 reproducible", "\(query.stdout)\(query.stderr)")
            let files = try Tool.run("rpm", ["-qpl", rpm.path]).stdout
            #expect(files.contains("/usr/lib/nodeprofile/\(node)/manifest.json"), "\(files)")
        }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent(".rpmbuild").path))
    }
}
