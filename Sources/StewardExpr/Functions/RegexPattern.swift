/// RE2 patterns mapped onto Swift's `Regex`. Swift's engine backtracks while RE2 runs in linear
/// time, so before compiling, a pattern is screened: constructs RE2 lacks (backreferences,
/// lookaround, atomic groups, possessive quantifiers, recursion, conditionals) are refused, and so
/// is a repeated group that could match the same text in many ways (one holding a quantifier,
/// like `(a+)*`, or alternatives that may start alike, like `(a|ab)*`): those are the patterns
/// that take exponential time on a backtracking engine. `\pL` is rewritten to `\p{L}`.
enum RegexPattern {
    /// A compiled pattern, or the reason it was refused.
    static func compile(_ pattern: String, limits: ExprLimits) throws(Fault) -> CompiledPattern {
        let scalars = Array(pattern.unicodeScalars)
        guard scalars.count <= limits.maxPatternLength else {
            throw Fault(.invalidRegex, "regular expression of \(scalars.count) code points exceeds the limit of \(limits.maxPatternLength)",
                        expected: "a shorter pattern")
        }
        var (translated, repetitions) = try screen(scalars)
        // `matches` searches, so a leading `.*` matches nothing more: dropping it removes a
        // repetition, which is what the engine's worst case grows with.
        for prefix in [".*?", ".*"] where translated.hasPrefix(prefix) && !translated.dropFirst(prefix.count).hasPrefix("+") {
            translated.removeFirst(prefix.count)
            repetitions -= 1
            break
        }
        do {
            return CompiledPattern(
                try Regex(translated).matchingSemantics(.unicodeScalar).asciiOnlyCharacterClasses(), repetitions: max(repetitions, 0))
        } catch {
            throw Fault(.invalidRegex, "invalid regular expression '\(pattern)': \(error)", expected: "RE2 syntax")
        }
    }

    /// Whether `text` contains a match (RE2's `matches` is an unanchored search).
    static func matches(_ text: String, _ pattern: CompiledPattern, limits: ExprLimits) throws(Fault) -> Bool {
        guard text.utf8.count <= limits.maxMatchInputLength || text.unicodeScalars.count <= limits.maxMatchInputLength else {
            throw Fault(.limitExceeded, "matches() input exceeds \(limits.maxMatchInputLength) code points", expected: "a shorter string")
        }
        // The engine backtracks: its worst case grows as n^(r+1). Refuse what could take seconds.
        let length = text.unicodeScalars.count
        if work(length, pattern.repetitions) > limits.maxMatchWork {
            var most = 0
            while work(most + 1, pattern.repetitions) <= limits.maxMatchWork { most += 1 }
            throw Fault(
                .limitExceeded,
                "matches() with a pattern of \(pattern.repetitions) repetitions searches at most \(most) code points, and the input has \(length)",
                expected: "a shorter string, or a pattern with fewer '*', '+' and '{n,}' (a leading '.*' is not needed: matches() searches)")
        }
        return text.contains(pattern.regex)
    }

    /// A search's worst-case work on a backtracking engine: n^(repetitions + 1).
    private static func work(_ length: Int, _ repetitions: Int) -> Double {
        var total = 1.0
        for _ in 0...repetitions { total *= Double(length) }
        return total
    }

    private struct Group {
        var hasQuantifier = false
        var alternativeStarts: [Unicode.Scalar?] = []
        var atAlternativeStart = true
        var hasAlternation = false
    }

    private static func refuse(_ what: String) -> Fault {
        Fault(.invalidRegex, "regular expression uses \(what), which this engine does not support",
              expected: "RE2 syntax without nested or ambiguous repetition (see docs/expressions.md)")
    }

