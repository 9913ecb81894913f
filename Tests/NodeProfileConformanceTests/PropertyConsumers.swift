import Foundation
import NodeProfileTestSupport
import Testing

/// The real programs that read generated files, driven in batches for the hostile-string property tests.
/// Each returns what the program itself parsed, so a test compares that with the profile value.
enum PropertyConsumers {
    /// A fresh scratch directory, readable by everyone (systemd's test mode runs as nobody).
    static func scratch(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        return url
    }

    /// Writes `text` to `url`, creating its directory.
    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755])
        try Data(text.utf8).write(to: url)
    }

    /// `rpmspec -q` on one spec: NAME, VERSION, RELEASE and DESCRIPTION as RPM parsed them.
    static func rpmFields(_ spec: String, in directory: URL) throws -> [String]? {
        let url = directory.appendingPathComponent("p.spec")
        try write(spec, to: url)
        let run = try Tool.run(
            "rpmspec",
            ["-q", "--srpm", "--qf", "%{NAME}\u{1F}%{VERSION}\u{1F}%{RELEASE}\u{1F}%{DESCRIPTION}", url.path])
        guard run.status == 0, run.stderr.isEmpty else {
            Issue.record("rpmspec -q refused a spec nodeprofile wrote (\(run.status)): \(run.stderr)\n\(spec)")
            return nil
        }
        // The unit separator cannot come from a profile: validation refuses control characters.
        let fields = run.stdout.components(separatedBy: "\u{1F}")
        guard fields.count == 4 else {
            Issue.record("rpmspec -q printed \(fields.count) fields, not 4: \(run.stdout)")
            return nil
        }
        return fields
    }

    /// Every YAML file parsed by PyYAML (the reader MicroShift's own tooling tests use): one JSON value per file,
    /// each the list of its documents.
    static func yamlDocuments(_ texts: [String], in directory: URL) throws -> [Any] {
        var paths: [String] = []
        for (index, text) in texts.enumerated() {
            let url = directory.appendingPathComponent("y\(index).yaml")
            try write(text, to: url)
            paths.append(url.path)
        }
        let script =
            "import json, sys, yaml\nprint(json.dumps([list(yaml.safe_load_all(open(p, encoding='utf-8'))) for p in sys.argv[1:]]))"
        let run = try Tool.run("python3", ["-c", script] + paths)
        guard run.status == 0, let parsed = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [Any]
        else {
            Issue.record("PyYAML could not read the generated YAML: \(run.stderr)")
            return []
        }
        return parsed
    }

    /// `interface-name` of a keyfile as `nmcli --offline` reads it, unescaped from the key file it prints back.
    static func keyfileInterfaceName(_ keyfile: String) throws -> String? {
        let id = KeyfileConformanceTests.properties(keyfile)["connection"]?["id"] ?? "x"
        let run = try Tool.run("nmcli", ["--offline", "connection", "modify", "connection.id", id], stdin: keyfile)
        guard run.status == 0 else { return "nmcli refused it: \(run.stderr)" }
        guard let raw = KeyfileConformanceTests.properties(run.stdout)["connection"]?["interface-name"] else {
            return nil
        }
        return glibKeyfileUnescape(raw)
    }

    /// GLib's key-file string unescaping (g_key_file_get_string): `\s \n \t \r \\`.
    static func glibKeyfileUnescape(_ raw: String) -> String {
        var out = ""
        var escaping = false
        for character in raw {
            if escaping {
                switch character {
                case "s": out += " "
                case "n": out += "\n"
                case "t": out += "\t"
                case "r": out += "\r"
                default: out.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// Loads an nft file in a fresh namespace and returns, per rule comment, the `iifname` it matches (`nft -j list`).
    static func nftInterfaceNames(_ rules: String, in directory: URL) throws -> [String: String] {
        let url = directory.appendingPathComponent("rules.nft")
        try write(rules, to: url)
        let namespace = try NetworkNamespace("np-prop-")
        let load = try namespace.run("nft", ["-f", url.path])
        guard load.status == 0 else {
            Issue.record("nft refused the generated rules: \(load.stderr)")
            return [:]
        }
        let listed = try namespace.run("nft", ["-j", "list", "table", "inet", "nodeprofile"])
        let json = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any]
        var names: [String: String] = [:]
        for item in json?["nftables"] as? [[String: Any]] ?? [] {
            guard let rule = item["rule"] as? [String: Any], let comment = rule["comment"] as? String else { continue }
            for expression in rule["expr"] as? [[String: Any]] ?? [] {
                guard let match = expression["match"] as? [String: Any], let left = match["left"] as? [String: Any],
                    (left["meta"] as? [String: Any])?["key"] as? String == "iifname"
                else { continue }
                names[comment] = match["right"] as? String
            }
        }
        return names
    }
}
