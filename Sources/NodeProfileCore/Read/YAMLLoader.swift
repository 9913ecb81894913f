import Yams

/// Reads one YAML document into a `YAMLValue`, turning every way it can fail into a located diagnostic.
///
/// Guards against hostile input before and while parsing: a raw nesting bound (the parser recurses),
/// a node budget that stops alias expansion ("billion laughs"), a depth limit, one document per file.
public struct YAMLLoader: Sendable {
    /// The limits applied.
    public var limits: SourceText.Limits

    /// A loader with the given limits (a profile's by default).
    public init(limits: SourceText.Limits = .profile) {
        self.limits = limits
    }

    /// A document, or the reasons there is none.
    public enum Outcome: Sendable {
        case success(YAMLValue)
        case failure([Diagnostic])
    }

    /// The document's root, or the diagnostics that explain why there is none.
    public func load(_ source: SourceText) -> Outcome {
        let file = source.file
        if let excess = NestingScan.firstExcess(in: source.text, limit: limits.maxRawNesting) {
            return .failure([
                Diagnostic(
                    .error,
                    "values nest more than \(limits.maxDepth) levels deep here (brackets, dashes and indentation open "
                        + "\(excess.bound) levels by this line); no profile field is nested that far",
                    at: SourceLocation(file: file, line: excess.line, column: excess.column))
            ])
        }
        if let key = KeyScan.firstComplexKey(in: source.text) {
            return .failure([
                Diagnostic(.error, key.what, at: SourceLocation(file: file, line: key.line, column: key.column))
            ])
        }
        do {
            // The basic resolver: we read every scalar as text and type it ourselves; the default one compiles seven
            // NSRegularExpressions at first use, a tenth of a whole `nodeprofile build`.
            let parser = try Parser(yaml: source.text, resolver: .basic)
            guard let root = try parser.nextRoot() else { return .failure([emptyDocument(file)]) }
            if let second = try parser.nextRoot() {
                let line = second.mark?.line ?? 1
                let column = second.mark?.column ?? 1
                return .failure([
                    Diagnostic(
                        .error,
                        "a second YAML document starts here; a profile file holds exactly one document (remove the extra '---')",
                        at: SourceLocation(file: file, line: line, column: column))
                ])
            }
            var converter = Converter(source: source, limits: limits)
            let value = try converter.convert(root, depth: 1)
            if !converter.diagnostics.isEmpty { return .failure(converter.diagnostics) }
            if value.isNull { return .failure([emptyDocument(file)]) }
            return .success(value)
        } catch let error as YamlError {
            return .failure(YAMLErrorTranslator(source: source).diagnostics(for: error))
        } catch let stop as Converter.Stop {
            return .failure([stop.diagnostic])
        } catch {
            return .failure([Diagnostic(.error, "cannot read YAML: \(error)", at: .wholeFile(file))])
        }
    }

    private func emptyDocument(_ file: String) -> Diagnostic {
        Diagnostic(
            .error,
            "the file holds no YAML document; a profile starts with 'apiVersion: nodeprofile/v1' and 'kind: NodeProfile'",
            at: SourceLocation(file: file, line: 1, column: 1))
    }
}

/// Turns Yams nodes into `YAMLValue`s within the node and depth budgets.
private struct Converter {
    struct Stop: Error { var diagnostic: Diagnostic }

    let source: SourceText
    let limits: SourceText.Limits
    var nodes = 0
    var diagnostics: [Diagnostic] = []

    init(source: SourceText, limits: SourceText.Limits) {
        self.source = source
        self.limits = limits
    }

    mutating func convert(_ node: Node, depth: Int) throws -> YAMLValue {
        let line = node.mark?.line ?? 1
        let column = node.mark?.column ?? 1
        var location = SourceLocation(file: source.file, line: line, column: column)
        nodes += 1
        if nodes > limits.maxNodes {
            throw Stop(
                diagnostic: Diagnostic(
                    .error,
                    "the document expands to more than \(limits.maxNodes) values; aliases (*name) may not multiply a profile past that",
                    at: location))
        }
        if depth > limits.maxDepth {
            throw Stop(
                diagnostic: Diagnostic(
                    .error,
                    "values nest more than \(limits.maxDepth) levels deep here; no profile field is nested that far",
                    at: location))
        }
        let lineText = source.line(line) ?? ""
        let explicitTag = TokenScanner.tag(in: lineText, column: column)
        if let tag = explicitTag, tag != "!!str" {
            diagnostics.append(
                Diagnostic(
                    .error,
                    "YAML tag '\(tag.debugEscaped)' is not used in profiles; remove it (only !!str is accepted)",
                    at: location))
        }
        switch node {
        case .scalar(let scalar):
            location.length = TokenScanner.length(in: lineText, column: column)
            let plain = scalar.style == .plain && explicitTag == nil
            var text = scalar.string
            if TokenScanner.startsWithZeroWidthNoBreakSpace(in: lineText, column: column) && !text.hasPrefix("\u{FEFF}")
            {
                // Put back what Yams dropped, so validation judges the value the user wrote.
                text = "\u{FEFF}" + text
            }
            return YAMLValue(kind: .scalar(text, plain: plain), location: location)
        case .sequence(let sequence):
            var items: [YAMLValue] = []
            items.reserveCapacity(sequence.count)
            for item in sequence { items.append(try convert(item, depth: depth + 1)) }
            return YAMLValue(kind: .sequence(items), location: location)
        case .mapping(let mapping):
            var entries: [YAMLValue.Entry] = []
            entries.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                let keyValue = try convert(key, depth: depth + 1)
                if keyValue.scalarText == nil {
                    diagnostics.append(
                        Diagnostic(
                            .error, "a mapping key must be a plain name, not \(keyValue.kindDescription)",
                            at: keyValue.location))
                }
                entries.append(.init(key: keyValue, value: try convert(value, depth: depth + 1)))
            }
            return YAMLValue(kind: .mapping(entries), location: location)
        case .alias:
            // Yams resolves aliases while composing; an unresolved one is an undefined anchor.
            throw Stop(diagnostic: Diagnostic(.error, "alias refers to no anchor", at: location))
        }
    }
}
