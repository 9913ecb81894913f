/// Rules for the proxy section: URLs without credentials, noProxy entries, the password file.
enum ProxyRules {
    static func proxy(_ ctx: inout ValidationContext) -> Profile.Proxy? {
        guard ctx.node("proxy") != nil else { return nil }
        let http = ctx.parse("proxy.http", ProxyURL.parse)
        let https = ctx.parse("proxy.https", ProxyURL.parse)
        if !ctx.isSet("proxy.http") && !ctx.isSet("proxy.https") {
            ctx.error("a proxy section needs http, https or both", at: "proxy")
        }
        var noProxy: [String] = []
        for index in 0..<ctx.count("proxy.noProxy") {
            let path = ProfilePath("proxy.noProxy").appending(index: index)
            guard let entry = ctx.checked(path, { noProxyProblem($0).map { "noProxy entry \($0)" } }) else { continue }
            if noProxy.contains(entry) {
                ctx.warning("noProxy entry '\(entry)' is listed twice", at: path)
            } else {
                noProxy.append(entry)
            }
        }
        let username = ctx.checked("proxy.username") {
            $0.isEmpty ? "username must not be empty; remove it for a proxy without authentication" : nil
        }
        // The file name is the value itself: readPasswordFile checks it by reading the file, once.
        let passwordFile = ctx.text("proxy.passwordFile")
        var password: Secret?
        if let passwordFile {
            // A refused username was reported at its field: only a username left out is missing here.
            if !ctx.isSet("proxy.username") {
                ctx.error("passwordFile needs a username", at: "proxy.passwordFile")
            }
            password = readPasswordFile(&ctx, passwordFile)
        }
        var services: [ProxyService] = []
        for (index, service) in (ctx.choices("proxy.services", as: ProxyService.self) ?? []).enumerated() {
            guard let service else { continue }
            if services.contains(service) {
                ctx.error(
                    "service '\(service.rawValue)' is listed twice",
                    at: ProfilePath("proxy.services").appending(index: index))
            }
            services.append(service)
        }
        return Profile.Proxy(
            http: http, https: https, noProxy: noProxy, username: username,
            passwordFile: passwordFile, password: password, services: services)
    }

    /// Why a noProxy entry is unusable, or nil. Entries end up comma-joined in environment variables.
    static func noProxyProblem(_ entry: String) -> String? {
        if entry.isEmpty { return "must not be empty" }
        if let bad = entry.first(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || ".-_*:/[]".contains($0))) }) {
            return
                "'\(entry.debugEscaped)' holds '\(String(bad).debugEscaped)'; allowed: host names, .domains, IPv4 addresses and CIDRs"
        }
        let looksLikeIPv4 =
            entry.first.map { $0.isNumber } == true && entry.allSatisfy { $0.isNumber || $0 == "." || $0 == "/" }
        if looksLikeIPv4 {
            if entry.contains("/") {
                if case .failure(let error) = CIDRText.network(entry) { return "'\(entry)': \(error)" }
            } else if IPv4Address(entry) == nil {
                return "'\(entry)' is not a valid IPv4 address"
            }
        }
        return nil
    }

    /// Reads the password file, the only time it is read: a missing or malformed one fails validation, not the
    /// build, and the password goes on as a `Secret`. Its content never appears in a message.
    static func readPasswordFile(_ ctx: inout ValidationContext, _ relative: String) -> Secret? {
        let path: ProfilePath = "proxy.passwordFile"
        if relative.isEmpty {
            ctx.error("passwordFile must name a file", at: path)
            return nil
        }
        switch ctx.resources.read(relative) {
        case .failure(let error):
            ctx.error("cannot read passwordFile '\(relative.debugEscaped)': \(error)", at: path)
        case .success(let bytes):
            switch ProxyPassword.decode(bytes) {
            case .success(let password):
                if let mode = ctx.resources.permissions(relative), let readers = otherReaders(mode) {
                    ctx.warning(
                        "passwordFile '\(relative.debugEscaped)' is mode \(octal(mode)): \(readers) can read the proxy password; make it readable by its owner only: chmod 600 '\(relative.debugEscaped)'",
                        at: path)
                }
                return password
            case .failure(let error): ctx.error("passwordFile '\(relative.debugEscaped)' \(error)", at: path)
            }
        }
        return nil
    }
}

extension ProxyRules {
    /// Who besides the owner may read a file of `mode` ("its group", "others", or both), or nil when nobody.
    static func otherReaders(_ mode: UInt32) -> String? {
        switch (mode & 0o040 != 0, mode & 0o004 != 0) {
        case (true, true): "its group and others"
        case (true, false): "its group"
        case (false, true): "others"
        case (false, false): nil
        }
    }

    /// Permission bits as four octal digits, as `ls` and `chmod` write them.
    static func octal(_ mode: UInt32) -> String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// The proxy password as read from its file.
public enum ProxyPassword {
    /// The largest password file accepted, in bytes.
    public static let maxBytes = 1024

    /// The password: UTF-8, one line (one trailing line break is dropped), no control characters.
    public static func decode(_ bytes: [UInt8]) -> Result<Secret, ValueError> {
        guard bytes.count <= maxBytes else { return .failure(ValueError("is larger than \(maxBytes) bytes")) }
        guard var text = String(validating: bytes, as: UTF8.self) else {
            return .failure(ValueError("is not UTF-8 text"))
        }
        if text.hasSuffix("\r\n") { text.removeLast(1) } else if text.hasSuffix("\n") { text.removeLast() }
        if text.hasSuffix("\r") { text.removeLast() }
        guard !text.isEmpty else { return .failure(ValueError("is empty")) }
        guard !text.unicodeScalars.contains(where: { ScalarSyntax.isForbiddenControl($0, multiline: false) }) else {
            return .failure(ValueError("must hold the password on a single line, without control characters"))
        }
        return .success(Secret(text))
    }
}
