/// Names the compiler writes into a bundle and the agent acts on, each defined once here so the two cannot drift.
public enum SharedNames {
    /// The OVS gateway bridge of MicroShift's networking, whatever builds it.
    public static let bridge = "br-ex"
    /// The nftables table of the NodePort blocks: family and name, as `nft list table` and `nft delete table` take
    /// them (templates/nftables/nodeprofile.nft declares the same table; a test holds it to this).
    public static let nftTable = ["inet", "nodeprofile"]
}
