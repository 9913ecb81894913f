import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

@testable import NodeProfileCore

/// The hand-written manifest.json writer and SHA-256 (libcrypto's) against their references: Foundation's JSONEncoder
/// and coreutils' sha256sum. Both sit on the fleet build's hot path.
@Suite("Manifest encoding and hashing")
struct ManifestEncodingTests {
    /// The reference: Foundation's JSONEncoder with the formatting manifest.json always had.
    static func foundationEncoding(_ manifest: BundleManifest) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(manifest)) + [0x0A]
    }

    @Test("manifest.json is JSONEncoder's bytes for every blueprint", arguments: BlueprintTests.required)
    func blueprintManifests(name: String) throws {
        let (bundle, _) = try GoldenTests.compile(name)
        #expect(try ManifestCoding.encode(bundle.manifest) == Self.foundationEncoding(bundle.manifest))
    }

    @Test("strings with quotes, backslashes, control characters and non-ASCII encode as JSONEncoder does")
    func hostileStrings() throws {
        let nasty = "q\"b\\s/\u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1B}\u{1F}\u{7F} é ☃ \u{2028} 🚀 <&>"
        let file = FileEntry(
            path: "/etc/\(nasty)", mode: FileMode(0o0600), sha256: nasty, size: 0, secret: true, provenance: [],
            facts: [nasty, ""], actions: [Action(.restart, nasty), Action(.daemonReload)], appliedBy: .agent)
        let manifest = BundleManifest(
            profile: ProfileIdentity(name: nasty, version: "", release: "1", microshift: "4.13", gatewayMode: "x"),
            generator: nasty, files: [file, file],
            facts: [
                FactSpec(
                    name: nasty, source: .hostname, interface: nil, retries: 0, intervalSeconds: -1, pattern: nasty),
                FactSpec(
                    name: "n", source: .interfaceMAC, interface: nasty, retries: Int.max, intervalSeconds: 1,
                    pattern: ""),
            ],
            actions: [])
        let ours = try ManifestCoding.encode(manifest)
        #expect(ours == (try Self.foundationEncoding(manifest)))
        // Decoded back field for field by JSONDecoder; ManifestCoding.decode would refuse these values (ManifestCheck).
        #expect(try JSONDecoder().decode(BundleManifest.self, from: Data(ours)) == manifest)
        #expect(throws: ManifestError.self) { try ManifestCoding.decode(ours) }
    }

    @Test("the health section, with every optional field present and absent, encodes as JSONEncoder does")
    func healthSection() throws {
        let base = BundleManifest(
            profile: ProfileIdentity(name: "h", version: "1", release: "1", microshift: "4.13", gatewayMode: "manual"),
            generator: "g", files: [], facts: [], actions: [])
        for health in [
            HealthSpec(
                bridge: "br-ex",
                addresses: [
                    AddressCheck(address: "10.0.0.1", interface: "br-ex"),
                    AddressCheck(address: "10.0.0.2", interface: nil),
                    AddressCheck(address: nil, interface: "br-ex"),
                    AddressCheck(address: nil, interface: nil), // an empty object: JSONEncoder's "{", empty line, "}"
                ],
                nodePortBlocks: [
                    NodePortBlockCheck(comment: "firewall.blockNodePorts[0]", port: 30700),
                    NodePortBlockCheck(comment: "c", port: 1),
                ]),
            HealthSpec(bridge: nil, addresses: [], nodePortBlocks: []),
        ] {
            var manifest = base
            manifest.health = health
            #expect(try ManifestCoding.encode(manifest) == Self.foundationEncoding(manifest))
        }
    }

    @Test(
        "constraints and a fact's minimum and maximum, present and absent, encode as JSONEncoder does and decode back")
    func factLimits() throws {
        let fact = FactSpec(
            name: "gateway.nic.mtu", source: .interfaceMTU, interface: "eth0", retries: 1, intervalSeconds: 1,
            pattern: "^[0-9]{3,5}$", minimum: 576, maximum: 9000)
        var lower = fact
        lower.maximum = nil
        for (facts, constraints) in [
            ([fact], [FactConstraint(kind: .podMTU, fact: "gateway.nic.mtu", value: 9000)]),
            ([lower], []), ([fact], nil),
        ] as [([FactSpec], [FactConstraint]?)] {
            let manifest = BundleManifest(
                profile: ProfileIdentity(
                    name: "h", version: "1", release: "1", microshift: "4.13", gatewayMode: "declarative"),
                generator: "g", files: [], facts: facts, actions: [], constraints: constraints)
            let bytes = try ManifestCoding.encode(manifest)
            #expect(bytes == (try Self.foundationEncoding(manifest)))
            #expect(try ManifestCoding.decode(bytes) == manifest)
        }
    }

    @Test("SHA-256 matches sha256sum for lengths around the block size, fed whole and in pieces")
    func sha256AgainstCoreutils() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("np-sha-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let lengths = [0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 100_003]
        var names: [String] = []
        var ours: [String: String] = [:]
        for length in lengths {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 3) }
            let name = "f\(length)"
            try Data(bytes).write(to: directory.appendingPathComponent(name))
            names.append(name)
            ours[name] = SHA256.hex(bytes)
            // Fed in uneven pieces, as a stream would arrive.
            var hasher = SHA256()
            var offset = 0
            var piece = 1
            while offset < bytes.count {
                let end = min(bytes.count, offset + piece)
                hasher.update(bytes[offset..<end])
                offset = end
                piece = piece * 3 % 97 + 1
            }
            #expect(hasher.finalize() == SHA256().finalizing(bytes), "length \(length)")
        }
        let run = try Tool.run("sha256sum", names, directory: directory)
        let output = run.stdout
        #expect(run.status == 0)
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            #expect(ours[String(parts[1])] == String(parts[0]), "\(parts[1])")
        }
        #expect(output.split(separator: "\n").count == lengths.count)
    }
}

extension SHA256 {
    fileprivate func finalizing(_ bytes: [UInt8]) -> [UInt8] {
        var copy = self
        copy.update(bytes)
        return copy.finalize()
    }
}
