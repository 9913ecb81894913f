/// A proxy URL as the profile allows it: `http(s)://host[:port][/]`, with no credentials, path, query or fragment.
public struct ProxyURL: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`.
    public var scheme: String
    /// Host name, IPv4 address or bracketed IPv6 address.
    public var host: String
    /// Explicit port, if given.
    public var port: Int?

    /// Parses `text`, or says what is wrong with it.
    public static func parse(_ text: String) -> Result<ProxyURL, ValueError> {
        guard let separator = text.range(of: "://") else {
            return .failure(ValueError("expected an absolute URL such as http://proxy.example.com:3128"))
        }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            return .failure(ValueError("scheme '\(scheme.debugEscaped)' is not allowed; use http or https"))
        }
        var rest = Substring(text[separator.upperBound...])
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        if rest.contains("@") {
            return .failure(
                ValueError("credentials must not appear in the URL; use proxy.username and proxy.passwordFile"))
        }
        if rest.contains(where: { "/?#".contains($0) }) {
            return .failure(ValueError("a proxy URL has no path, query or fragment; use http(s)://host[:port]"))
        }
        var hostPart = rest
        var port: Int? = nil
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("]") {
            hostPart = rest[..<colon]
            let portText = rest[rest.index(after: colon)...]
            guard let number = ScalarSyntax.integer(String(portText)), !portText.hasPrefix("+"),
                !portText.hasPrefix("-"),
                (1...65535).contains(number)
            else {
                return .failure(ValueError("port '\(String(portText).debugEscaped)' must be a number from 1 to 65535"))
            }
            port = number
        }
        guard !hostPart.isEmpty else { return .failure(ValueError("the URL has no host")) }
        let host = String(hostPart)
        if host.hasPrefix("[") && host.hasSuffix("]") {
            let literal = host.dropFirst().dropLast()
            guard literal.contains(":"), literal.allSatisfy({ $0.isASCII && ($0.isHexDigit || $0 == ":" || $0 == ".") })
            else {
                return .failure(
                    ValueError("'\(host.debugEscaped)' is not a bracketed IPv6 address (hex digits, ':' and '.' only)"))
            }
        } else if IPv4Address(host) == nil {
            let looksNumeric = host.allSatisfy { $0.isNumber || $0 == "." }
            if looksNumeric { return .failure(ValueError("'\(host.debugEscaped)' is not a valid IPv4 address")) }
            if let problem = Names.subdomainProblem(host.lowercased()) {
                return .failure(ValueError("host '\(host.debugEscaped)' is not a valid host name: \(problem)"))
            }
        }
        return .success(ProxyURL(scheme: scheme, host: host, port: port))
    }

    /// The URL without credentials: `SCHEME://HOST[:PORT]/`.
    public var description: String { "\(scheme)://\(host)" + (port.map { ":\($0)" } ?? "") + "/" }
}
