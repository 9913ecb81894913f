/// Parsing of single addresses with the unicast rule, shared by every rule that reads one.
enum AddressRules {
    /// The unicast IPv4 address at `path`, or nil after reporting why it is not one.
    static func hostAddress(_ ctx: inout ValidationContext, _ path: ProfilePath, what: String) -> IPv4Address? {
        ctx.parse(path) { host($0, what: what) }
    }

    /// `text` as a unicast IPv4 host address, or why it is not one; `what` names the field in the message.
    static func host(_ text: String, what: String) -> Result<IPv4Address, ValueError> {
        if text.contains(":") {
            return .failure(ValueError("\(what) '\(text.debugEscaped)' is IPv6; MicroShift 4.13 is single-stack IPv4"))
        }
        if text.contains("/") {
            return .failure(
                ValueError(
                    "\(what) is a single address, without a prefix length: write \(text.split(separator: "/")[0])"))
        }
        guard let address = IPv4Address(text) else {
            return .failure(
                ValueError(
                    "\(what) '\(text.debugEscaped)' is not an IPv4 address (four decimal octets 0-255, no leading zeros)"
                ))
        }
        if let reason = address.nonUnicastReason {
            return .failure(ValueError("\(what) must be a unicast host address: \(reason)"))
        }
        return .success(address)
    }

    /// `text` as an address with prefix for a static interface (a unicast host inside its subnet), or why not.
    static func interface(_ text: String) -> Result<IPv4Interface, ValueError> {
        switch CIDRText.parse(text) {
        case .failure(.noPrefix):
            return .failure(ValueError("address needs a prefix length, such as \(text.debugEscaped)/24"))
        case .failure(let error):
            return .failure(ValueError(error.description))
        case .success(let (ip, prefix)):
            let interface = IPv4Interface(address: ip, prefix: prefix)
            if let reason = ip.nonUnicastReason {
                return .failure(ValueError("address must be a unicast host address: \(reason)"))
            } else if prefix < 31 && ip == interface.network.address {
                return .failure(
                    ValueError("\(ip) is the network address of \(interface.network), not a host address"))
            } else if prefix < 31 && ip == interface.network.last {
                return .failure(
                    ValueError("\(ip) is the broadcast address of \(interface.network), not a host address"))
            }
            return .success(interface)
        }
    }
}
