import Foundation
import Testing

/// The fields that reach NetworkManager keyfiles, nftables rules and systemd proxy drop-ins.
extension HostileStringPropertyTests {
    /// The gateway NIC in declarative mode (a fixed MTU, so the NIC keyfiles hold no MTU fact).
    static let nicField = StringField(
        path: "network.gateway.interface",
        yaml: named + "network:\n  gateway:\n    interface: ⟪V⟫\n    mtu: 1500\n")

    @Test("gateway interface (declarative): refused, or read back exactly by nmcli --offline from both NIC keyfiles")
    func keyfiles() throws {
        let accepted = HostileCompile.sort(HostileStrings.values(count: Self.count, salt: 300), into: Self.nicField)
        #expect(!accepted.isEmpty, "no hostile interface name was accepted: the round trip was never exercised")
        for (value, files, _) in accepted {
            for role in ["ovs-port-phys0", "ovs-if-phys0"] {
                let keyfile = try #require(files["/etc/NetworkManager/system-connections/\(role).nmconnection"])
                let read = try PropertyConsumers.keyfileInterfaceName(keyfile)
                #expect(
                    read == value,
                    failing(
                        Self.nicField, value,
                        "nmcli --offline read interface-name \(read.map(HostileStrings.shown) ?? "nothing") from \(role)"
                    ))
            }
        }
    }

    /// The interface of a NodePort block.
    static let blockField = StringField(
        path: "firewall.blockNodePorts[0].interface",
        yaml: named + "firewall:\n  blockNodePorts:\n    - port: 30700\n      interface: ⟪V⟫\n")

    @Test("NodePort block interface: refused, or matched exactly by the rule nft loads (nft -j list)")
    func nftables() throws {
        let accepted = HostileCompile.sort(HostileStrings.values(count: Self.count, salt: 400), into: Self.blockField)
        #expect(!accepted.isEmpty, "no hostile interface name was accepted: the round trip was never exercised")
        // One profile with every accepted name, one block each, so nft loads them all at once.
        let items = accepted.enumerated().map { index, entry in
            "    - port: \(30000 + index)\n      interface: \(HostileStrings.yamlQuoted(entry.value))\n"
        }
        let batch = Self.named + "firewall:\n  blockNodePorts:\n" + items.joined()
        guard case .accepted(let files, _) = HostileCompile.run(batch) else {
            Issue.record("seed \(HostileStrings.seed): the names accepted one by one are refused together")
            return
        }
        let directory = try PropertyConsumers.scratch("np-nft")
        defer { try? FileManager.default.removeItem(at: directory) }
        let names = try PropertyConsumers.nftInterfaceNames(
            try #require(files["/etc/nodeprofile/nodeprofile.nft"]), in: directory)
        for (index, entry) in accepted.enumerated() {
            let read = names["firewall.blockNodePorts[\(index)]"]
            #expect(
                read == entry.value,
                failing(
                    Self.blockField, entry.value,
                    "nft -j list shows iifname \(read.map(HostileStrings.shown) ?? "nothing")"))
        }
    }

    /// A proxy for CRI-O only, with a known node IP so the drop-in holds no fact placeholder.
    static let proxyHead = named + "node:\n  nodeIP: 10.20.30.40\nproxy:\n  services: [crio]\n"

    /// Proxy fields, with the environment variable that must carry the value and how to find it there.
    nonisolated(unsafe) static let proxyFields: [(StringField, String, (String) -> String?, (String) -> String)] = [
        (StringField(path: "proxy.http", yaml: proxyHead + "  http: ⟪V⟫\n"), "HTTP_PROXY", { $0 }, normalizedURL),
        (StringField(path: "proxy.https", yaml: proxyHead + "  https: ⟪V⟫\n"), "HTTPS_PROXY", { $0 }, normalizedURL),
        (
            StringField(
                path: "proxy.noProxy[0]", yaml: proxyHead + "  http: http://proxy.example.com:3128\n  noProxy: [⟪V⟫]\n"),
            "NO_PROXY", { $0.split(separator: ",").last.map(String.init) }, { $0 }
        ),
        (
            StringField(
                path: "proxy.username",
                yaml: proxyHead + "  http: http://proxy.example.com:3128\n  username: ⟪V⟫\n  passwordFile: password\n"),
            "HTTP_PROXY", { userInfo($0)?.user }, { $0 }
        ),
    ]

    /// The URL as the drop-in must hold it: scheme in lower case, one trailing slash.
    static func normalizedURL(_ text: String) -> String {
        let parts = text.components(separatedBy: "://")
        let rest = parts.dropFirst().joined(separator: "://")
        return parts[0].lowercased() + "://" + (rest.hasSuffix("/") ? String(rest.dropLast()) : rest) + "/"
    }

    /// User and password of a URL, percent-decoded as an HTTP client would.
    static func userInfo(_ url: String) -> (user: String?, password: String?)? {
        guard let start = url.range(of: "://"), let at = url.range(of: "@") else { return nil }
        let info = url[start.upperBound..<at.lowerBound].split(
            separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        return (
            info.first.flatMap { percentDecoded(String($0)) },
            info.dropFirst().first.flatMap { percentDecoded(String($0)) }
        )
    }

    /// RFC 3986 percent-decoding to bytes, then UTF-8 (Foundation's removingPercentEncoding drops a leading U+FEFF).
    static func percentDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var rest = Substring(text).utf8[...]
        while let byte = rest.first {
            rest = rest.dropFirst()
            if byte == UInt8(ascii: "%") {
                guard rest.count >= 2, let value = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
                rest = rest.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    @Test("proxy URLs, noProxy entries and user name: refused, or the value systemd's environment-file parser reads")
    func proxy() throws {
        var cases: [(StringField, String, String, String)] = [] // field, value, variable, expected
        var dropIns: [String] = []
        for (index, (field, variable, _, expected)) in Self.proxyFields.enumerated() {
            for (value, files, _) in HostileCompile.sort(
                HostileStrings.values(count: Self.count, salt: 500 + UInt64(index)), into: field)
            {
                cases.append((field, value, variable, expected(value)))
                dropIns.append(files["/etc/nodeprofile/proxy/crio.env"] ?? "")
            }
        }
        let passwords = HostileStrings.values(count: Self.count, salt: 600)
        let passwordField = StringField(
            path: "proxy.passwordFile (its content)",
            yaml: Self.proxyFields[3].0.yaml.replacingOccurrences(of: "⟪V⟫", with: "proxy-user"))
        var passwordCases: [(String, Int)] = []
        for password in passwords {
            guard
                case .accepted(let files, _) = HostileCompile.run(
                    passwordField.yaml, resources: ["password": Array(password.utf8)])
            else { continue }
            passwordCases.append((password, dropIns.count))
            dropIns.append(files["/etc/nodeprofile/proxy/crio.env"] ?? "")
        }
        #expect(
            !passwordCases.isEmpty && cases.contains { $0.0.path == "proxy.username" },
            "the user name and password round trips were never exercised")
        let names: Set<String> = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"]
        let environments = try SystemdEnvironmentFile.parse(dropIns, names: names)
        for (index, (field, value, variable, expected)) in cases.enumerated() {
            let environment = environments[index] ?? []
            let read = environment.first { $0.hasPrefix(variable + "=") }.map {
                String($0.dropFirst(variable.count + 1))
            }
            let extracted = read.flatMap(Self.proxyFields.first { $0.0.path == field.path }!.2)
            #expect(
                extracted == expected, failing(field, value, "systemd parsed \(environment.map(HostileStrings.shown))"))
            #expect(
                environment.contains {
                    $0.hasPrefix(variable.lowercased() + "=") && $0.dropFirst(variable.count + 1) == read ?? ""
                },
                failing(
                    field, value,
                    "the lower-case \(variable.lowercased()) differs: \(environment.map(HostileStrings.shown))"))
        }
        for (password, index) in passwordCases {
            let read = (environments[index] ?? []).first { $0.hasPrefix("HTTP_PROXY=") }.flatMap {
                Self.userInfo(String($0.dropFirst(11)))
            }
            #expect(
                read?.password == password.replacingOccurrences(of: "\r", with: "").trimmingSuffix("\n"),
                failing(
                    passwordField, password,
                    "systemd parsed the password as \(read?.password.map(HostileStrings.shown) ?? "nothing")"))
        }
    }
}

extension String {
    /// The string without one trailing `suffix`.
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
