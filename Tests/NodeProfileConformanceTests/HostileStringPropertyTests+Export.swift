import Foundation
import NodeProfileTestSupport
import Testing

/// The osbuild blueprint export carries every file as a TOML string: the same accepted hostile values, read
/// back by Python's tomllib, must give each file byte for byte.
extension HostileStringPropertyTests {
    /// Fields whose values reach files the export carries.
    static var exportedFields: [StringField] {
        [nicField, blockField] + proxyFields.map(\.0) + yamlFields.map(\.0)
    }

    @Test("every accepted value survives the osbuild blueprint export, read by tomllib")
    func blueprintExport() throws {
        var exports: [(StringField, String, String, [String: String])] = [] // field, value, TOML, expected files
        for (index, field) in Self.exportedFields.enumerated() {
            for (value, _, _) in HostileCompile.sort(
                HostileStrings.values(count: Self.count / 2, salt: 700 + UInt64(index)), into: field)
            {
                let text = field.profile(value).text
                guard let export = HostileCompile.blueprint(text, resources: field.resources) else {
                    Issue.record(failing(field, value, "the profile compiles, but its blueprint export fails"))
                    continue
                }
                exports.append((field, value, export.toml, export.files))
            }
        }
        #expect(exports.count > 20, "too few accepted values reached the export to say anything")
        let directory = try PropertyConsumers.scratch("np-toml")
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for (index, export) in exports.enumerated() {
            let url = directory.appendingPathComponent("b\(index).toml")
            try PropertyConsumers.write(export.2, to: url)
            paths.append(url.path)
        }
        let script = """
            import json, sys, tomllib
            out = []
            for p in sys.argv[1:]:
                with open(p, "rb") as f:
                    out.append({e["path"]: e["data"] for e in tomllib.load(f)["customizations"]["files"]})
            print(json.dumps(out))
            """
        let run = try Tool.run("python3", ["-c", script] + paths)
        let parsed = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: String]]
        #expect(run.status == 0 && parsed?.count == exports.count, "tomllib could not read every export: \(run.stderr)")
        for (export, files) in zip(exports, parsed ?? []) {
            #expect(
                files == export.3,
                failing(
                    export.0, export.1,
                    "tomllib read different files: \(files.filter { export.3[$0.key] != $0.value }.keys.sorted())"))
        }
    }
}
