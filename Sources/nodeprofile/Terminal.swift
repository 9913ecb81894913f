import Foundation

/// Where output goes, and whether it may be coloured.
enum Terminal {
    /// Colour only when standard error is a terminal and NO_COLOR is unset or empty (no-color.org).
    static var colourOnStandardError: Bool {
        if let value = Environment.value("NO_COLOR"), !value.isEmpty { return false }
        return isatty(STDERR_FILENO) == 1
    }

    /// Writes text to standard error.
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes text to standard output.
    static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
