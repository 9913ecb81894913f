/// The bundle manifest shared by the compiler and the device agent. Foundation only, so the agent
/// stays small and never links the compiler or YAML.
public enum ManifestFormat {
    /// The manifest schema version this build writes and reads.
    public static let version = 1
}
