import Glibc
import NodeProfileManifest

/// The ostree deployment the system booted (rpm-ostree and bootc systems both boot ostree deployments). Each
/// deployment has its own /etc, merged from the booted one when it was staged, while /var is shared: the agent keeps
/// its state per deployment under /var/lib/nodeprofile/deployments/ID, so a rollback to an older deployment finds
/// the state of that deployment's /etc instead of the newer one's.
public enum Deployment {
    /// True for an id the agent accepts: `CHECKSUM.SERIAL` as `ostree admin status` prints it, or any name of 1 to 128
    /// letters, digits, '.', '_' and '-' (for `--deployment` on a mounted root), never "." or "..": it names a directory.
    public static func isValidID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        return (1...128).contains(bytes.count) && id != "." && id != ".."
            && bytes.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E
                    || $0 == 0x5F || $0 == 0x2D
            }
    }

    /// The value of the last `ostree=` argument of a kernel command line (whitespace-separated, as ostree reads it).
    public static func bootlink(inCommandLine line: String) -> String? {
        line.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\0" })
            .last { $0.hasPrefix("ostree=") }.map { String($0.dropFirst("ostree=".count)) }
    }

    /// The parts of a boot link, checked as libostree checks it: `/ostree/boot.BOOTVERSION/OSNAME/BOOTCSUM/TREESERIAL`.
    /// Read as bytes: a `Regex` costs about 1.4M instructions at its first match, which every boot's run would pay.
    public static func parseBootlink(_ link: String) -> (stateroot: String, bootChecksum: String, serial: Int)? {
        let parts = link.utf8.split(separator: 0x2F, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0].isEmpty, parts[1].elementsEqual("ostree".utf8),
            parts[2].elementsEqual("boot.0".utf8) || parts[2].elementsEqual("boot.1".utf8), !parts[3].isEmpty,
            !parts[4].isEmpty, !parts[5].isEmpty, parts[5].allSatisfy(isDigit),
            let serial = Int(String(decoding: parts[5], as: UTF8.self))
        else { return nil }
        return (String(decoding: parts[3], as: UTF8.self), String(decoding: parts[4], as: UTF8.self), serial)
    }

    /// The deployment directory's name `CHECKSUM.SERIAL` (64 lowercase hex digits, a dot, a serial), or nil.
    public static func deploymentName(_ name: Substring) -> String? {
        let bytes = Array(name.utf8)
        guard bytes.count > 65, bytes[64] == 0x2E, bytes[65...].allSatisfy(isDigit),
            bytes[..<64].allSatisfy({ isDigit($0) || (0x61...0x66).contains($0) })
        else { return nil }
        return String(name)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
}

/// Finds the booted deployment as ostree does: /run/ostree-booted says the system booted an ostree deployment, and
/// the `ostree=` kernel argument names its boot link under the sysroot (/sysroot once booted), a symlink to
/// `/ostree/deploy/STATEROOT/deploy/CHECKSUM.SERIAL`. In a container (systemd-nspawn) the kernel command line is PID
/// 1's, as systemd reads it there.
public struct DeploymentResolver: Sendable {
    /// The flag file ostree-prepare-root writes at boot.
    public var bootedFlag: String
    /// The physical root, where boot links resolve.
    public var sysroot: String
    /// The kernel command line, or nil when it cannot be read.
    public var commandLine: @Sendable () -> String?

    /// A resolver that reads `bootedFlag`, `sysroot` and `commandLine`; the defaults are the running system's.
    public init(
        bootedFlag: String = "/run/ostree-booted", sysroot: String = "/sysroot",
        commandLine: @escaping @Sendable () -> String? = DeploymentResolver.kernelCommandLine
    ) {
        self.bootedFlag = bootedFlag
        self.sysroot = sysroot
        self.commandLine = commandLine
    }

    /// What the resolver found.
    public enum Outcome: Equatable, Sendable {
        /// Not booted from an ostree deployment (no /run/ostree-booted): state is not keyed.
        case notOSTree
        /// The booted deployment's id, `CHECKSUM.SERIAL`.
        case booted(String)
        /// Booted from ostree, but the deployment could not be told; why.
        case unresolved(String)
    }

    /// The booted deployment, or why it could not be told; `notOSTree` when `bootedFlag` does not exist.
    public func booted() -> Outcome {
        var status = stat()
        guard lstat(bootedFlag, &status) == 0 else { return .notOSTree }
        guard let line = commandLine() else { return .unresolved("cannot read the kernel command line") }
        guard let link = Deployment.bootlink(inCommandLine: line) else {
            return .unresolved("the kernel command line has no ostree= argument")
        }
        guard Deployment.parseBootlink(link) != nil else {
            return .unresolved("ostree=\(link) is not /ostree/boot.BOOTVERSION/OSNAME/BOOTCSUM/TREESERIAL")
        }
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(sysroot + link, &buffer, buffer.count - 1)
        guard count > 0 else {
            return .unresolved("\(sysroot)\(link) is not a symlink (\(String(cString: strerror(errno))))")
        }
        let target = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let name = target.split(separator: "/").last, let id = Deployment.deploymentName(name) else {
            return .unresolved("\(sysroot)\(link) points to \(target), not to a deployment CHECKSUM.SERIAL")
        }
        return .booted(id)
    }

    /// /proc/cmdline; in a container, PID 1's arguments (NUL-separated, after its name), which systemd takes as the
    /// kernel command line there.
    @Sendable public static func kernelCommandLine() -> String? {
        var status = stat()
        let container = lstat("/run/systemd/container", &status) == 0
        let path = container ? "/proc/1/cmdline" : "/proc/cmdline"
        guard case .success(let bytes) = RegularFile.read(path, limit: 1 << 20) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        return container ? text.split(separator: "\0").dropFirst().joined(separator: " ") : text
    }
}
