import Foundation
import NodeProfileTestSupport
import Testing

/// For the compiler: a FIFO as the profile, a fleet's base or the passwordFile hung the tools
/// forever. Each is now refused at once with what it is (the run is killed after 20 s if it hangs).
@Suite("FIFOs are refused, never waited on (built binary)")
struct FIFOInputTests {
    static func fifo(in directory: URL, _ name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        #expect(mkfifo(path, 0o600) == 0)
        return path
    }

    @Test("a FIFO as the profile: validate and build exit 1 naming it")
    func profile() throws {
        let directory = URL(fileURLWithPath: try BuiltBinary.temporaryFile("x", "")).deletingLastPathComponent()
        let path = try Self.fifo(in: directory, "p.yaml")
        for command in [["validate", path], ["build", path, "-o", directory.appendingPathComponent("out").path]] {
            let run = try BuiltBinary.execute(try BuiltBinary.path("nodeprofile"), command, timeoutSeconds: 20)
            #expect(run.status == 1, "\(command)")
            #expect(run.stderr.contains("is a FIFO, not a regular file"), "\(run.stderr)")
        }
    }

    @Test("a FIFO as the passwordFile: an error at the passwordFile's line")
    func passwordFile() throws {
        let profile = try BuiltBinary.temporaryFile(
            "proxy.yaml",
            """
            apiVersion: nodeprofile/v1
            kind: NodeProfile
            metadata:
              name: fifo
            proxy:
              http: http://proxy.example:3128
              username: edge
              passwordFile: pass.fifo
            """)
        _ = try Self.fifo(in: URL(fileURLWithPath: profile).deletingLastPathComponent(), "pass.fifo")
        let run = try BuiltBinary.execute(
            try BuiltBinary.path("nodeprofile"), ["validate", profile], timeoutSeconds: 20)
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "proxy.yaml:8:17: error: cannot read passwordFile 'pass.fifo': is a FIFO, not a regular file"),
            "\(run.stderr)")
    }

    @Test("a FIFO as a fleet's base: an error at the base line")
    func fleetBase() throws {
        let fleet = try BuiltBinary.temporaryFile(
            "fleet.yaml",
            "apiVersion: nodeprofile/v1\nkind: NodeFleet\nmetadata: {name: t}\nbase: base.yaml\nnodes:\n  - name: a\n")
        _ = try Self.fifo(in: URL(fileURLWithPath: fleet).deletingLastPathComponent(), "base.yaml")
        let run = try BuiltBinary.execute(try BuiltBinary.path("nodeprofile"), ["validate", fleet], timeoutSeconds: 20)
        #expect(run.status == 1)
        #expect(run.stderr.contains("fleet.yaml:4:7: error: cannot read the base profile"), "\(run.stderr)")
    }
}
