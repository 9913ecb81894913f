import Testing

@testable import NodeProfileCore

/// Every invalid profile case: the diagnostic lands on the marked token with its message and path.
@Suite("Invalid profiles")
struct InvalidProfileTests {
    static let all: [BadProfile] =
        BadCases.structure + BadCases.identity + BadCases.network
        + BadCases.gateway + BadCases.gatewayMAC + BadCases.confirmTargets + BadCases.tuning + BadCases.proxy
        + BadCases.firewall
        + BadCases.loadBalancers
        + BadCases.polish + BadCases.checks

    @Test("each case reports at its marked token", arguments: all)
    func reportsAtMarkedToken(_ bad: BadProfile) {
        let marked = MarkedProfile(bad.yaml, raw: bad.raw)
        let result = marked.diagnose(files: bad.files)
        let hit = result.diagnostics.first {
            $0.location.line == marked.line && $0.location.column == marked.column && $0.message.contains(bad.message)
        }
        #expect(
            hit != nil,
            "expected '\(bad.message)' at \(marked.line):\(marked.column), got:\n\(listing(result.diagnostics))")
        #expect(hit?.path == bad.path)
        #expect(hit?.severity == bad.severity)
        // One cause, one diagnostic: a follow-on error (a cascade) is a defect, not noise.
        var others = result.diagnostics.filter { !$0.isTargetDefaultWarning || bad.path == "target.microshift" }
        if let index = others.firstIndex(where: { $0 == hit }) { others.remove(at: index) }
        for extra in others where !bad.also.contains(where: { extra.message.contains($0) }) {
            Issue.record("unexpected extra diagnostic \(listing([extra])) beside the marked one")
        }
        for expected in bad.also where !others.contains(where: { $0.message.contains(expected) }) {
            Issue.record("expected a further diagnostic containing '\(expected)', got:\n\(listing(result.diagnostics))")
        }
        if bad.severity == .error {
            #expect(result.profile == nil, "a profile with an error must not compile")
        } else {
            #expect(!result.hasErrors, "a warning case must have no errors:\n\(listing(result.diagnostics))")
        }
    }

    @Test("there are at least 60 distinct cases")
    func caseCount() {
        #expect(Self.all.count >= 60)
        #expect(Set(Self.all.map(\.name)).count == Self.all.count, "case names must be unique")
        #expect(Set(Self.all.map(\.yaml)).count == Self.all.count, "case texts must be distinct")
    }
}

/// The cases, grouped by the part of the language they break.
enum BadCases {}
