import Foundation
import NodeProfileTestSupport
import Testing

/// The programs that read generated files on a MicroShift 4.13 device, or their exact rules, run here:
/// MicroShift's own YAML decoding (Tests/readers, Go with the libraries and versions 4.13 vendors), the awk line of
/// configure-ovs.sh, CRI-O's drop-in merge, systemd's unit loader and NetworkManager's configuration merge.
enum DeviceReaders {
    /// The Go reader, built once per test run into .build/readers (Debian's golang-go and -dev packages, GOPATH mode).
    static let readerBinary: Result<String, ReaderError> = {
        let repository = BuiltBinary.repository
        let output = repository.appendingPathComponent(".build/readers/readers").path
        guard
            let go = ["/usr/bin/go", "/usr/lib/go/bin/go"].first(where: FileManager.default.isExecutableFile(atPath:))
        else {
            return .failure(
                ReaderError(
                    "go is not installed: `make deps` installs golang-go and the Go libraries MicroShift 4.13 uses"))
        }
        let build = try? BuiltBinary.execute(
            go, ["build", "-o", output, "./Tests/readers/"],
            environment: [
                "GO111MODULE": "off", "GOPATH": "/usr/share/gocode",
                "GOCACHE": repository.appendingPathComponent(".build/go-cache").path, "HOME": NSTemporaryDirectory(),
            ])
        guard let build, build.status == 0 else {
            return .failure(ReaderError("go build ./Tests/readers failed: \(build?.stderr ?? "could not run go")"))
        }
        return .success(output)
    }()

    /// Why a reader could not run.
    struct ReaderError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func reader() throws -> String {
        switch readerBinary {
        case .success(let path): return path
        case .failure(let error):
            Issue.record("\(error)")
            throw error
        }
    }

    /// config.yaml and ovn.yaml under `root` as MicroShift 4.13 decodes them, with its defaults and derived values
    /// (a JSON object), or the error MicroShift would stop with.
    static func microshift(root: URL) throws -> Result<[String: Any], ReaderError> {
        let run = try BuiltBinary.execute(try reader(), ["microshift", root.path])
        guard run.status == 0 else { return .failure(ReaderError(run.stderr)) }
        return .success(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:])
    }

    /// The files under `root` as MicroShift `release` reads them: config.yaml (and from 4.18 config.d, merged) and
    /// ovn.yaml, with that release's decoding, defaults and derived values, or the error it would stop with.
    static func microshift(release: String, root: URL) throws -> Result<[String: Any], ReaderError> {
        let run = try BuiltBinary.execute(try reader(), ["microshift-release", release, root.path])
        guard run.status == 0 else { return .failure(ReaderError(run.stderr)) }
        return .success(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:])
    }

    /// Every file of a crio.conf.d directory decoded in name order as CRI-O 1.26 does; the `crio` table's effective view.
    static func crio(directory: URL) throws -> Result<[String: Any], ReaderError> {
        let run = try BuiltBinary.execute(try reader(), ["crio", directory.path])
        guard run.status == 0 else { return .failure(ReaderError(run.stderr)) }
        return .success(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:])
    }

    /// Kubernetes manifests decoded into the API's types (sigs.k8s.io/yaml), one JSON object per document.
    static func manifests(_ files: [URL]) throws -> Result<[[String: Any]], ReaderError> {
        let run = try BuiltBinary.execute(try reader(), ["manifests"] + files.map(\.path))
        guard run.status == 0 else { return .failure(ReaderError(run.stderr)) }
        return .success(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]] ?? [])
    }

    /// What MicroShift 4.13's configure-ovs.sh reads for `key` from an ovn.yaml: its `get_cni_config` line, literally.
    static func configureOVS(_ key: String, ovnYAML: URL) throws -> String {
        let script = #"""
            MICROSHIFT_OVN_CONFIG_FILE_PATH="$1"
            get_cni_config() {
                ovnkey=$1
                echo "$(cat "$MICROSHIFT_OVN_CONFIG_FILE_PATH" | awk "/$ovnkey:/ && ! /#.*$ovnkey:/ {print \$2}")"
            }
            get_cni_config "$2"
            """#
        let run = try Tool.run("bash", ["-c", script, "configure-ovs", ovnYAML.path, key])
        #expect(run.status == 0, "configure-ovs's awk line failed: \(run.stderr)")
        return run.stdout.hasSuffix("\n") ? String(run.stdout.dropLast()) : run.stdout
    }

    /// NetworkManager's merged configuration (`NetworkManager --print-config`) for a conf.d directory.
    static func networkManagerConfig(confDirectory: URL) throws -> String {
        let main = confDirectory.deletingLastPathComponent().appendingPathComponent("NetworkManager.conf")
        try Data().write(to: main)
        let run = try Tool.run(
            "NetworkManager",
            [
                "--print-config", "--config=\(main.path)", "--config-dir=\(confDirectory.path)",
                "--system-config-dir=\(confDirectory.path)-none",
            ])
        #expect(run.status == 0, "NetworkManager --print-config failed: \(run.stderr)")
        return run.stdout
    }

    /// systemd's own loader (`systemd --test --system`, as nobody) on the units in `directory`: for each unit, the
    /// dumped lines of each property asked for, in order (`CPUAffinity`, `EnvironmentFile`, `DropIn Path`, ...).
    static func systemdProperties(directory: URL, units: [String], properties: [String]) throws -> [String: [String:
        [String]]]
    {
        try PropertyConsumers.write(
            "[Unit]\nDescription=reader batch\nWants=\(units.joined(separator: " "))\n",
            to: directory.appendingPathComponent("reader-batch.target"))
        let run = try Tool.run(
            "setpriv",
            [
                "--reuid=65534", "--regid=65534", "--clear-groups", SystemdTestMode.executable, "--test",
                "--system", "--unit=reader-batch.target", "--no-pager", "--log-target=console",
            ],
            environment: ["SYSTEMD_UNIT_PATH": directory.path + ":", "SYSTEMD_LOG_LEVEL": "warning"])
        #expect(run.status == 0, "systemd --test failed (\(run.status)): \(run.stderr)")
        var found: [String: [String: [String]]] = [:]
        var current: String?
        for line in run.stdout.split(separator: "\n") {
            if line.hasPrefix("\t-> Unit ") {
                let name = String(line.dropFirst("\t-> Unit ".count).dropLast())
                current = units.contains(name) ? name : nil
            } else if let unit = current, line.hasPrefix("\t\t"), let colon = line.firstIndex(of: ":") {
                let key = String(line.dropFirst(2)[..<colon])
                guard properties.contains(key) else { continue }
                let value = line[line.index(after: colon)...].drop(while: { $0 == " " })
                found[unit, default: [:]][key, default: []].append(String(value))
            }
        }
        return found
    }
}
