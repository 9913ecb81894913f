/// Where bundles are installed on a device, as device paths: one directory per bundle, NAME/manifest.json in it. The
/// agent's unit applies the bundles of one of them, and `verify --health` compares what is in both with what was
/// applied.
public enum BundleLocation {
    /// Bundle packages and images: the bundle RPM installs /usr/lib/nodeprofile/NAME, and `nodeprofile-agent apply`
    /// with no `--bundle` applies every bundle here.
    public static let packages = "/usr/lib/nodeprofile"
    /// The kickstart export's `%post` installs /etc/nodeprofile/bundles/NAME, and its drop-in has the agent's unit
    /// run `nodeprofile-agent apply --bundle` on it.
    public static let kickstart = "/etc/nodeprofile/bundles"
    /// Every place bundles are installed, in the order the health check reads them.
    public static let all = [packages, kickstart]
}
