import Foundation
import NodeProfileTestSupport
import Testing

/// `nodeprofile explain` shows what the targeted MicroShift release derives, and where it reads our files from.
@Suite("nodeprofile explain per release (built binary)")
struct ExplainReleaseTests {
    @Test("4.13: br-ex is the profile's to build, settings in config.yaml, the API address on lo")
    func release413() throws {
        let run = try BuiltBinary.run(["explain", "blueprints/default.yaml"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("MicroShift 4.13 derives:\n"), "\(run.stdout)")
        #expect(
            run.stdout.contains(
                "    API service address        10.44.0.0 (the address after serviceNetwork 10.43.0.0/16, added to lo)\n"
            ))
        #expect(run.stdout.contains("    cluster DNS                10.43.0.10 "))
        #expect(
            run.stdout.contains(
                "    br-ex                      built by nodeprofile or by configure-ovs.sh, as gateway.mode says (ovn.yaml disableOVSInit)\n"
            ))
        #expect(run.stdout.contains("    our MicroShift settings    /etc/microshift/config.yaml\n"))
    }

    @Test("4.18: MicroShift owns br-ex, our settings are a config.d drop-in read after config.yaml")
    func release418() throws {
        let run = try BuiltBinary.run(["explain", "blueprints/release-4-18.yaml"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("MicroShift 4.18 derives:\n"), "\(run.stdout)")
        #expect(
            run.stdout.contains(
                "    API service address        10.97.0.0 (the address after serviceNetwork 10.96.0.0/16, added to br-ex, or lo without br-ex)\n"
            ))
        #expect(run.stdout.contains("    cluster DNS                10.96.0.10 "))
        #expect(
            run.stdout.contains(
                "    br-ex                      MicroShift's: configure-ovs.sh rebuilds it at every boot, without an uplink\n"
            ))
        #expect(
            run.stdout.contains(
                "    our MicroShift settings    /etc/microshift/config.d/90-nodeprofile.yaml (merged over config.yaml and earlier config.d drop-ins)\n"
            ))
    }

    @Test("4.16: LoadBalancer manifests in a folder of ours under manifests.d")
    func release416() throws {
        let run = try BuiltBinary.run(["explain", "blueprints/release-4-16.yaml"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("    our MicroShift settings    /etc/microshift/config.yaml\n"), "\(run.stdout)")
        #expect(
            run.stdout.contains(
                "    LoadBalancer manifests     /etc/microshift/manifests.d/nodeprofile (a kustomizePaths folder)\n"))
    }
}