    /// Checks the pattern and returns the text to hand to Swift, with its number of repetitions.
    private static func screen(_ s: [Unicode.Scalar]) throws(Fault) -> (String, Int) {
        var out = String.UnicodeScalarView()
        var repetitions = 0
        var stack = [Group()]
        var i = 0
        var afterQuantifier = false
        func noteAtom(_ first: Unicode.Scalar?) {
            afterQuantifier = false
            if stack[stack.count - 1].atAlternativeStart {
                stack[stack.count - 1].alternativeStarts.append(first)
                stack[stack.count - 1].atAlternativeStart = false
            }
        }
        while i < s.count {
            let c = s[i]
            switch c {
            case "\\":
                guard i + 1 < s.count else { throw Fault(.invalidRegex, "regular expression ends with '\\'", expected: "an escape after '\\'") }
                let e = s[i + 1]
                if ("1"..."9").contains(e) || e == "k" || e == "g" { throw refuse("a backreference") }
                noteAtom(nil)
                if e == "p" || e == "P", i + 2 < s.count, s[i + 2] != "{" {
                    out.append(contentsOf: ["\\", e, "{", s[i + 2], "}"])
                    i += 3
                } else {
                    out.append(contentsOf: [c, e])
                    i += 2
                }
            case "[":
                var j = i + 1
                if j < s.count, s[j] == "^" { j += 1 }
                if j < s.count, s[j] == "]" { j += 1 }
                while j < s.count, s[j] != "]" {
                    if s[j] == "\\" {
                        j += 1
                    } else if s[j] == "[", j + 1 < s.count, s[j + 1] == ":" {
                        while j + 1 < s.count, !(s[j] == ":" && s[j + 1] == "]") { j += 1 }
                        j += 1
                    }
                    j += 1
                }
                let end = min(j, s.count - 1)
                out.append(contentsOf: s[i...end])
                i = end + 1
                noteAtom(nil)
            case "(":
                noteAtom(nil)
                var j = i + 1
                if j < s.count, s[j] == "?" {
                    j += 1
                    let k = j < s.count ? s[j] : ")"
                    if k == "=" || k == "!" || k == ">" || k == "(" || k == "R" || k == "|" || ("0"..."9").contains(k) {
                        throw refuse("lookaround, atomic groups, branch reset or recursion")
                    }
                    if k == "<", j + 1 < s.count, s[j + 1] == "=" || s[j + 1] == "!" { throw refuse("lookbehind") }
                    if k == "P" || k == "<" || k == "'" {
                        while j < s.count, s[j] != ">", s[j] != "'" || j == i + 2 { j += 1 }
                        j += 1
                    } else {
                        while j < s.count, s[j] != ":", s[j] != ")" { j += 1 }
                        if j < s.count, s[j] == ")" {
                            // Flags only, such as (?i): not a group.
                            out.append(contentsOf: s[i...j])
                            i = j + 1
                            continue
                        }
                        j += 1
                    }
                }
                let end = min(j, s.count)
                out.append(contentsOf: s[i..<end])
                i = end
                stack.append(Group())
            case ")":
                out.append(c)
                i += 1
                guard stack.count > 1 else { continue }
                let group = stack.removeLast()
                if isRepetition(s, at: i) {
                    if group.hasQuantifier { throw refuse("a repeated group that contains a quantifier (nested repetition)") }
                    let starts = group.alternativeStarts
                    if group.hasAlternation, starts.contains(where: { $0 == nil }) || Set(starts.compactMap { $0 }).count != starts.count {
                        throw refuse("a repeated group whose alternatives may start alike")
                    }
                }
                if group.hasQuantifier { stack[stack.count - 1].hasQuantifier = true }
                afterQuantifier = false
            case "|":
                stack[stack.count - 1].hasAlternation = true
                stack[stack.count - 1].atAlternativeStart = true
                afterQuantifier = false
                out.append(c)
                i += 1
            case "*", "+", "?", "{":
                if c == "{", !isQuantifier(s, at: i) {
                    noteAtom(c)
                    out.append(c)
                    i += 1
                    continue
                }
                if afterQuantifier {
                    if c == "+" { throw refuse("a possessive quantifier") }
                    if c != "?" { throw Fault(.invalidRegex, "regular expression repeats a quantifier", expected: "an atom before each quantifier") }
                    afterQuantifier = false
                    out.append(c)
                    i += 1
                    continue
                }
                stack[stack.count - 1].hasQuantifier = true
                if isRepetition(s, at: i) { repetitions += 1 }
                var j = i
                if c == "{" { while j < s.count, s[j] != "}" { j += 1 } }
                out.append(contentsOf: s[i...min(j, s.count - 1)])
                i = j + 1
                afterQuantifier = true
            case "^", "$", ".":
                noteAtom(nil)
                out.append(c)
                i += 1
            default:
                noteAtom(c)
                out.append(c)
                i += 1
            }
        }
        return (String(out), repetitions)
    }

    /// Whether a quantifier (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`) starts at `i`.
    private static func isQuantifier(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        guard i < s.count else { return false }
        if s[i] == "*" || s[i] == "+" || s[i] == "?" { return true }
        guard s[i] == "{" else { return false }
        var j = i + 1
        var digits = 0
        while j < s.count, ("0"..."9").contains(s[j]) || s[j] == "," { if s[j] != "," { digits += 1 }; j += 1 }
        return digits > 0 && j < s.count && s[j] == "}"
    }

    /// Whether a quantifier that may match more than once starts at `i` (not `?` nor `{0,1}`).
    private static func isRepetition(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        guard isQuantifier(s, at: i) else { return false }
        if s[i] == "?" { return false }
        if s[i] == "{" {
            var j = i + 1
            var text = ""
            while j < s.count, s[j] != "}" { text.unicodeScalars.append(s[j]); j += 1 }
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            if parts.count == 1 { return (Int(parts[0]) ?? 2) > 1 }
            if let upper = Int(parts[1]) { return upper > 1 }
            return true
        }
        return true
    }
}
