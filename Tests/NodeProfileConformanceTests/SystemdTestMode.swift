import Foundation
import NodeProfileTestSupport
import Testing

/// systemd's own unit loader, without a running manager: `systemd --test --system` loads a unit and its
/// drop-ins with the same parser PID 1 uses and dumps the result, including each `Environment:` entry as
/// parsed (unquoted, unescaped, specifiers resolved). It refuses to run as root, so it runs as nobody.
enum SystemdTestMode {
    /// The manager binary (PID 1 on a booted system).
    static let executable = "/lib/systemd/systemd"

    /// Installs each drop-in text as `propN.service.d/00-proxy.conf` beside a stand-in `propN.service`, loads
    /// them all through one target, and returns each unit's environment in order (nil for a unit that did not load).
    /// `systemd-analyze verify` must also accept every unit without a word on stderr.
    static func environments(_ dropIns: [String]) throws -> [[String]?] {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            Issue.record("\(executable) is missing: the systemd package provides it (make deps)")
            throw CancellationError()
        }
        let directory = try PropertyConsumers.scratch("np-systemd")
        defer { try? FileManager.default.removeItem(at: directory) }
        var units: [String] = []
        for (index, dropIn) in dropIns.enumerated() {
            let unit = "prop\(index).service"
            try PropertyConsumers.write(
                "[Unit]\nDescription=stand-in\n\n[Service]\nExecStart=/bin/true\n",
                to: directory.appendingPathComponent(unit))
            try PropertyConsumers.write(dropIn, to: directory.appendingPathComponent("\(unit).d/00-proxy.conf"))
            units.append(unit)
        }
        try PropertyConsumers.write(
            "[Unit]\nDescription=property batch\nWants=\(units.joined(separator: " "))\n",
            to: directory.appendingPathComponent("prop-batch.target"))
        let environment = ["SYSTEMD_UNIT_PATH": directory.path + ":", "SYSTEMD_LOG_LEVEL": "warning"]
        let verify = try Tool.run(
            "systemd-analyze", ["verify", "--man=no"] + units.map { directory.appendingPathComponent($0).path },
            environment: environment)
        #expect(
            verify.status == 0 && verify.stderr.isEmpty,
            "systemd-analyze verify on the proxy drop-ins:\n\(verify.stderr)")
        let run = try Tool.run(
            "setpriv",
            [
                "--reuid=65534", "--regid=65534", "--clear-groups", executable, "--test", "--system",
                "--unit=prop-batch.target", "--no-pager", "--log-target=console",
            ],
            environment: environment)
        guard run.status == 0 else {
            Issue.record("systemd --test failed (\(run.status)): \(run.stderr)")
            return []
        }
        return parse(run.stdout, units: units)
    }

    /// The `Environment:` lines of each unit's block in the dump.
    static func parse(_ dump: String, units: [String]) -> [[String]?] {
        var found: [String: [String]] = [:]
        var current: String?
        for line in dump.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("\t-> Unit ") {
                let name = String(line.dropFirst("\t-> Unit ".count).dropLast())
                current = units.contains(name) ? name : nil
                if let current { found[current] = [] }
            } else if let unit = current, line.hasPrefix("\t\tEnvironment: ") {
                found[unit]!.append(String(line.dropFirst("\t\tEnvironment: ".count)))
            }
        }
        return units.map { found[$0] }
    }
}

/// systemd's environment-file parser, without a running manager: the user environment generator reads
/// `$XDG_CONFIG_HOME/environment.d/*.conf` with the same parser `EnvironmentFile=` uses and prints the result. It
/// also expands `$VAR`, which `EnvironmentFile=` does not: values holding `$` are checked by `EscapingTests`.
enum SystemdEnvironmentFile {
    static let generator = "/usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator"

    /// Each file's assignments as systemd reads them (`NAME=value`), restricted to `names`; nil when the parser failed.
    static func parse(_ files: [String], names: Set<String>) throws -> [[String]?] {
        guard FileManager.default.isExecutableFile(atPath: generator) else {
            Issue.record("\(generator) is missing: the systemd package provides it (make deps)")
            throw CancellationError()
        }
        let directory = try PropertyConsumers.scratch("np-envfile")
        defer { try? FileManager.default.removeItem(at: directory) }
        return try files.map { text in
            try PropertyConsumers.write(text, to: directory.appendingPathComponent("environment.d/00-proxy.conf"))
            let run = try Tool.run(
                "setpriv",
                [
                    "--reuid=65534", "--regid=65534", "--clear-groups", "env", "-i",
                    "XDG_CONFIG_HOME=\(directory.path)", generator,
                ])
            guard run.status == 0 else { return nil }
            return run.stdout.split(separator: "\n").compactMap { line -> String? in
                guard let equals = line.firstIndex(of: "="), names.contains(String(line[..<equals])) else { return nil }
                return String(line[..<equals]) + "=" + unquoted(String(line[line.index(after: equals)...]))
            }
        }
    }

    /// The generator prints a value with shell metacharacters in double quotes, backslash-escaping `"\`$`.
    static func unquoted(_ value: String) -> String {
        guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { return value }
        var out = ""
        var escaped = false
        for character in value.dropFirst().dropLast() {
            if !escaped && character == "\\" {
                escaped = true
                continue
            }
            out.append(character)
            escaped = false
        }
        return out
    }
}
