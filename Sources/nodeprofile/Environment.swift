import Foundation

/// One environment variable, read with getenv: ProcessInfo's `environment` copies every variable into a dictionary
/// on each call, which cost a tenth of a small build's own work.
enum Environment {
    /// The variable's value, or nil when it is unset.
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
