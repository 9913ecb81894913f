import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

@testable import NodeProfileAgentCore

/// The agent's steps as result.json names them: a contract `status`, the greenboot check and monitoring read.
@Suite("Agent: the steps result.json names")
struct AgentStepTests {
    /// Every step's name, in the order of the enum: changing one changes what readers of result.json see.
    static let contract = [
        "target", "recover", "identity", "load", "state", "facts", "adopt", "journal", "backup", "write", "remove",
        "actions",
        "verify", "confirm", "rollback", "apply",
    ]

    /// A failed run's report at `step`.
    static func failed(at step: AgentStep) -> ApplyReport {
        ApplyReport(
            status: .failed, generation: "g", changed: [], removed: [], drift: [], actions: [], rebootRequired: false,
            recovered: false, error: "why", step: step)
    }

    @Test("each step's name is pinned, and result.json writes it as a plain string")
    func pinned() throws {
        #expect(AgentStep.allCases.map(\.rawValue) == Self.contract)
        for step in AgentStep.allCases {
            let bytes = try JSONCodec.encode(Self.failed(at: step))
            #expect(String(decoding: bytes, as: UTF8.self).contains("\n  \"step\" : \"\(step.rawValue)\"\n}"))
            #expect(try JSONCodec.decode(ApplyReport.self, from: bytes).step == step)
            #expect("\(step)" == step.rawValue)
        }
        let written = String(decoding: try JSONCodec.encode(Self.failed(at: .write)), as: UTF8.self)
        #expect(
            written == """
                {
                  "actions" : [

                  ],
                  "changed" : [

                  ],
                  "drift" : [

                  ],
                  "error" : "why",
                  "generation" : "g",
                  "rebootRequired" : false,
                  "recovered" : false,
                  "removed" : [

                  ],
                  "status" : "failed",
                  "step" : "write"
                }
                """)
    }

    @Test("a result.json naming a step this agent does not know still reads, as a failure in none of its steps")
    func unknownStep() throws {
        let fixture = try AgentFixture()
        let agent = Agent.testing(fixture)
        let text = String(decoding: try JSONCodec.encode(Self.failed(at: .write)), as: UTF8.self)
        try agent.fs.write(
            agent.store.reportPath, Array(text.replacing("\"write\"", with: "\"a-later-step\"").utf8), mode: 0o600)
        let report = try #require(try agent.store.report())
        #expect(report.step == .apply && report.status == .failed && report.error == "why")
        #expect(HealthCheck(agent: agent).run().problems.contains("the last apply failed at step apply: why"))
    }

    @Test("docs/AGENT.md lists the steps result.json names, in the enum's order")
    func documented() throws {
        let text = try String(
            contentsOf: Repository.root.appendingPathComponent("docs/AGENT.md"), encoding: .utf8)
        let marker = "result.json with the step ("
        let start = try #require(text.range(of: marker), "docs/AGENT.md no longer says \(marker)")
        let list = text[start.upperBound...].prefix { $0 != ")" && $0 != ";" }
        let names = list.split(whereSeparator: { $0 == "," || $0.isWhitespace }).filter { $0 != "or" }.map(String.init)
        #expect(names == Self.contract, "docs/AGENT.md: \(list)")
    }
}
