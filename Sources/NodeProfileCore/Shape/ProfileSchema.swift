import NodeProfileManifest

/// The node profile language v1 (PROFILE.md) as a `Shape`: every key, its type, default and meaning.
public enum ProfileSchema {
    /// The only apiVersion this build reads.
    public static let apiVersion = "nodeprofile/v1"

    /// The root of a `kind: NodeProfile` document.
    public static let root = ObjectShape([
        Field(
            "apiVersion", .choice([apiVersion]), "Version of the profile language; only nodeprofile/v1 exists.",
            required: true),
        Field("kind", .choice(["NodeProfile"]), "What this document describes.", required: true),
        Field("metadata", .object(metadata), "Names the profile and its package.", required: true),
        Field("target", .object(target), "Which MicroShift release the profile is compiled for."),
        Field("node", .object(node), "MicroShift node identity (config.yaml node section)."),
        Field("network", .object(network), "Cluster networks, pod MTU, IP forwarding and the br-ex gateway."),
        Field("ovs", .object(ovs), "Open vSwitch CPU affinity, memory locking and thread limits."),
        Field("crio", .object(crio), "CRI-O's management workload partition."),
        Field("proxy", .object(proxy), "HTTP(S) proxy for CRI-O and rpm-ostreed; absent means no proxy files."),
        Field("firewall", .object(firewall), "nftables rules owned by nodeprofile."),
        Field(
            "loadBalancers", .list(.object(loadBalancer)),
            "LoadBalancer Services MicroShift applies from /etc/microshift/manifests.", default: .array([])),
    ])

    static let metadata = ObjectShape([
        Field(
            "name", .text(TextRules(maxLength: 53)),
            "DNS label (lowercase letters, digits, '-'), at most 53 characters; the RPM is nodeprofile-<name>.",
            required: true),
        Field(
            "version", .text(TextRules(numbersAllowed: true, maxLength: 64)),
            "RPM Version: letters, digits and . _ + ~ ^ only (no '-', no spaces).", default: .string("1.0.0")),
        Field(
            "release", .text(TextRules(numbersAllowed: true, maxLength: 64)),
            "RPM Release: letters, digits and . _ + ~ ^ only.", default: .string("1")),
        Field(
            "description", .text(TextRules(multiline: true, maxLength: 4096)),
            "Free text for the package description."),
    ])

    static let target = ObjectShape([
        Field(
            "microshift", .text(TextRules(numbersAllowed: true, maxLength: 16)),
            "MicroShift minor release the device runs: 4.13 to 4.22, or 5.0. Left out, 4.13 with a warning.",
            default: .string("4.13"))
    ])

    static let node = ObjectShape([
        Field(
            "hostname", .text(), "Node name MicroShift registers (config.yaml node.hostnameOverride); a DNS subdomain."),
        Field(
            "nodeIP", .text(TextRules(maxLength: 64)), "Node IP (config.yaml node.nodeIP): a unicast IPv4 host address."
        ),
    ])

    static let network = ObjectShape([
        Field(
            "clusterNetwork",
            .list(
                .text(TextRules(maxLength: 64)),
                ListRules(
                    minItems: 1, maxItems: 1,
                    maxReason: "MicroShift 4.13 is single-stack IPv4: one cluster network")),
            "Pod network CIDR.", default: .array([.string("10.42.0.0/16")])),
        Field(
            "serviceNetwork",
            .list(
                .text(TextRules(maxLength: 64)),
                ListRules(
                    minItems: 1, maxItems: 1,
                    maxReason: "MicroShift 4.13 is single-stack IPv4: one service network")),
            "Service network CIDR; its 10th address is the cluster DNS.", default: .array([.string("10.43.0.0/16")])),
        Field(
            "serviceNodePortRange", .text(TextRules(maxLength: 16)), "NodePort range, FIRST-LAST.",
            default: .string("30000-32767")),
        Field(
            "mtu", .autoOr(.integer(min: MTURange.minimum, max: MTURange.maximum)),
            "Pod MTU written to ovn.yaml; auto takes br-ex's MTU. Changing it needs a reboot.", default: .string("auto")
        ),
        Field(
            "ipForward", .boolean, "Persist net.ipv4.ip_forward=1; NodePorts are unreachable from outside without it.",
            default: .bool(true)),
        Field(
            "gateway", .object(gateway), "The br-ex gateway bridge.",
            typeNote: "MicroShift 4.13 has exactly one gateway bridge, br-ex; a second gateway bridge is not supported"),
    ])

    static let gateway = ObjectShape([
        Field(
            "mode", .choice(GatewayMode.allCases.map(\.rawValue)),
            "declarative: nodeprofile builds br-ex; microshift: MicroShift's configure-ovs does; manual: you do.",
            default: .string("declarative")),
        Field(
            "interface", .autoOr(.text(TextRules(maxLength: 15))),
            "The NIC br-ex holds; auto is the default-route NIC, found on the device at first boot.",
            default: .string("auto")),
        Field(
            "macAddress", .text(TextRules(maxLength: 17)),
            "The gateway NIC by its MAC address (declarative mode, instead of a NIC name): the keyfile matches the MAC "
                + "and the agent finds the NIC's name on the device. Six pairs of hex digits separated by ':', unicast."
        ),
        Field(
            "mtu", .autoOr(.integer(min: MTURange.minimum, max: MTURange.maximum)),
            "MTU of the NIC and br-ex (declarative mode); auto copies the NIC's MTU on the device.",
            default: .string("auto")),
        Field("ipv4", .object(ipv4), "IPv4 addressing of br-ex (declarative mode only)."),
        Field(
            "confirmTargets",
            .list(
                .text(TextRules(maxLength: 64)),
                ListRules(
                    maxItems: HealthSpec.confirmTargetLimit,
                    maxReason: "each is pinged every second of the confirm window: name the few that matter")),
            "IPv4 addresses the device must reach, besides its gateway, after a live change of the uplink's connection "
                + "(declarative mode); one that does not answer within the agent's --confirm-timeout rolls the change back."
        ),
    ])

