/// String operations on code points, as CEL defines them. Swift's own `==`, `<` and `contains`
/// work on canonically equivalent grapheme clusters, which differs from CEL for combining marks,
/// so everything here compares UTF-8 bytes (whose order is code-point order).
enum StringOps {
    /// Equal code point for code point.
    @inline(__always)
    static func exactlyEqual(_ a: String, _ b: String) -> Bool {
        // `==` is fast and can only err towards "equal" (canonical equivalence), so confirm bytes then.
        guard a == b else { return false }
        // Native strings expose their UTF-8 contiguously: compare the buffers, not the iterators.
        let contiguous = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in x.count == y.count && x.elementsEqual(y) }
        }
        if let contiguous, let result = contiguous { return result }
        return a.utf8.elementsEqual(b.utf8)
    }

    /// Code-point order: -1, 0 or 1.
    static func compare(_ a: String, _ b: String) -> Int {
        if exactlyEqual(a, b) { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }

    static func size(_ s: String) -> Int64 { Int64(s.unicodeScalars.count) }

    static func startsWith(_ s: String, _ prefix: String) -> Bool {
        s.utf8.count >= prefix.utf8.count && s.utf8.starts(with: prefix.utf8)
    }

    static func endsWith(_ s: String, _ suffix: String) -> Bool {
        let n = s.utf8.count, m = suffix.utf8.count
        return n >= m && s.utf8.dropFirst(n - m).elementsEqual(suffix.utf8)
    }

    /// Substring search on UTF-8 bytes; a match of whole code points, since UTF-8 is self-synchronising.
    static func contains(_ s: String, _ part: String) -> Bool {
        let needle = Array(part.utf8)
        guard !needle.isEmpty else { return true }
        let hay = Array(s.utf8)
        guard hay.count >= needle.count else { return false }
        let first = needle[0]
        var i = 0
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < needle.count, hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
