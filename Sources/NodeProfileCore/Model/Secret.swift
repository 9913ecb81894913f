/// A value that must reach no log, diagnostic, `explain`, `--dry-run` or file but its own 0600 one: the proxy
/// password. Validation reads the password file once (`ProxyPassword.decode`) and every later stage hands this
/// type on, so the password cannot be printed by accident: `print`, string interpolation, `String(reflecting:)`,
/// `dump` and `Mirror` all show `<redacted>`, and it is not `Encodable`. The one way to the value is `revealed()`,
/// called only where the password is written into its file (`ProxyEnvironmentFile`) and where the rendered files
/// are searched for it (`SecretScan`).
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// What every printed form of a secret shows.
    public static let redaction = "<redacted>"

    private let value: String

    /// Wraps `value`; from here on it prints as `<redacted>`.
    public init(_ value: String) { self.value = value }

    /// `<redacted>`, for `print` and `"\(secret)"`.
    public var description: String { Self.redaction }

    /// `Secret(<redacted>)`, for `debugPrint`, `dump` and `String(reflecting:)`.
    public var debugDescription: String { "Secret(\(Self.redaction))" }

    /// A mirror without children, so reflection (`dump`, a containing value's default description) finds nothing.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: nil) }

    /// The value itself. Call it only to write the value into its 0600 file or to search rendered files for it;
    /// every call is a place to review.
    public func revealed() -> String { value }
}
