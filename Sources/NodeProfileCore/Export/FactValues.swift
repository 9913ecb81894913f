import Foundation
import NodeProfileManifest

/// Fact values given at export time (`--fact NAME=VALUE`), for tools that cannot resolve them on the device.
public struct FactValues: Sendable {
    /// Fact name -> value, each already matched against its pattern.
    public var values: [String: String]

    /// Parses `NAME=VALUE` arguments against the manifest's facts (each value checked by `FactSpec.problem(with:)`, as
    /// the agent checks it) and its constraints (`FactConstraint`).
    public static func parse(_ arguments: [String], manifest: BundleManifest) -> Result<FactValues, ValueError> {
        var values: [String: String] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else {
                return .failure(ValueError("--fact \(argument.debugEscaped): expected NAME=VALUE"))
            }
            let name = String(argument[..<equals])
            var value = String(argument[argument.index(after: equals)...])
            guard let spec = manifest.facts.first(where: { $0.name == name }) else {
                let known = manifest.facts.map(\.name)
                return .failure(
                    ValueError(
                        "--fact \(name.debugEscaped): this bundle has no such fact; its facts: \(known.isEmpty ? "none" : known.joined(separator: ", "))"
                    ))
            }
            // A MAC as `ip link` prints it on some systems, in capitals: the same address.
            if spec.source == .interfaceMAC { value = value.lowercased() }
            switch spec.problem(with: value) {
            case .pattern(let pattern)?:
                return .failure(ValueError("--fact \(name)=\(value.debugEscaped): the value must match \(pattern)"))
            case let problem?:
                return .failure(ValueError("--fact \(name)=\(value.debugEscaped): \(problem)"))
            case nil: values[name] = value
            }
        }
        if let problem = FactConstraint.problem(manifest.constraints ?? [], values) {
            return .failure(ValueError(problem))
        }
        return .success(FactValues(values: values))
    }

    /// Fact values already checked; `parse` checks them against a manifest.
    public init(values: [String: String] = [:]) { self.values = values }

    /// The file's bytes with every placeholder filled, or the facts still missing.
    public func resolve(_ file: RenderedFile) -> Result<[UInt8], ValueError> {
        guard !file.entry.facts.isEmpty else { return .success(file.bytes) }
        let missing = file.entry.facts.filter { values[$0] == nil }
        guard missing.isEmpty else {
            return .failure(
                ValueError(
                    "\(file.path) needs fact\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")), which only the device knows: pass --fact NAME=VALUE, or ship the bundle and let nodeprofile-agent resolve it"
                ))
        }
        var text = String(decoding: file.bytes, as: UTF8.self)
        for name in file.entry.facts {
            text = text.replacingOccurrences(of: FactSpec.placeholder(name), with: values[name]!)
        }
        return .success(Array(text.utf8))
    }
}
