/// How serious a diagnostic is.
public enum Severity: String, Sendable, Codable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    /// Errors sort before warnings, warnings before notes.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A position in a source file: 1-based line and column (columns count Unicode scalars, as libyaml does),
/// plus the length of the token it marks, so a printer can underline it.
public struct SourceLocation: Sendable, Hashable, Codable {
    /// The file as the user named it.
    public var file: String
    /// 1-based line; 0 when the problem concerns the file as a whole.
    public var line: Int
    /// 1-based column in Unicode scalars; 0 when the problem concerns the file as a whole.
    public var column: Int
    /// How many scalars the offending token spans (at least 1).
    public var length: Int

    /// A location spanning `length` scalars (at least 1).
    public init(file: String, line: Int, column: Int, length: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
        self.length = max(1, length)
    }

    /// A location for problems that concern a whole file (unreadable, too large).
    public static func wholeFile(_ file: String) -> SourceLocation {
        SourceLocation(file: file, line: 0, column: 0)
    }
}

/// One problem found in a profile: what, where, and which profile field it concerns.
public struct Diagnostic: Error, Sendable, Hashable {
    /// Error, warning or note.
    public var severity: Severity
    /// One line saying what is wrong and what is allowed.
    public var message: String
    /// Where in the source the problem is.
    public var location: SourceLocation
    /// The profile path of the field concerned, such as `network.gateway.ipv4.address`; nil for syntax problems.
    public var path: String?

    /// A diagnostic at `location`, about the field at `path` when there is one.
    public init(_ severity: Severity, _ message: String, at location: SourceLocation, path: String? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.path = path
    }
}

extension Diagnostic: Comparable {
    /// Orders by file, then line, then column, then severity, so output reads top to bottom.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        let l = lhs.location
        let r = rhs.location
        if l.file != r.file { return l.file < r.file }
        if l.line != r.line { return l.line < r.line }
        if l.column != r.column { return l.column < r.column }
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        return lhs.message < rhs.message
    }
}

/// Collects the diagnostics of one compilation: `ProfileCompiler` reports every stage's into one bag, and
/// `FleetCompiler` every node's. Nothing is thrown, so all problems reach the user in one run.
public struct DiagnosticBag: Sendable {
    /// Everything reported so far, in report order.
    public private(set) var all: [Diagnostic] = []

    /// An empty bag.
    public init() {}

    /// Adds one diagnostic.
    public mutating func report(_ diagnostic: Diagnostic) { all.append(diagnostic) }

    /// Adds many diagnostics.
    public mutating func report(contentsOf diagnostics: [Diagnostic]) { all.append(contentsOf: diagnostics) }

    /// True when at least one error was reported.
    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// The diagnostics sorted by position and with exact repeats removed.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return all.sorted().filter { seen.insert($0).inserted }
    }
}

extension Array where Element == Diagnostic {
    /// The diagnostics with every warning made an error (`--strict`).
    public func warningsAsErrors() -> [Diagnostic] {
        map { diagnostic in
            var strict = diagnostic
            if strict.severity == .warning { strict.severity = .error }
            return strict
        }
    }
}
