import Testing

@testable import NodeProfileCore

/// Input built to crash, hang or exhaust a parser gets a located diagnostic instead.
@Suite("Hostile input")
struct HostileInputTests {
    private func read(_ bytes: [UInt8]) -> ProfileCompilation {
        testCompiler.compile(.bytes(bytes, file: "hostile.yaml"), resources: InMemoryResources())
    }

    @Test("non-UTF-8 bytes are located by line and column")
    func invalidUTF8() {
        let bytes = Array("apiVersion: nodeprofile/v1\nmetadata:\n  name: caf".utf8) + [0xE9, 0x0A]
        let result = read(bytes)
        #expect(result.diagnostics.count == 1)
        let diagnostic = result.diagnostics[0]
        #expect(diagnostic.message.contains("not valid UTF-8: byte 0xE9"))
        #expect(diagnostic.location.line == 3 && diagnostic.location.column == 12)
    }

    @Test("a UTF-8 byte order mark is accepted")
    func byteOrderMark() {
        let text = "apiVersion: nodeprofile/v1\nkind: NodeProfile\nmetadata:\n  name: bom\n"
        let result = read([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        #expect(result.profile?.metadata.name == "bom", "\(listing(result.diagnostics))")
    }

    @Test("files over the size limit are refused before parsing")
    func oversized() {
        let bytes = [UInt8](repeating: UInt8(ascii: "#"), count: SourceText.Limits.profile.maxBytes + 1)
        let result = read(bytes)
        #expect(
            result.diagnostics.map(\.message) == [
                "file is \(bytes.count) bytes; a profile may be at most 1048576 bytes"
            ])
        #expect(result.diagnostics[0].location.line == 0)
    }

    @Test(
        "deep flow nesting is refused before the recursive parser sees it",
        arguments: [300, 100_000])
    func deepFlowNesting(depth: Int) {
        let text = "a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let result = read(Array(text.utf8))
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics[0].message.contains("profiles are limited to 256"))
        #expect(result.diagnostics[0].location.line == 1)
    }

    @Test("compact block sequences nested on one line are bounded too")
    func deepCompactSequences() {
        let text = String(repeating: "- ", count: 50_000) + "x\n"
        let result = read(Array(text.utf8))
        #expect(result.diagnostics.first?.message.contains("profiles are limited to 256") == true)
    }

    @Test("nesting under the raw bound but past the depth limit is refused at the deep value")
    func depthLimit() {
        var text = ""
        for level in 0..<40 { text += String(repeating: "  ", count: level) + "k\(level):\n" }
        text += String(repeating: "  ", count: 40) + "v: 1\n"
        let result = read(Array(text.utf8))
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics[0].message.contains("nest more than 32 levels"))
        #expect(result.diagnostics[0].location.line == 32)
    }

    @Test("alias expansion within the alias limit still stops at the node budget")
    func billionLaughs() {
        // 16 aliases, 3·3·3·3·4 = 324 copies of a 400-item list: 129,600 values.
        var lines = ["a0: &a0 [" + Array(repeating: "lol", count: 400).joined(separator: ", ") + "]"]
        for (level, copies) in [3, 3, 3, 3, 4].enumerated() {
            lines.append(
                "a\(level + 1): &a\(level + 1) ["
                    + Array(repeating: "*a\(level)", count: copies).joined(separator: ", ") + "]")
        }
        let result = read(Array(lines.joined(separator: "\n").utf8))
        #expect(result.diagnostics.count == 1)
        #expect(
            result.diagnostics[0].message.contains("expands to more than 100000 values"),
            "\(listing(result.diagnostics))")
    }

    @Test("more than 16 aliases are refused before parsing")
    func aliasLimit() {
        var lines = ["a0: &a0 [lol]"]
        for level in 1...9 { lines.append("a\(level): &a\(level) [*a\(level - 1), *a\(level - 1)]") }
        let result = read(Array(lines.joined(separator: "\n").utf8))
        #expect(result.diagnostics.map(\.message) == ["a profile may use at most 16 aliases (*name); this is one more"])
        #expect(result.diagnostics.first?.location.line == 10 && result.diagnostics.first?.location.column == 10)
    }

    @Test("a small alias is fine: anchors are ordinary YAML")
    func smallAlias() {
        let text = """
            apiVersion: nodeprofile/v1
            kind: NodeProfile
            metadata:
              name: alias
            ovs:
              cpuAffinity: &cpus "0-1"
            crio:
              managementCPUSet: *cpus
            """
        let result = read(Array(text.utf8))
        #expect(result.profile?.crioManagementCPUSet.description == "0-1", "\(listing(result.diagnostics))")
    }

    @Test("an undefined alias is a syntax error, not a crash")
    func undefinedAlias() {
        let result = read(Array("apiVersion: *nothing\n".utf8))
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics[0].message.contains("undefined alias"))
        #expect(result.diagnostics[0].location.line == 1 && result.diagnostics[0].location.column == 13)
    }

    @Test("NUL and other control bytes in the raw file are reported, not parsed")
    func controlBytes() {
        let result = read(Array("apiVersion: nodeprofile/v1\nkind: Node\u{0}Profile\n".utf8))
        #expect(result.hasErrors)
        #expect(result.diagnostics.first?.location.line == 2, "\(listing(result.diagnostics))")
    }

    @Test("every problem in one run: errors from different sections all arrive")
    func allProblemsAtOnce() {
        let text = """
            apiVersion: nodeprofile/v1
            kind: NodeProfile
            metadata:
              name: Bad_Name
            network:
              mtu: 10
            ovs:
              cpuAffinity: "2,1"
            firewall:
              blockNodePorts:
                - port: 1
                  interface: eth0
            target: {microshift: "4.13"}
            """
        let result = read(Array(text.utf8))
        #expect(
            result.diagnostics.compactMap(\.path) == [
                "metadata.name", "network.mtu", "ovs.cpuAffinity",
                "firewall.blockNodePorts[0].port",
            ])
    }
}
