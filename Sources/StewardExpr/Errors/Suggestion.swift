/// "Did you mean …?": the known name closest to a misspelt one, if any is close enough.
public enum Suggestion {
    /// The candidate with the smallest edit distance to `word` (ignoring case), when that distance
    /// is small for the word's length: 1 up to 5 characters, 2 up to 8, 3 beyond. A candidate that
    /// begins the word or that the word begins (`AUTOREM_SLO_ALIGN` for `AUTOREM_SLO_ALIGNMENT`)
    /// also qualifies, after any closer one.
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let limit = max(1, min(3, word.count / 3))
        let lowered = word.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let other = candidate.lowercased()
            var distance = editDistance(lowered, other)
            let extends = lowered.hasPrefix(other) || other.hasPrefix(lowered)
            if distance > limit, min(lowered.count, other.count) >= 4, extends {
                distance = limit + 1
            } else if distance > limit {
                continue
            }
            if distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// `"; did you mean 'x'?"` or nothing, to append to a message.
    public static func hint(for word: String, among candidates: some Sequence<String>) -> String {
        closest(to: word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
    /// neighbouring characters each cost 1, so `maxAtempts` and `ATTEMTPS` are one step away.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
