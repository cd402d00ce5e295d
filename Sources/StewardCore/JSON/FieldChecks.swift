import StewardExpr
/// Reads typed fields out of a JSON object, collecting a problem per offending field (the field
/// named as the request names it) instead of stopping at the first.
struct FieldChecks {
    /// What is being read, for messages ("a status signal").
    let record: String
    var list: [FieldProblem] = []

    init(record: String) { self.record = record }

    mutating func add(_ field: String, _ reason: String) { list.append(FieldProblem(field: field, reason: reason)) }

    mutating func unknown(_ fields: [String: JSONValue], allowed: Set<String>, prefix: String) {
        guard fields.keys.contains(where: { !allowed.contains($0) }) else { return }
        // A nested object's own name: "metrics.foo is not a field of a status signal's metrics".
        let owner = prefix.isEmpty ? record : "\(record)'s \(prefix.dropLast())"
        for key in fields.keys.sorted() where !allowed.contains(key) {
            add(prefix + key, "is not a field of \(owner) (expected one of \(allowed.sorted().joined(separator: ", ")))" + Suggestion.hint(for: key, among: allowed))
        }
    }

    /// Whether `s` holds a C0 or C1 control character or DEL, read from its UTF-8 bytes (C1
    /// characters are encoded 0xC2 0x80...0x9F).
    static func hasControlCharacter(_ s: String) -> Bool {
        // Native strings keep contiguous UTF-8: scanning the buffer skips the view's iterator.
        s.utf8.withContiguousStorageIfAvailable { hasControlCharacter($0) } ?? hasControlCharacter(s.utf8)
    }

    private static func hasControlCharacter(_ bytes: some Sequence<UInt8>) -> Bool {
        var afterC2 = false
        for byte in bytes {
            if byte < 0x20 || byte == 0x7F || (afterC2 && byte >= 0x80 && byte <= 0x9F) { return true }
            afterC2 = byte == 0xC2
        }
        return false
    }

    /// What is wrong with `s` as a name a record carries (a skill, an agent, a provider), or nil.
    static func nameProblem(_ s: String) -> String? {
        // A bidirectional override would make the name display as another; its UTF-8 starts with 0xE2.
        if s.isEmpty || (s.utf8.count > 128 && s.count > 128) || hasControlCharacter(s) || (s.utf8.contains(0xE2) && s.hasBidiOverride) {
            return "must be 1 to 128 printable characters (no control characters or bidirectional overrides)"
        }
        // "ws " and "ws" would be two skills (or agents) an operator cannot tell apart.
        if s.first?.isWhitespace == true || s.last?.isWhitespace == true {
            return s.allSatisfy(\.isWhitespace) ? "must not be blank" : "must not begin or end with whitespace, got \(s.debugDescription)"
        }
        return nil
    }

    mutating func name(_ value: JSONValue?, _ field: String, required: Bool) -> String? {
        switch value {
        case .string(let s)?:
            if let problem = Self.nameProblem(s) {
                add(field, problem)
                return nil
            }
            return s
        case nil, .null?:
            if required { add(field, "is required") }
            return nil
        default:
            add(field, "must be a string")
            return nil
        }
    }

    mutating func text(_ value: JSONValue?, _ field: String, limit: Int) -> String? {
        switch value {
        case .string(let s)?:
            if s.utf8.count > limit { add(field, "must be at most \(limit) bytes") }
            return s
        case nil, .null?: return nil
        default:
            add(field, "must be a string")
            return nil
        }
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ value: JSONValue?, _ field: String, _: T.Type, required: Bool) -> T?
    where T.RawValue == String {
        switch value {
        case .string(let s)?:
            if let v = T(rawValue: s) { return v }
            add(field, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), got '\(s.prefix(64))'")
        case nil, .null?:
            if required { add(field, "is required: one of \(T.allCases.map(\.rawValue).joined(separator: ", "))") }
        default:
            add(field, "must be a string: one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return nil
    }

    mutating func number(_ value: JSONValue?, _ field: String, in range: ClosedRange<Double>, required: Bool) -> Double? {
        switch value {
        case .int, .double:
            guard let d = value?.doubleValue, d.isFinite, range.contains(d) else {
                let d = value?.doubleValue ?? .nan
                add(field, range.upperBound <= 1 ? "must be a number from 0 to 1"
                    : d.isFinite && d > range.upperBound ? "must be at most \(range.upperBound), got \(d)"
                    : range.upperBound < 1e9 ? "must be a number from \(Int(range.lowerBound)) to \(Int(range.upperBound))"
                    : "must be a number of at least 0")
                return nil
            }
            return d
        case nil, .null?:
            if required { add(field, "is required") }
            return nil
        default:
            add(field, "must be a number")
            return nil
        }
    }

    mutating func count(_ value: JSONValue?, _ field: String) -> Int? {
        switch value {
        case nil, .null?: return nil
        case let number?:
            // `3.0` is the count 3, as JSON Schema counts it.
            if let i = number.intValue, i >= 0, i <= Int64(Int32.max) { return Int(i) }
            add(field, "must be a whole number from 0 to \(Int32.max)")
            return nil
        }
    }

    mutating func names(_ value: JSONValue?, _ field: String) -> [String] {
        switch value {
        case .array(let items)?:
            if items.count > 64 { add(field, "must list at most 64 names") }
            return items.enumerated().compactMap { name($0.element, "\(field)[\($0.offset)]", required: true) }
        case nil, .null?: return []
        default:
            add(field, "must be a list of names")
            return []
        }
    }

    mutating func flag(_ value: JSONValue?, _ field: String) -> Bool? {
        switch value {
        case .bool(let b)?: return b
        case nil, .null?: return nil
        default:
            add(field, "must be true or false")
            return nil
        }
    }
}

extension String {
    /// Whether it holds a C0 or C1 control character or DEL (a NUL among them).
    public var hasControlCharacter: Bool { FieldChecks.hasControlCharacter(self) }

    /// Whether it holds a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069), which
    /// make text display in another order than it is stored.
    public var hasBidiOverride: Bool {
        unicodeScalars.contains { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) }
    }
}
