/// Why a file's change needs a reboot: the target of its `reboot-required` action, written by the compiler, kept in
/// the manifest and shown to the device's owner.
public enum RebootReason: String, Sendable, CaseIterable {
    /// ovn.yaml's pod MTU changed, which OVN-Kubernetes applies to existing pods only when the node boots.
    case podMTU = "pod MTU changed"
}

extension Action {
    /// The `reboot-required` action for `reason`.
    public static func rebootRequired(_ reason: RebootReason) -> Action { Action(.rebootRequired, reason.rawValue) }
}
