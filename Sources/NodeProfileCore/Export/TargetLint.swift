import Foundation

/// Refuses, by name, export targets that would silently drop what nodeprofile exports to them.
public enum TargetLint {
    /// osbuild image types that deploy an ostree commit built by another compose and refuse or skip the blueprint's
    /// `customizations.files` and `directories` (osbuild/images' checks allow these types only users, groups, FIPS,
    /// installer, Ignition, kernel or filesystem customizations): the deployed /etc comes from the commit.
    public static let ostreeDeployingImageTypes: Set<String> = [
        "edge-installer", "edge-simplified-installer", "edge-raw-image", "edge-ami", "edge-vsphere",
        "rhel-edge-installer",
        "iot-installer", "iot-simplified-installer",
    ]

    /// osbuild image types whose blueprint files land in the image: package-mode disks and installers, the ostree
    /// commits and containers (files under /etc become the commit's defaults, kept by the three-way merge), and
    /// Fedora's iot-raw-image and iot-qcow2-image, whose checks allow Files and Directories.
    public static let fileCarryingImageTypes: Set<String> = [
        "ami", "ec2", "ec2-ha", "ec2-sap", "azure-rhui", "azure-sap-rhui", "vhd", "gce", "gce-rhui", "qcow2",
        "openstack",
        "oci", "vmdk", "ova", "tar", "wsl", "minimal-raw", "image-installer", "container",
        "edge-commit", "edge-container", "rhel-edge-commit", "rhel-edge-container",
        "iot-commit", "iot-container", "iot-bootable-container", "iot-raw-image", "iot-qcow2-image",
    ]

    /// Nil when a blueprint's file customizations reach an image of `imageType`, else why not and what to use instead.
    public static func blueprint(imageType: String) -> ValueError? {
        if ostreeDeployingImageTypes.contains(imageType) {
            let commit = imageType.hasPrefix("iot-") ? "iot-commit or iot-container" : "edge-commit or edge-container"
            return ValueError(
                """
                --image-type \(imageType): this image type deploys an ostree commit and does not apply the blueprint's \
                customizations.files or directories, so every nodeprofile file would be dropped silently. Use the RPM \
                instead: `nodeprofile package` and `make rpm`, then list nodeprofile-NAME and nodeprofile-agent under \
                [[packages]] in the blueprint of the \(commit) this image deploys (nodeprofile-agent writes /etc at first boot)
                """)
        }
        guard fileCarryingImageTypes.contains(imageType) else {
            let known = (ostreeDeployingImageTypes.union(fileCarryingImageTypes)).sorted().joined(separator: ", ")
            return ValueError("--image-type \(imageType.debugEscaped): unknown osbuild image type; known: \(known)")
        }
        return nil
    }

    /// Ignition variants an export can be linted for (`--variant`).
    public enum IgnitionVariant: String, CaseIterable, Sendable {
        /// Butane's `r4e` (RHEL for Edge) 1.0 variant, which targets Ignition spec 3.3.0 without storage devices or kernel arguments.
        case r4e
    }

    /// Config sections Butane's r4e variant cannot carry (RHEL for Edge's Ignition has no disk or kernel-argument
    /// stages), keyed by their Ignition JSON path, with what each is.
    static let r4eRefused: [(path: [String], what: String)] = [
        (["kernelArguments"], "kernel arguments"),
        (["storage", "disks"], "disks (partitioning)"),
        (["storage", "filesystems"], "filesystems"),
        (["storage", "luks"], "LUKS volumes"),
        (["storage", "raid"], "RAID arrays"),
    ]

    /// Every section of an Ignition config (JSON text) that `variant` cannot carry, one message each; empty when it can.
    public static func ignition(_ config: String, variant: IgnitionVariant) -> [String] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(config.utf8))) as? [String: Any] else {
            return ["the Ignition config is not a JSON object"]
        }
        var problems: [String] = []
        for (path, what) in r4eRefused {
            var value: Any? = object
            for key in path { value = (value as? [String: Any])?[key] }
            guard let value, !isEmpty(value) else { continue }
            problems.append(
                "--variant \(variant.rawValue): RHEL for Edge's Ignition (Butane r4e) cannot carry \(what): "
                    + "\(path.joined(separator: ".")) must be absent")
        }
        return problems
    }

    /// True for null, an empty list, or an object whose members are all empty (`{"shouldExist": []}`): it carries nothing.
    private static func isEmpty(_ value: Any) -> Bool {
        if let list = value as? [Any] { return list.isEmpty }
        if let object = value as? [String: Any] { return object.values.allSatisfy(isEmpty) }
        return value is NSNull
    }
}
