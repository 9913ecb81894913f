import NodeProfileManifest

/// `[Service] CPUAffinity=` for ovs-vswitchd or ovsdb-server, in a drop-in of nodeprofile's own that sorts after the
/// vendor's microshift-cpuaffinity.conf and resets the list first (systemd merges CPUAffinity= lines otherwise).
struct CPUAffinityDropIn: Artifact {
    var service: String
    var cpus: CPUList
    var fileName: String

    var path: String { "/etc/systemd/system/\(service).d/\(fileName)" }
    var template: String { "systemd/cpuaffinity.conf" }
    var provenance: [ProfilePath] { ["ovs.cpuAffinity"] }
    var actions: [Action] { [Action(.daemonReload), Action(.restart, service)] }
    func context(_ common: CommonContext) -> TemplateContext {
        common.with(["cpus": .text(Escape.systemdValue(cpus.description))])
    }
}

/// A drop-in that reads nodeprofile's OVS environment file after the vendor's, so memory locking is set
/// without editing /etc/sysconfig/openvswitch.
struct OVSMemoryLockDropIn: Artifact {
    static let environmentFile = "/etc/nodeprofile/ovs-vswitchd.env"

    var path: String { "/etc/systemd/system/ovs-vswitchd.service.d/nodeprofile-memorylock.conf" }
    var template: String { "systemd/ovs-memorylock.conf" }
    var provenance: [ProfilePath] { ["ovs.memoryLock"] }
    var actions: [Action] { [Action(.daemonReload), Action(.restart, "ovs-vswitchd.service")] }
    func context(_ common: CommonContext) -> TemplateContext {
        common.with(["environmentFile": .text(Escape.systemdValue(Self.environmentFile))])
    }
}

/// The environment file itself: `OPTIONS="--no-mlockall"` unless memory locking is wanted.
struct OVSEnvironmentFile: Artifact {
    var memoryLock: Bool

    var path: String { OVSMemoryLockDropIn.environmentFile }
    var template: String { "ovs/ovs-vswitchd.env" }
    var provenance: [ProfilePath] { ["ovs.memoryLock"] }
    var actions: [Action] { [Action(.restart, "ovs-vswitchd.service")] }
    func context(_ common: CommonContext) -> TemplateContext {
        common.with(["options": .text(memoryLock ? "\"\"" : "\"--no-mlockall\"")])
    }
}

/// `[Service] EnvironmentFile=` naming the proxy variables' file for CRI-O or rpm-ostreed. It holds no secret:
/// `Environment=` values are shown to any local user by `systemctl show`, an environment file's are not.
struct ProxyDropIn: Artifact {
    var service: ProxyService
    var provenance: [ProfilePath]

    var unit: String { "\(service.rawValue).service" }
    var path: String { "/etc/systemd/system/\(unit).d/00-proxy.conf" }
    var template: String { "systemd/proxy.conf" }
    var actions: [Action] { [Action(.daemonReload), Action(.restart, unit)] }

    func context(_ common: CommonContext) -> TemplateContext {
        common.with(["environmentFile": .text(Escape.systemdValue(ProxyEnvironmentFile.path(for: service)))])
    }
}

/// The proxy variables for one service, read by systemd through `EnvironmentFile=`; 0600 and secret when they hold
/// the password, which then carries the key of its keyed digest (`KeyedDigest`) on a comment line.
struct ProxyEnvironmentFile: Artifact {
    var service: ProxyService
    var http: ProxyURL?
    var https: ProxyURL?
    var username: String?
    /// Stays a `Secret` until `variables` writes it into the URLs, when the file is rendered.
    var password: Secret?
    var noProxy: [String]
    var provenance: [ProfilePath]
    var facts: [String]

    static func path(for service: ProxyService) -> String { "/etc/nodeprofile/proxy/\(service.rawValue).env" }

