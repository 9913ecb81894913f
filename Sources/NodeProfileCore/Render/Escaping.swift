/// Escaping for each format nodeprofile writes. Every profile value passes through one of these on its
/// way into a file; values that a format cannot carry were refused by validation before rendering.
public enum Escape {
    /// A systemd unit-file value: `%` doubled so specifiers are not expanded.
    public static func systemdValue(_ value: String) -> String {
        value.replacing(ascii: "%", with: "%%")
    }

    /// `NAME="VALUE"` for a systemd environment file (`EnvironmentFile=`): double quotes, with `\\`, `"`, `` ` `` and
    /// `$` backslash-escaped (systemd reads each of them back literally; it expands nothing in these files). Control
    /// characters never reach here: every proxy value is a validated URL, host or network.
    public static func environmentFileAssignment(_ name: String, _ value: String) -> String {
        // Without one of the four bytes nothing is escaped; comparing Characters is what costs.
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x22 || $0 == 0x60 || $0 == 0x24 }) else {
            return name + "=\"" + value + "\""
        }
        var out = name + "=\""
        for character in value {
            if "\\\"`$".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }

    /// A GLib key-file value (NetworkManager keyfiles): backslash escapes for `\`, line breaks, tabs,
    /// and a leading space; in list values, `;` too.
    public static func keyfileValue(_ value: String, inList: Bool = false) -> String {
        var out = ""
        for (index, scalar) in value.unicodeScalars.enumerated() {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case " " where index == 0: out += "\\s"
            case ";" where inList: out += "\\;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Text for an RPM spec body or tag: `%` doubled, so no macro (`%{...}`, `%(...)`) expands.
    /// Lines that would start a spec section (`%files`) are refused by validation, not escaped here.
    public static func rpmText(_ value: String) -> String {
        value.replacing(ascii: "%", with: "%%")
    }

    /// A word for bash, single-quoted: nothing inside is expanded.
    public static func shellWord(_ value: String) -> String {
        "'" + value.replacing(ascii: "'", with: "'\\''") + "'"
    }

    /// An nftables quoted string, or nil when the value cannot be written as one (nft has no escape
    /// for `"` or `\`; validation refuses such interface names first).
    public static func nftString(_ value: String) -> String? {
        guard !value.unicodeScalars.contains(where: { $0 == "\"" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F })
        else {
            return nil
        }
        return "\"" + value + "\""
    }

    /// A TOML basic string.
    public static func tomlString(_ value: String) -> String {
        quoted(value) { isControl($0) ? "\\u00" + hex2($0.value) : nil }
    }

    /// A YAML double-quoted scalar: the value survives any YAML parser unchanged.
    public static func yamlString(_ value: String) -> String {
        quoted(value) { scalar in
            switch scalar {
            case "\u{85}": "\\N"
            case "\u{2028}": "\\L"
            case "\u{2029}": "\\P"
            case _ where isControl(scalar) || (0x80...0x9F).contains(scalar.value): "\\x" + hex2(scalar.value)
            default: nil
            }
        }
    }

    /// `"value"` with `\`, `"`, line breaks and tabs backslash-escaped, and any other scalar replaced by
    /// what `special` returns for it (nil keeps it). Shared by every C-like quoted-string format.
    static func quoted(_ value: String, special: (Unicode.Scalar) -> String?) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if let replacement = special(scalar) { out += replacement } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// C0 controls and DEL.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 || scalar.value == 0x7F }

    /// Percent-encoding for the user-info part of a URL (RFC 3986): only unreserved characters stay.
    public static func urlUserInfo(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80 && (c.isLetter || c.isNumber || "-._~".contains(c)) {
                out.append(c)
            } else {
                out += "%" + hex2(UInt32(byte)).uppercased()
            }
        }
        return out
    }

    private static func hex2(_ value: UInt32) -> String {
        let text = String(value, radix: 16)
        return text.count == 1 ? "0" + text : text
    }
}

extension String {
    /// Foundation's `replacingOccurrences(of:with:)` for an ASCII `target`, returning the string itself when the
    /// byte is not in it: Foundation bridges to NSString even then.
    fileprivate func replacing(ascii target: Unicode.Scalar, with replacement: String) -> String {
        guard utf8.contains(UInt8(ascii: target)) else { return self }
        return replacingOccurrences(of: String(target), with: replacement)
    }
}
