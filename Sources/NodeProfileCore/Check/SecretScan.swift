/// After rendering: the password may appear, in any spelling a file could hold it, only in 0600 secret files.
/// It catches what validation cannot see, such as a password that is also the profile's name or hostname.
enum SecretScan {
    /// Very short passwords match ordinary text ("root"); below this length the scan would only cry wolf.
    static let minimumScannedLength = 6

    /// An error at `proxy.passwordFile` for each file that is not a 0600 secret and holds the password.
    static func check(
        _ files: [BundleRenderer.RenderedArtifact], password: Secret?,
        locate: (ProfilePath) -> SourceLocation
    ) -> [Diagnostic] {
        guard let password = password?.revealed(), password.count >= minimumScannedLength else { return [] }
        let spellings = Set([password, Escape.urlUserInfo(password), Escape.systemdValue(Escape.urlUserInfo(password))])
        var diagnostics: [Diagnostic] = []
        for file in files where !file.artifact.secret || file.artifact.mode != 0o600 {
            let text = String(decoding: file.bytes, as: UTF8.self)
            if spellings.contains(where: { text.contains($0) }) {
                diagnostics.append(
                    Diagnostic(
                        .error,
                        "the proxy password would appear in \(file.artifact.path), which is not a 0600 secret file; refusing to build",
                        at: locate("proxy.passwordFile"), path: "proxy.passwordFile"))
            }
        }
        return diagnostics
    }
}
