import StewardCore

// The kinds of settings steward.yaml has. A new section reuses these or adds one beside them.

extension SettingType where Value == Int {
    /// A whole number of at least `minimum` (counts, minutes, bytes).
    static func integer(atLeast minimum: Int) -> Self {
        .scalar("an integer of at least \(minimum)", parse: wholeNumber) { value, text in
            outOfRange(text) ?? (value < minimum ? "must be at least \(minimum), got \(text)" : nil)
        }
    }

    /// A duration in minutes, at most a year: Steward turns durations into milliseconds, and a
    /// "never" written as a huge number must be refused, not overflow at run time (QA r8 freshness H2).
    static func minutes(atLeast minimum: Int) -> Self { .integer(atLeast: minimum, atMost: 525_600, "a year") }

    /// A duration in seconds, at most a year.
    static func seconds(atLeast minimum: Int) -> Self { .integer(atLeast: minimum, atMost: 31_536_000, "a year") }

    /// A duration in days, at most ten years.
    static func days(atLeast minimum: Int) -> Self { .integer(atLeast: minimum, atMost: 3_650, "ten years") }

    /// A whole number from `minimum` to `maximum`, which the refusal names as `span`; refusals
    /// below the minimum read as those of ``integer(atLeast:)``.
    static func integer(atLeast minimum: Int, atMost maximum: Int, _ span: String) -> Self {
        .scalar("an integer of at least \(minimum)", parse: wholeNumber) { value, text in
            if value < minimum { return outOfRange(text) ?? "must be at least \(minimum), got \(text)" }
            return value > maximum ? "must be at most \(maximum) (\(span)), got \(text)" : nil
        }
    }

    /// A whole number within `range` (a port).
    static func integer(in range: ClosedRange<Int>) -> Self {
        .scalar("an integer between \(range.lowerBound) and \(range.upperBound)", parse: wholeNumber) { value, text in
            range.contains(value) ? nil : "must be between \(range.lowerBound) and \(range.upperBound), got \(text)"
        }
    }

    /// The integer `text` spells; one too large (or small) for 64 bits parses as the bound, so the
    /// check can say it is out of range instead of calling it "not an integer".
    private static func wholeNumber(_ text: String) -> Int? {
        if let value = Int(text) { return value }
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return text.hasPrefix("-") ? Int.min : Int.max
    }

    /// Why `text`, a whole number, is no 64-bit integer; nil when it is one.
    private static func outOfRange(_ text: String) -> String? {
        guard Int(text) == nil else { return nil }
        return text.hasPrefix("-") ? "is too small, got \(text)" : "is too large: at most \(Int.max), got \(text)"
    }
}

extension SettingType where Value == Double {
    /// A finite number within `range` (probabilities and thresholds use 0...1).
    static func number(in range: ClosedRange<Double>) -> Self {
        let bounds = "between \(format(range.lowerBound)) and \(format(range.upperBound))"
        return .scalar("a number \(bounds)", parse: finite) { value, text in
            range.contains(value) ? nil : "must be \(bounds), got \(text)"
        }
    }

    /// A finite number of at least `minimum` (money, weights).
    static func number(atLeast minimum: Double) -> Self {
        .scalar("a number of at least \(format(minimum))", parse: finite) { value, text in
            value < minimum ? "must be at least \(format(minimum)), got \(text)" : nil
        }
    }

    /// Decimal notation only: Swift also reads `0x10` (16) and `0x1p3` (8), so a mistyped `0.10`
    /// became a $16 cost without a word (QA r8 orchestration M3).
    private static func finite(_ text: String) -> Double? {
        guard text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || "+-.eE".utf8.contains($0) }),
              let value = Double(text), value.isFinite
        else { return nil }
        return value
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

extension SettingType where Value == Bool {
    /// `true`/`false`, `yes`/`no` or `1`/`0`, in any case.
    static var boolean: Self {
        .scalar("true or false", parse: { text in
            switch text.lowercased() {
            case "true", "yes", "1": true
            case "false", "no", "0": false
            default: nil
            }
        })
    }
}

extension SettingType where Value == String {
    /// Any non-empty text (a host, a folder, a display name).
    static var text: Self {
        .scalar("a non-empty text", allowsQuoted: true, parse: { $0.isEmpty ? nil : $0 })
    }

    /// A name other settings and the API refer to: letters, digits, `.`, `_` and `-`, starting
    /// with a letter or digit, at most 64 characters. It becomes part of URLs and variable names.
    static var name: Self {
        .scalar(
            "a name of letters, digits, '.', '_' or '-' starting with a letter or digit", allowsQuoted: true,
            parse: { text in
                let allowed = { (c: Character) in
                    c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_" || c == "-")
                }
                guard let first = text.first, first.isASCII, first.isLetter || first.isNumber, text.count <= 64,
                    text.allSatisfy(allowed)
                else { return nil }
                return text
            }
        )
    }
}

extension SettingType where Value == String {
    /// An agent's name: any name an agent may report under (``APIName``: also `:` and `@`, at most
    /// 128 characters), starting with a letter or digit, so every agent the API can register can be
    /// declared here too.
    static var agentName: Self {
        .scalar(
            "a name of letters, digits, '.', '_', '-', ':' or '@' starting with a letter or digit", allowsQuoted: true,
            parse: { text in
                guard let first = text.first, first.isASCII, first.isLetter || first.isNumber, APIName.isValid(text) else { return nil }
                return text
            }
        )
    }
}

extension SettingType where Value == Domain {
    /// One of the five domains, spelt as in the requirement documents.
    static var domain: Self {
        let names = Domain.allCases.map(\.rawValue)
        return .scalar(
            "one of \(names.joined(separator: ", "))", allowsQuoted: true, candidates: names,
            parse: { Domain(rawValue: $0) }
        )
    }
}

extension SettingType where Value == DegradeMode {
    /// `ReducedScope` or `UseLastKnownGood<=6h`.
    static var degradeMode: Self {
        .scalar(
            DegradeMode.accepted, allowsQuoted: true,
            parse: { DegradeMode(parsing: $0) }
        )
    }
}

extension SettingType where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
    /// One of an enumeration's spellings (`low`, `medium`, `high`), suggesting the closest on a typo.
    static var choice: Self {
        let names = Value.allCases.map(\.rawValue)
        return .scalar(
            "one of \(names.joined(separator: ", "))", allowsQuoted: true, candidates: names,
            parse: { Value(rawValue: $0) }
        )
    }
}
