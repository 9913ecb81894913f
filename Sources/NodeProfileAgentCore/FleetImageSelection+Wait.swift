import Glibc
import NodeProfileManifest

extension FleetImageSelection {
    /// How often a boot reads the device's identity before it gives up on matching a node: 30 reads 1 s apart.
    public static let identityReads = 30
    /// Seconds between two reads of the device's identity.
    public static let identityInterval: UInt32 = 1

    /// The node `select` picks for the identity `read` returns. The agent starts as soon as udev does, before udev's
    /// coldplug has loaded every NIC's driver (the device lab's first fleet boot read the DMI serial and no MAC at
    /// all), so while no node or two match, the identity is read again, up to `reads` reads `interval` seconds
    /// apart; `waiting` hears the first miss. The last miss is thrown.
    public static func pickWaiting<Picked>(
        reads: Int, interval: UInt32, sleep: (UInt32) -> Void = { _ = Glibc.sleep($0) },
        waiting: (IdentityError) -> Void = { _ in }, read: () throws -> NodeIdentity,
        select: (NodeIdentity) throws -> Picked
    ) throws -> Picked {
        var done = 1
        while true {
            do {
                return try select(try read())
            } catch let miss as IdentityError where done < reads {
                if done == 1 { waiting(miss) }
                sleep(interval)
                done += 1
            }
        }
    }
}
