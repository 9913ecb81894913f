extension BadCases {
    private static func service(port: String = "81", name: String = "web", extra: String = "") -> String {
        "  - name: \(name)\n    port: \(port)\n    targetPort: 8080\n    selector: {app: web}\n" + extra
    }

    static let loadBalancers: [BadProfile] = [
        BadProfile(
            name: "LoadBalancer on the router's port", yaml: "loadBalancers:\n" + service(port: "⟪443⟫"),
            message: "TCP port 443 is used by the router (HTTPS)", path: "loadBalancers[0].port"),
        BadProfile(
            name: "LoadBalancer on the API port", yaml: "loadBalancers:\n" + service(port: "⟪6443⟫"),
            message: "TCP port 6443 is used by the Kubernetes API server", path: "loadBalancers[0].port"),
        BadProfile(
            name: "LoadBalancer on mDNS",
            yaml: "loadBalancers:\n" + service(port: "⟪5353⟫", extra: "    protocol: UDP\n"),
            message: "UDP port 5353 is used by MicroShift's mDNS responder", path: "loadBalancers[0].port"),
        BadProfile(
            name: "LoadBalancer on ssh warns", yaml: "loadBalancers:\n" + service(port: "⟪22⟫"),
            message: "TCP port 22 is usually sshd's", path: "loadBalancers[0].port", severity: .warning),
        BadProfile(
            name: "LoadBalancer inside the NodePort range", yaml: "loadBalancers:\n" + service(port: "⟪30080⟫"),
            message: "port 30080 is inside serviceNodePortRange 30000-32767", path: "loadBalancers[0].port"),
        BadProfile(
            name: "two LoadBalancers on one port",
            yaml: "loadBalancers:\n" + service() + service(port: "⟪81⟫", name: "api"),
            message: "TCP port 81 is already taken by loadBalancers[0]", path: "loadBalancers[1].port"),
        BadProfile(
            name: "Service name starting with a digit", yaml: "loadBalancers:\n" + service(name: "⟪1web⟫"),
            message: "Service name must start with a letter", path: "loadBalancers[0].name"),
        BadProfile(
            name: "uppercase namespace", yaml: "loadBalancers:\n" + service(extra: "    namespace: ⟪Shop⟫\n"),
            message: "namespace must be lowercase; did you mean 'shop'?", path: "loadBalancers[0].namespace"),
        BadProfile(
            name: "LoadBalancer without selector",
            yaml: "loadBalancers:\n  - ⟪name⟫: web\n    port: 81\n    targetPort: 8080\n",
            message: "missing required key 'selector'", path: "loadBalancers[0].selector"),
        BadProfile(
            name: "empty selector",
            yaml: "loadBalancers:\n  - name: web\n    port: 81\n    targetPort: 8080\n    selector: ⟪{}⟫\n",
            message: "selector must name at least one label", path: "loadBalancers[0].selector"),
        BadProfile(
            name: "selector key with a space",
            yaml:
                "loadBalancers:\n  - name: web\n    port: 81\n    targetPort: 8080\n    selector:\n      ⟪app name⟫: web\n",
            message: "label key 'app name' may hold only letters, digits", path: "loadBalancers[0].selector.app name"),
        BadProfile(
            name: "SCTP LoadBalancer", yaml: "loadBalancers:\n" + service(extra: "    protocol: ⟪SCTP⟫\n"),
            message: "'SCTP' is not allowed; allowed: TCP, UDP", path: "loadBalancers[0].protocol"),
        BadProfile(
            name: "same Service twice",
            yaml: "loadBalancers:\n" + service() + service(port: "82", name: "⟪web⟫"),
            message: "Service default/web is already defined by loadBalancers[0]", path: "loadBalancers[1].name"),
        BadProfile(
            name: "targetPort out of range",
            yaml: "loadBalancers:\n  - name: web\n    port: 81\n    targetPort: ⟪70000⟫\n    selector: {app: web}\n",
            message: "70000 is out of range; allowed: 1 to 65535", path: "loadBalancers[0].targetPort"),
    ]
}
