import Foundation
import NodeProfileManifest

// Placeholder until the agent issue: prints its version so packaging and tests can find it.
let arguments = CommandLine.arguments.dropFirst()
if arguments.isEmpty || arguments.first == "--version" {
    print("nodeprofile-agent 0.1.0 (manifest format \(BundleManifest.currentFormat)); apply, status, verify and rollback are not built yet")
} else {
    FileHandle.standardError.write(Data("nodeprofile-agent: '\(arguments.first!)' is not available in this build yet\n".utf8))
    exit(64)
}
