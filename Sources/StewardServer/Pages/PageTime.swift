import StewardCore

/// A moment as the pages show it: the `time` partial writes `<time datetime="…">` with the UTC
/// text, and the pages' script turns that into the viewer's local time with how long ago it was.
/// Without the script the UTC text stands, said to be UTC.
enum PageTime {
    /// The values the `time` partial reads: `datetime` (RFC 3339) and `utc` (the text shown).
    static func of(_ ts: Timestamp) -> [String: String] {
        ["datetime": ts.rfc3339, "utc": utc(ts)]
    }

    /// `2026-11-21T20:21:21.123Z` → `2026-11-21 20:21:21 UTC`.
    static func utc(_ ts: Timestamp) -> String {
        let text = ts.rfc3339
        // Years outside 0...9999 are written longer; those are shown as they are.
        guard text.utf8.count == 24 else { return text }
        return "\(text.prefix(10)) \(text.dropFirst(11).prefix(8)) UTC"
    }
}
