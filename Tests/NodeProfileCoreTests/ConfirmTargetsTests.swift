import Foundation
import NodeProfileManifest
import Testing

@testable import NodeProfileCore

/// `network.gateway.confirmTargets` through the compiler: the schema shows it and the manifest's health section
/// carries it, where the agent's confirm window reads it.
@Suite("Gateway confirm targets")
struct ConfirmTargetsTests {
    static func compile(_ network: String) throws -> CompiledBundle {
        let text = """
            apiVersion: nodeprofile/v1
            kind: NodeProfile
            metadata: {name: c}
            network: \(network)

            """
        let result = testCompiler.compile(.bytes(Array(text.utf8), file: "p.yaml"), resources: InMemoryResources())
        return try #require(result.bundle, "\(result.diagnostics)")
    }

    @Test("the JSON Schema lists confirmTargets under network.gateway, at most 8")
    func schema() throws {
        let text = JSONSchemaWriter.profileSchema().serialized()
        #expect(text.contains("\"confirmTargets\""), "\(text.prefix(200))")
        #expect(ProfileSchema.field(at: "network.gateway.confirmTargets") != nil)
    }

    @Test("the targets reach manifest.json's health section in order; without them the section has none")
    func manifest() throws {
        let bundle = try Self.compile(
            "{gateway: {ipv4: {method: static, address: 10.0.0.14/24, gateway: 10.0.0.1}, "
                + "confirmTargets: [10.0.0.10, 172.16.5.1]}}")
        #expect(bundle.manifest.health?.confirmTargets == ["10.0.0.10", "172.16.5.1"])
        let json = String(decoding: try ManifestCoding.encode(bundle.manifest), as: UTF8.self)
        #expect(json.contains("\"confirmTargets\" : [\n      \"10.0.0.10\",\n      \"172.16.5.1\"\n    ]"), "\(json)")
        let plain = try Self.compile("{gateway: {ipv4: {method: static, address: 10.0.0.14/24, gateway: 10.0.0.1}}}")
        #expect(plain.manifest.health?.confirmTargets == nil)
        #expect(!String(decoding: try ManifestCoding.encode(plain.manifest), as: UTF8.self).contains("confirmTargets"))
    }
}
