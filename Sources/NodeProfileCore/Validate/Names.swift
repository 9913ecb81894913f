/// The naming rules of the systems a profile feeds: DNS, Kubernetes, Linux and RPM.
public enum Names {
    private static func isLowerAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLowercase || c.isNumber) }

    /// What `dnsLabelProblem` accepts (length aside), as a regular expression for the JSON Schema.
    public static let dnsLabelPattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"

    /// A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit.
    public static func dnsLabelProblem(_ text: String, maxLength: Int = 63) -> String? {
        if text.isEmpty { return "must not be empty" }
        if text.count > maxLength { return "is \(text.count) characters; at most \(maxLength) allowed" }
        if text.contains(where: { $0.isUppercase }) && dnsLabelProblem(text.lowercased(), maxLength: maxLength) == nil {
            return "must be lowercase; did you mean '\(text.lowercased())'?"
        }
        guard text.allSatisfy({ isLowerAlnum($0) || $0 == "-" }) else {
            return "may hold only lowercase letters, digits and '-'"
        }
        if text.first == "-" || text.last == "-" { return "must start and end with a letter or digit" }
        return nil
    }

    /// A DNS-1035 label (Kubernetes Service names): a DNS-1123 label that starts with a letter.
    public static func serviceNameProblem(_ text: String) -> String? {
        if let problem = dnsLabelProblem(text) { return problem }
        return text.first!.isLetter ? nil : "must start with a letter"
    }

    /// A DNS-1123 subdomain (node names): dot-separated labels, at most 253 characters.
    public static func subdomainProblem(_ text: String) -> String? {
        if text.count > 253 { return "is \(text.count) characters; at most 253 allowed" }
        for label in text.split(separator: ".", omittingEmptySubsequences: false) {
            if let problem = dnsLabelProblem(String(label)) {
                return label.isEmpty
                    ? "has an empty label (two dots, or a leading or trailing dot)"
                    : "label '\(String(label).debugEscaped)' \(problem)"
            }
        }
        return nil
    }

    /// A Linux interface name: 1-15 bytes, no '/', ':' or whitespace, not '.' or '..'.
    public static func interfaceProblem(_ text: String) -> String? {
        if text.isEmpty { return "must not be empty" }
        if text.utf8.count > 15 { return "is \(text.utf8.count) bytes; Linux interface names have at most 15" }
        if text == "." || text == ".." { return "'.' and '..' are not interface names" }
        if text.contains(where: { $0 == "/" || $0 == ":" || $0.isWhitespace }) {
            return "must not contain '/', ':' or whitespace"
        }
        // Linux would take these, but nftables has no way to quote them and keyfiles would need escapes.
        if text.contains(where: { $0 == "\"" || $0 == "\\" || $0 == "'" }) {
            return "must not contain quotes or backslashes (nftables cannot match such a name)"
        }
        // The NIC name lands in an ovs-port keyfile, whose names NetworkManager limits to printable ASCII.
        if let bad = text.unicodeScalars.first(where: { !(0x21...0x7E).contains($0.value) }) {
            return
                "holds '\(String(bad).debugEscaped)'; allowed: printable ASCII (NetworkManager refuses other characters in OVS port names)"
        }
        if text.contains("%") {
            return "must not contain '%' (Linux reads it as a name template such as eth%d; NetworkManager refuses it)"
        }
        if text.contains("*") {
            return
                "must not contain '*' (nftables would read it as a wildcard matching every interface with that prefix)"
        }
        return nil
    }

    /// RPM Version and Release: ASCII letters, digits and `._+~^`, no '-' (RPM splits N-V-R on it).
    public static func rpmVersionProblem(_ text: String) -> String? {
        if text.isEmpty { return "must not be empty" }
        if text.contains("-") { return "must not contain '-' (RPM separates name, version and release with it)" }
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._+~^".contains($0)) }) else {
            return "may hold only letters, digits and . _ + ~ ^"
        }
        if text.contains("..") {
            return "must not contain '..' (rpmbuild refuses that sequence in Version and Release)"
        }
        return nil
    }

    /// A Kubernetes label key: optional DNS-subdomain prefix and '/', then a name of at most 63 characters.
    public static func labelKeyProblem(_ text: String) -> String? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return "has more than one '/'" }
        if parts.count == 2, let problem = subdomainProblem(String(parts[0])) { return "prefix \(problem)" }
        return labelValueProblem(String(parts.last!), allowEmpty: false)
    }

    /// A Kubernetes label value: at most 63 characters, alphanumerics with '-', '_' or '.' inside.
    public static func labelValueProblem(_ text: String, allowEmpty: Bool = true) -> String? {
        if text.isEmpty { return allowEmpty ? nil : "must not be empty" }
        if text.count > 63 { return "is \(text.count) characters; at most 63 allowed" }
        let alnum: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard text.allSatisfy({ alnum($0) || "-_.".contains($0) }) else {
            return "may hold only letters, digits, '-', '_' and '.'"
        }
        guard alnum(text.first!), alnum(text.last!) else { return "must start and end with a letter or digit" }
        return nil
    }
}
