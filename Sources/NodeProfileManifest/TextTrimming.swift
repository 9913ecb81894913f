extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines (Unicode White_Space), as Foundation's
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives it; for the agent and the signing code, which do
    /// without Foundation.
    package func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
