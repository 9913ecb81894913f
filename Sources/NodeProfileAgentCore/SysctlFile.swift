/// A sysctl.d file as systemd-sysctl reads it: the settings it makes, so the agent can check each one took effect
/// after loading the file, whatever the file is called.
public enum SysctlFile {
    /// One `key = value` line.
    public struct Setting: Sendable, Equatable {
        /// The key as written (`net.ipv4.ip_forward`, or with `/` separators).
        public var key: String
        /// The value, trimmed.
        public var value: String
        /// True for a `-key = value` line, whose failure systemd-sysctl ignores: the agent does not check it either.
        public var optional: Bool

        /// A setting of `key` to `value`.
        public init(key: String, value: String, optional: Bool = false) {
            self.key = key
            self.value = value
            self.optional = optional
        }

        /// The file under /proc/sys that holds the key (`.` separators become `/`; a key written with `/` is kept).
        public var procPath: String {
            "/proc/sys/" + (key.contains("/") ? key : String(key.map { $0 == "." ? "/" : $0 }))
        }
    }

    /// The settings in `text`, in order: blank lines and `#` or `;` comments skipped, lines without `=` ignored as
    /// systemd-sysctl ignores them.
    public static func settings(_ text: String) -> [Setting] {
        text.split(separator: "\n").compactMap { raw in
            let line = raw.trimmingWhitespace()
            guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix(";"),
                let equals = line.firstIndex(of: "=")
            else { return nil }
            var key = String(line[..<equals]).trimmingWhitespace()
            let optional = key.hasPrefix("-")
            if optional { key.removeFirst() }
            guard !key.isEmpty else { return nil }
            return Setting(
                key: key, value: String(line[line.index(after: equals)...]).trimmingWhitespace(),
                optional: optional)
        }
    }
}
