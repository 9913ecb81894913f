import Foundation
import NodeProfileTestSupport
import Testing

/// The Python consumers of the kickstart and Containerfile exports (pykickstart's ksvalidator and parser,
/// dockerfile-parse), from PyPI into a virtual environment that `make deps` makes in .build/python-tools.
enum PythonTools {
    /// The virtual environment's bin directory.
    static let bin = BuiltBinary.repository.appendingPathComponent(".build/python-tools/bin")

    /// The path of a program in the environment, or a recorded failure saying how to install it.
    static func path(_ name: String) throws -> String {
        let candidate = bin.appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            Issue.record(
                "\(candidate) is missing: `make deps` installs pykickstart and dockerfile-parse from PyPI into .build/python-tools"
            )
            throw CancellationError()
        }
        return candidate
    }

    /// Runs a program of the environment.
    static func run(_ name: String, _ arguments: [String]) throws -> BuiltBinary.Run {
        try BuiltBinary.execute(try path(name), arguments, environment: [:], stdin: nil)
    }

    /// Runs a Python script with the environment's interpreter, and decodes the JSON it prints.
    static func json(_ script: String, _ arguments: [String]) throws -> [String: Any] {
        let run = try self.run("python", ["-c", script] + arguments)
        #expect(run.status == 0, "python: \(run.stderr)")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
            "python printed \(run.stdout)")
    }

    /// Reads a kickstart with pykickstart's RHEL 9 handler: every script, and the ostree lines when present.
    static let kickstart = """
        import json, sys
        from pykickstart.parser import KickstartParser
        from pykickstart.version import makeVersion, RHEL9
        handler = makeVersion(RHEL9)
        KickstartParser(handler).readKickstart(sys.argv[1])
        out = {"scripts": [{"type": s.type, "interp": s.interp, "errorOnFail": s.errorOnFail, "script": s.script} for s in handler.scripts]}
        if handler.ostreesetup.seen:
            o = handler.ostreesetup
            out["ostreesetup"] = {"osname": o.osname, "remote": o.remote, "url": o.url, "ref": o.ref, "nogpg": o.nogpg}
        if handler.ostreecontainer.seen:
            o = handler.ostreecontainer
            out["ostreecontainer"] = {"url": o.url, "transport": o.transport, "noSignatureVerification": o.noSignatureVerification}
        print(json.dumps(out))
        """

    /// Reads a Containerfile with dockerfile-parse: each instruction and its value, in order.
    static let containerfile = """
        import json, sys
        from dockerfile_parse import DockerfileParser
        parser = DockerfileParser(fileobj=open(sys.argv[1], "rb"))
        print(json.dumps({"instructions": [[i["instruction"], i["value"]] for i in parser.structure], "baseimage": parser.baseimage}))
        """
}
