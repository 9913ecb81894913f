/// Reads the secrets a validated profile refers to.
public enum ProfileSecretsReader {
    /// The proxy password, read through `resources` (validation already checked that it reads cleanly).
    public static func read(_ profile: Profile, resources: any ResourceReader) -> ProfileSecrets {
        guard let file = profile.proxy?.passwordFile, case .success(let bytes) = resources.read(file),
              case .success(let password) = ProxyPassword.decode(bytes) else { return ProfileSecrets() }
        return ProfileSecrets(proxyPassword: password)
    }
}
