/// The text of one input file, checked to be safe to hand to the YAML parser, with its lines for snippets.
public struct SourceText: Sendable {
    /// The file name as the user gave it; every diagnostic carries it.
    public let file: String
    /// The decoded text.
    public let text: String
    /// The lines of `text`, without their line breaks.
    public let lines: [Substring]

    /// Limits that keep a hostile file from exhausting memory, stack or time.
    public struct Limits: Sendable {
        /// Largest accepted file, in bytes.
        public var maxBytes: Int
        /// Deepest accepted nesting, as bounded by a scan of the raw text before parsing.
        public var maxRawNesting: Int
        /// Deepest accepted nesting of the parsed document.
        public var maxDepth: Int
        /// Most nodes a document may expand to once aliases are followed.
        public var maxNodes: Int

        /// Limits for one node profile: profiles are a few kilobytes.
        public static let profile = Limits(maxBytes: 1 << 20, maxRawNesting: 256, maxDepth: 32, maxNodes: 100_000)
        /// Limits for a fleet file: a base profile's overrides for up to some hundred thousand nodes.
        public static let fleet = Limits(maxBytes: 64 << 20, maxRawNesting: 256, maxDepth: 32, maxNodes: 4_000_000)

        /// Limits in bytes, raw nesting, depth and expanded nodes.
        public init(maxBytes: Int, maxRawNesting: Int, maxDepth: Int, maxNodes: Int) {
            self.maxBytes = maxBytes
            self.maxRawNesting = maxRawNesting
            self.maxDepth = maxDepth
            self.maxNodes = maxNodes
        }
    }

    /// Decodes `bytes` as UTF-8, or explains where and why it cannot.
    public static func decode(_ bytes: [UInt8], file: String, limits: Limits = .profile) -> Result<
        SourceText, Diagnostic
    > {
        if bytes.count > limits.maxBytes {
            return .failure(
                Diagnostic(
                    .error,
                    "file is \(bytes.count) bytes; a profile may be at most \(limits.maxBytes) bytes",
                    at: .wholeFile(file)))
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let text = String(validating: body, as: UTF8.self) else {
            return .failure(invalidUTF8(body, file: file))
        }
        return .success(SourceText(file: file, text: text))
    }

    /// Wraps text that is already decoded (tests and in-memory inputs).
    public init(file: String, text: String) {
        self.file = file
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.last == "\r" ? $0.dropLast() : $0
        }
    }

    /// The text of a 1-based line, or nil past the end.
    public func line(_ number: Int) -> Substring? {
        number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }

    private static func invalidUTF8(_ bytes: ArraySlice<UInt8>, file: String) -> Diagnostic {
        // Find the first byte the decoder rejects, then express its offset as line:column.
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        var column = 1
        var offset = bytes.startIndex
        var consumed = 0
        loop: while true {
            let before = consumed
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                break loop
            case .error:
                offset = bytes.startIndex + before
                break loop
            }
        }
        let byte = bytes[offset]
        return Diagnostic(
            .error,
            "file is not valid UTF-8: byte 0x\(String(byte, radix: 16, uppercase: true)) at offset \(offset); profiles must be UTF-8 text",
            at: SourceLocation(file: file, line: line, column: column))
    }
}
