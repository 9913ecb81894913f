import Foundation
import NodeProfileCore
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// A profile compiled in process, its files laid out as a device root, and the checks that the targeted MicroShift's
/// readers take from those files exactly what the profile says.
struct ReaderCase {
    let profile: Profile
    let root: URL
    let files: [String: String]

    /// Compiles `text`; on refusal returns the error diagnostics instead.
    static func compile(_ text: String, resources: any ResourceReader = InMemoryResources([:])) throws -> Result<
        ReaderCase, CompileRefusal
    > {
        let compiler = ProfileCompiler(templates: HostileCompile.templates, generator: "nodeprofile reader test")
        let result = compiler.compile(.bytes(Array(text.utf8), file: "reader.yaml"), resources: resources)
        guard let profile = result.profile, let bundle = result.bundle else {
            return .failure(CompileRefusal(diagnostics: result.diagnostics.filter { $0.severity == .error }))
        }
        return .success(try lay(profile, bundle))
    }

    /// A compiled bundle's files in a scratch device root, facts filled in with sample values as the agent would.
    static func lay(_ profile: Profile, _ bundle: CompiledBundle) throws -> ReaderCase {
        let root = try PropertyConsumers.scratch("np-readers")
        var files: [String: String] = [:]
        for file in bundle.files {
            var text = String(decoding: file.bytes, as: UTF8.self)
            for (name, value) in BuiltBundle.sampleFacts {
                text = text.replacingOccurrences(of: FactSpec.placeholder(name), with: value)
            }
            try PropertyConsumers.write(text, to: root.appendingPathComponent(String(file.path.dropFirst())))
            files[file.path] = text
        }
        return ReaderCase(profile: profile, root: root, files: files)
    }

    /// Why a profile was refused.
    struct CompileRefusal: Error, CustomStringConvertible {
        var diagnostics: [Diagnostic]
        var description: String { diagnostics.map { "\($0.path ?? "-"): \($0.message)" }.joined(separator: "\n") }
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(String(path.dropFirst())) }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Copies the generated files directly under the device directory `prefix` into `directory`, by file name.
    func copyFiles(under prefix: String, into directory: URL) throws {
        for (path, text) in files where path.hasPrefix(prefix) && !path.dropFirst(prefix.count).contains("/") {
            try PropertyConsumers.write(
                text, to: directory.appendingPathComponent((path as NSString).lastPathComponent))
        }
    }

    /// What the targeted MicroShift (and 4.13's configure-ovs.sh) must read from its configuration files and
    /// ovn.yaml for this profile; the ovn.yaml keys a release does not read are not expected.
    var expectedMicroShiftView: [String: String] {
        let network = profile.network
        let release = MicroShiftRelease.named(profile.microshift)
        let microshiftMode = network.gateway.mode == .microshift
        var view = [
            "clusterCIDR": network.clusterNetwork.description,
            "serviceCIDR": network.serviceNetwork.description,
            "serviceNodePortRange": network.serviceNodePortRange.description,
            "hostnameOverride": profile.node.hostname ?? "",
            "nodeIP": profile.node.nodeIP?.description ?? "",
            "apiServiceAddress": release.apiServiceAddress(network.serviceNetwork)?.description ?? "none",
            "clusterDNS": release.clusterDNS(network.serviceNetwork)?.description ?? "none",
            "disableOVSInit": microshiftMode ? "false" : "true",
            "gatewayInterface": microshiftMode ? network.gateway.interface ?? "" : "",
            "mtu": String(network.mtu ?? 0),
        ]
        if !release.ovnKeys.contains("ovsInit.disableOVSInit") { view["disableOVSInit"] = nil }
        if !release.ovnKeys.contains("ovsInit.gatewayInterface") { view["gatewayInterface"] = nil }
        return view
    }

    /// Runs MicroShift's decoder and configure-ovs's awk line on the files and records every difference from the
    /// profile (`context` names the case in failures).
    func checkMicroShiftReaders(_ context: String) throws {
        let expected = expectedMicroShiftView
        let release = MicroShiftRelease.named(profile.microshift)
        switch try DeviceReaders.microshift(release: release.version, root: root) {
        case .failure(let error):
            Issue.record(
                "\(context): MicroShift \(release.version) would refuse to start: \(error)\n\(files[release.ownPaths.config] ?? "")"
            )
        case .success(let view):
            for (key, value) in expected {
                let read =
                    key == "disableOVSInit"
                    ? (view[key] as? Bool).map { $0 ? "true" : "false" } ?? "absent"
                    : view[key].map { "\($0)" } ?? "absent"
                #expect(read == value, "\(context): MicroShift reads \(key) as \(read), the profile means \(value)")
            }
            #expect(
                (view["unknownKeys"] as? [Any])?.isEmpty == true,
                "\(context): keys MicroShift \(release.version) ignores: \(view["unknownKeys"] ?? "")")
            // Ours is read from the release's own place, and from 4.18 config.yaml stays the user's.
            let read = view["configFiles"] as? [String] ?? []
            #expect(
                files[release.ownPaths.config] == nil || read.contains(release.ownPaths.config),
                "\(context): MicroShift \(release.version) read \(read), not \(release.ownPaths.config)")
            if release.readsConfigDropIns { #expect(files["/etc/microshift/config.yaml"] == nil, "\(context)") }
        }
        guard release.ovnKeys.contains("ovsInit.disableOVSInit") else { return }
        let ovn = url("/etc/microshift/ovn.yaml")
        for key in ["disableOVSInit", "gatewayInterface"] {
            let read = try DeviceReaders.configureOVS(key, ovnYAML: ovn)
            #expect(
                read == expected[key],
                "\(context): configure-ovs.sh reads \(key) as '\(read)', the profile means '\(expected[key] ?? "")'")
        }
    }
}