    static let ipv4 = ObjectShape([
        Field(
            "method", .choice(IPv4Method.allCases.map(\.rawValue)), "dhcp, or static with address and gateway.",
            default: .string("dhcp")
        ),
        Field(
            "address", .text(TextRules(maxLength: 64)), "Static address with prefix length, such as 192.168.122.14/24."),
        Field("gateway", .text(TextRules(maxLength: 64)), "Default gateway; must be inside the address's subnet."),
        Field(
            "dns",
            .list(
                .text(TextRules(maxLength: 64)),
                ListRules(maxItems: 3, maxReason: "the resolver reads at most 3 name servers")),
            "DNS servers (IPv4 addresses)."),
    ])

    static let ovs = ObjectShape([
        Field(
            "cpuAffinity", .text(TextRules(numbersAllowed: true, maxLength: 256)),
            "CPU list (kernel cpulist syntax) for ovs-vswitchd and ovsdb-server.", default: .string("0")),
        Field(
            "memoryLock", .boolean, "Let OVS lock its memory; false starts OVS with --no-mlockall.",
            default: .bool(false)),
        Field(
            "handlerThreads", .autoOr(.integer(min: 1, max: 1024)),
            "other_config:n-handler-threads; auto lets OVS choose.", default: .int(1)),
        Field(
            "revalidatorThreads", .autoOr(.integer(min: 1, max: 1024)),
            "other_config:n-revalidator-threads; auto lets OVS choose.", default: .int(1)),
    ])

    static let crio = ObjectShape([
        Field(
            "managementCPUSet", .text(TextRules(numbersAllowed: true, maxLength: 256)),
            "CPU list for CRI-O's management workload class.", default: .string("0"))
    ])

    static let proxy = ObjectShape([
        Field(
            "http", .text(TextRules(maxLength: 2048)), "HTTP proxy URL, http(s)://host[:port]; no credentials inline."),
        Field(
            "https", .text(TextRules(maxLength: 2048)), "HTTPS proxy URL, http(s)://host[:port]; no credentials inline."
        ),
        Field(
            "noProxy", .list(.text()),
            "Hosts, domains (.example.com), addresses and CIDRs reached directly; cluster and service networks, the node IP, localhost, 127.0.0.1, .svc and .cluster.local are always added.",
            default: .array([])),
        Field("username", .text(TextRules(maxLength: 256)), "Proxy user name."),
        Field(
            "passwordFile", .text(TextRules(maxLength: 4096)),
            "File holding the proxy password, relative to the profile; read at build time, written only to 0600 files."),
        Field(
            "services", .list(.choice(ProxyService.allCases.map(\.rawValue)), ListRules(minItems: 1)),
            "Services that get proxy drop-ins.", default: .array([.string("crio"), .string("rpm-ostreed")])),
    ])

    static let firewall = ObjectShape([
        Field(
            "blockNodePorts", .list(.object(nodePortBlock)),
            "Drop outside traffic to a NodePort on one host address or interface.", default: .array([]))
    ])

    static let nodePortBlock = ObjectShape(
        [
            Field("port", .integer(min: 1, max: 65535), "The NodePort; inside serviceNodePortRange.", required: true),
            Field("address", .text(TextRules(maxLength: 64)), "Host IPv4 address the block applies to."),
            Field("interface", .text(TextRules(maxLength: 15)), "Interface the block applies to."),
            Field(
                "protocol", .choice(BlockedProtocols.allCases.map(\.rawValue)), "Protocol to block.",
                default: .string("tcp")),
        ], exactlyOne: [["address", "interface"]])

    static let loadBalancer = ObjectShape([
        Field("name", .text(TextRules(maxLength: 63)), "Service name (DNS-1035 label).", required: true),
        Field("namespace", .text(TextRules(maxLength: 63)), "Namespace (DNS-1123 label).", default: .string("default")),
        Field(
            "port", .integer(min: 1, max: 65535),
            "Host port on the node IP; not used by MicroShift, outside serviceNodePortRange.", required: true),
        Field("targetPort", .integer(min: 1, max: 65535), "Container port the Service forwards to.", required: true),
        Field(
            "protocol", .choice(TransportProtocol.allCases.map(\.serviceName)), "Service protocol.",
            default: .string("TCP")),
        Field(
            "selector", .dictionary(.text(TextRules(numbersAllowed: true, maxLength: 63))),
            "Pod labels the Service selects.", required: true),
    ])
}

extension ProfileSchema {
    /// The paths of every mapping in the profile that has a field named `key` (list items as `[0]`), for the
    /// suggestion on a misplaced key: `ipv4` under `network` belongs under `network.gateway`.
    static func homes(of key: String) -> [ProfilePath] {
        var found: [ProfilePath] = []
        func walk(_ shape: Shape, _ path: ProfilePath, depth: Int) {
            guard depth < 8 else { return }
            switch shape {
            case .object(let object):
                if object.field(key) != nil { found.append(path) }
                for field in object.fields { walk(field.shape, path.appending(field.name), depth: depth + 1) }
            case .list(let item, _): walk(item, ProfilePath(path.components + [.index(0)]), depth: depth + 1)
            case .autoOr(let inner): walk(inner, path, depth: depth + 1)
            default: break
            }
        }
        walk(.object(root), ProfilePath(), depth: 0)
        return found
    }
}
