import Foundation
import Testing

/// The release agent the conformance and boot tests install, as make builds it before running them: `make test`,
/// `make test-conformance` and `make test-boot` build the static agent and its RPM first and pass their paths in the
/// environment. No test builds them: a release build takes minutes, and two tests building it at once would share one
/// scratch path. A test that cannot find one fails naming the make target that builds it.
public enum MadeAgent {
    /// The agent with the static Swift standard library (`make agent-static`): $NODEPROFILE_AGENT_STATIC, or where
    /// make writes it when the tests run without make.
    public static func staticBinary() throws -> String {
        let path =
            ProcessInfo.processInfo.environment["NODEPROFILE_AGENT_STATIC"]
            ?? BuiltBinary.repository.appendingPathComponent(".build-release/release/nodeprofile-agent").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            Issue.record(
                "the static agent \(path) is missing: run `make agent-static` (make test, make test-conformance and make test-boot build it before the tests)"
            )
            throw CancellationError()
        }
        return path
    }

    /// The agent's own RPM (`make rpm-package`, as `make rpm` builds it): $NODEPROFILE_AGENT_RPM, or the one RPM in
    /// out/rpm when the tests run without make.
    public static func rpm() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["NODEPROFILE_AGENT_RPM"] {
            guard FileManager.default.fileExists(atPath: path) else {
                Issue.record(
                    "the agent RPM \(path) is missing: run `make rpm` (make test and make test-conformance build it before the tests)"
                )
                throw CancellationError()
            }
            return URL(fileURLWithPath: path)
        }
        let directory = BuiltBinary.repository.appendingPathComponent("out/rpm")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter {
            $0.hasSuffix(".rpm")
        }
        guard names.count == 1, let name = names.first else {
            Issue.record(
                "expected the agent RPM in \(directory.path), found \(names): run `make rpm` (make test and make test-conformance build it before the tests)"
            )
            throw CancellationError()
        }
        return directory.appendingPathComponent(name)
    }
}
