extension BadCases {
    private static let proxyHeader = "proxy:\n  http: http://proxy.example:3128\n"

    static let proxy: [BadProfile] = [
        BadProfile(
            name: "proxy without URLs", yaml: "proxy:\n  ⟪noProxy⟫: [.example.com]\n",
            message: "a proxy section needs http, https or both", path: "proxy"),
        BadProfile(
            name: "credentials inline", yaml: "proxy:\n  http: ⟪http://edge:s3cret@proxy.example:3128⟫\n",
            message: "credentials must not appear in the URL; use proxy.username and proxy.passwordFile",
            path: "proxy.http"),
        BadProfile(
            name: "bracketed proxy host that is not IPv6", yaml: "proxy:\n  http: ⟪'http://[\"$(id)%]:3128'⟫\n",
            message: "is not a bracketed IPv6 address (hex digits, ':' and '.' only)", path: "proxy.http"),
        BadProfile(
            name: "ftp proxy scheme", yaml: "proxy:\n  https: ⟪ftp://proxy.example⟫\n",
            message: "scheme 'ftp' is not allowed; use http or https", path: "proxy.https"),
        BadProfile(
            name: "proxy URL without scheme", yaml: "proxy:\n  http: ⟪proxy.example:3128⟫\n",
            message: "expected an absolute URL", path: "proxy.http"),
        BadProfile(
            name: "proxy port out of range", yaml: "proxy:\n  http: ⟪http://proxy.example:99999⟫\n",
            message: "port '99999' must be a number from 1 to 65535", path: "proxy.http"),
        BadProfile(
            name: "proxy URL with a path", yaml: "proxy:\n  http: ⟪http://proxy.example:3128/pac⟫\n",
            message: "a proxy URL has no path", path: "proxy.http"),
        BadProfile(
            name: "noProxy entry with a space", yaml: proxyHeader + "  noProxy: [⟪\"a b\"⟫]\n",
            message: "noProxy entry 'a b' holds ' '", path: "proxy.noProxy[0]"),
        BadProfile(
            name: "noProxy CIDR with host bits", yaml: proxyHeader + "  noProxy: [⟪10.1.2.3/8⟫]\n",
            message: "host bits are set; did you mean 10.0.0.0/8?", path: "proxy.noProxy[0]"),
        BadProfile(
            name: "passwordFile without username", yaml: proxyHeader + "  passwordFile: ⟪pass.txt⟫\n",
            message: "passwordFile needs a username", path: "proxy.passwordFile", files: ["pass.txt": "pw\n"]),
        BadProfile(
            name: "missing password file", yaml: proxyHeader + "  username: edge\n  passwordFile: ⟪nope.txt⟫\n",
            message: "cannot read passwordFile 'nope.txt': no such file", path: "proxy.passwordFile"),
        BadProfile(
            name: "empty password file", yaml: proxyHeader + "  username: edge\n  passwordFile: ⟪empty.txt⟫\n",
            message: "passwordFile 'empty.txt' is empty", path: "proxy.passwordFile", files: ["empty.txt": "\n"]),
        BadProfile(
            name: "two-line password file", yaml: proxyHeader + "  username: edge\n  passwordFile: ⟪two.txt⟫\n",
            message: "must hold the password on a single line", path: "proxy.passwordFile",
            files: ["two.txt": "first\nsecond\n"]),
        BadProfile(
            name: "unknown proxy service", yaml: proxyHeader + "  services: [crio, ⟪docker⟫]\n",
            message: "'docker' is not allowed; allowed: crio, rpm-ostreed", path: "proxy.services[1]"),
        BadProfile(
            name: "proxy service twice", yaml: proxyHeader + "  services: [crio, ⟪crio⟫]\n",
            message: "service 'crio' is listed twice", path: "proxy.services[1]"),
    ]
}