    var unit: String { "\(service.rawValue).service" }
    var path: String { Self.path(for: service) }
    var mode: Int { 0o600 }
    var secret: Bool { password != nil }
    var template: String { "systemd/proxy.env" }
    var actions: [Action] { [Action(.restart, unit)] }

    /// The URL a service sees, with user and password percent-encoded into it: the one place the password is
    /// written out.
    static func proxyURL(_ url: ProxyURL, username: String?, password: Secret?) -> String {
        var userInfo = ""
        if let username {
            userInfo =
                Escape.urlUserInfo(username) + (password.map { ":" + Escape.urlUserInfo($0.revealed()) } ?? "") + "@"
        }
        return "\(url.scheme)://\(userInfo)\(url.host)" + (url.port.map { ":\($0)" } ?? "") + "/"
    }

    /// The variables in order; both spellings, since curl reads only the lower-case http_proxy and Go reads either.
    var variables: [(String, String)] {
        var out: [(String, String)] = []
        let httpProxy = http.map { Self.proxyURL($0, username: username, password: password) }
        let httpsProxy = https.map { Self.proxyURL($0, username: username, password: password) }
        if let httpProxy { out += [("HTTP_PROXY", httpProxy), ("http_proxy", httpProxy)] }
        if let httpsProxy { out += [("HTTPS_PROXY", httpsProxy), ("https_proxy", httpsProxy)] }
        let joined = noProxy.joined(separator: ",")
        out += [("NO_PROXY", joined), ("no_proxy", joined)]
        return out
    }

    func context(_ common: CommonContext) -> TemplateContext {
        common.with([
            "variables": .list(
                variables.map { TemplateContext(["assignment": .text(Escape.environmentFileAssignment($0.0, $0.1))]) })
        ])
    }
}

/// The unit that runs the OVS init script before MicroShift.
struct OVSInitUnit: Artifact {
    var gatewayMode: GatewayMode
    /// True from MicroShift 4.14: microshift-ovs-init.service runs in every mode, and ours must come after it (it sets
    /// the thread limits to 1 and builds br-ex).
    var bridgeOwnedByMicroShift = false

    var path: String { "/etc/systemd/system/nodeprofile-ovs-init.service" }
    var template: String { "systemd/nodeprofile-ovs-init.service" }
    var provenance: [ProfilePath] { ["network.gateway.mode"] }
    var actions: [Action] { [Action(.daemonReload), Action(.ovsSettings)] }
    func context(_ common: CommonContext) -> TemplateContext {
        common.with([
            "mode": .text(gatewayMode.rawValue),
            "afterMicroShiftOVSInit": .flag(gatewayMode == .microshift || bridgeOwnedByMicroShift),
            "script": .text(Escape.systemdValue(OVSInitScript.scriptPath)),
        ])
    }
}

/// A drop-in that makes microshift.service pull in and wait for nodeprofile's units.
struct MicroShiftDropIn: Artifact {
    var units: [String]
    var firewall: Bool

    var path: String { "/etc/systemd/system/microshift.service.d/10-nodeprofile.conf" }
    var template: String { "systemd/microshift-nodeprofile.conf" }
    var provenance: [ProfilePath] { ["network.gateway.mode"] + (firewall ? ["firewall.blockNodePorts"] : []) }
    var actions: [Action] { [Action(.daemonReload)] }
    func context(_ common: CommonContext) -> TemplateContext {
        common.with(["units": .text(Escape.systemdValue(units.joined(separator: " "))), "firewall": .flag(firewall)])
    }
}

/// The agent's own unit, installed by the package under /usr, ordered before NetworkManager and MicroShift.
struct AgentUnit: Artifact {
    var path: String { "/usr/lib/systemd/system/nodeprofile-agent.service" }
    var template: String { "systemd/nodeprofile-agent.service" }
    var provenance: [ProfilePath] { [] }
    var actions: [Action] { [] }
    var appliedBy: AppliedBy { .package }
    func context(_ common: CommonContext) -> TemplateContext { common.with([:]) }
}
