/// A position in an expression's source text (1-based line and column, counted in code points).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// Line number, from 1.
    public let line: Int
    /// Column number in code points, from 1.
    public let column: Int
    /// Offset from the start of the text, in code points.
    public let offset: Int

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}

/// An expression's source as code points, with line starts, so errors can point into it.
struct SourceText: Sendable {
    let text: String
    let scalars: [Unicode.Scalar]
    private let lineStarts: [Int]

    init(_ text: String) {
        self.text = text
        scalars = Array(text.unicodeScalars)
        var starts = [0]
        for (i, s) in scalars.enumerated() where s == "\n" { starts.append(i + 1) }
        lineStarts = starts
    }

    private func lineIndex(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    func location(of offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, scalars.count))
        let line = lineIndex(of: clamped)
        return SourceLocation(line: line + 1, column: clamped - lineStarts[line] + 1, offset: clamped)
    }

    /// The line holding `offset` and a caret under it; long lines are cut around the caret.
    func excerpt(at offset: Int) -> String {
        let clamped = max(0, min(offset, scalars.count))
        let line = lineIndex(of: clamped)
        let start = lineStarts[line]
        var end = start
        while end < scalars.count, scalars[end] != "\n" { end += 1 }
        var from = start
        var to = end
        let width = 100
        if to - from > width {
            from = max(start, clamped - width / 2)
            to = min(end, from + width)
        }
        var shown = String.UnicodeScalarView()
        for s in scalars[from..<to] { shown.append(s == "\t" || s.value < 0x20 ? " " : s) }
        let prefix = from > start ? "…" : ""
        let suffix = to < end ? "…" : ""
        let caretColumn = clamped - from + (prefix.isEmpty ? 0 : 1)
        return " | " + prefix + String(shown) + suffix + "\n | " + String(repeating: " ", count: caretColumn) + "^"
    }
}
