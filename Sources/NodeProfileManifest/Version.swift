/// The version both binaries report, and the Makefile reads (`make rpm` names the agent RPM with it).
public enum NodeProfileVersion {
    /// 0.2.0: files beside MicroShift's own instead of over them, proxy settings in EnvironmentFile= files.
    public static let current = "0.2.0"
}
