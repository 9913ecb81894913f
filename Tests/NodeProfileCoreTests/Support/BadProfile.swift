import Testing

@testable import NodeProfileCore

/// One invalid profile and the diagnostic it must produce at its ⟪marked⟫ token.
struct BadProfile: Sendable, CustomTestStringConvertible {
    let name: String
    let yaml: String
    /// A substring the diagnostic's message must contain.
    let message: String
    /// The profile path the diagnostic must name (nil for syntax problems).
    let path: String?
    var severity: Severity = .error
    /// True when the text is the whole file (no shared header).
    var raw = false
    /// Files beside the profile (password files).
    var files: [String: String] = [:]
    /// Substrings of the other diagnostics the case must also produce: independent problems of its text, never a
    /// follow-on of the marked one. Any diagnostic matching neither `message` nor one of these fails the case.
    var also: [String] = []

    var testDescription: String { name }
}
