/// A strict JSON parser (RFC 8259) into ``JSONValue``, keeping integers exact.
///
/// Numbers without a fraction or exponent that fit in 64 bits become `.int`; all others `.double`.
/// Nesting is limited so hostile input cannot exhaust the stack.
public enum JSONReader {
    /// The deepest nesting of arrays and objects accepted.
    public static let maxDepth = 128

    /// Parses a complete JSON document.
    public static func parse(_ bytes: some Collection<UInt8>, repeatedNames: RepeatedNames = .lastWins) throws(JSONReadError) -> JSONValue {
        try parse(Array(bytes), repeatedNames: repeatedNames)
    }

    /// Parses a complete JSON document held in an array (no copy, no generic dispatch).
    public static func parse(_ bytes: [UInt8], repeatedNames: RepeatedNames = .lastWins) throws(JSONReadError) -> JSONValue {
        try parse(bytes, in: bytes.indices, repeatedNames: repeatedNames)
    }

    /// Parses the JSON document in `bytes[range]` (error offsets count from the range's start).
    public static func parse(_ bytes: [UInt8], in range: Range<Int>, repeatedNames: RepeatedNames = .lastWins) throws(JSONReadError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, range: range, repeatedNames: repeatedNames)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        try parser.finish()
        return value
    }

    /// Parses a JSON document held in a String.
    public static func parse(_ text: String, repeatedNames: RepeatedNames = .lastWins) throws(JSONReadError) -> JSONValue {
        try parse(Array(text.utf8), repeatedNames: repeatedNames)
    }

    /// What a member name repeated within one object means. RFC 8259 leaves it to the reader: what
    /// Steward wrote itself (canonical, so never repeated) and what others answer is read with
    /// the last value winning; a request body is refused, so a client never has a field read
    /// differently from what it meant (`{"agent":"Content","agent":"CMO"}`).
    public enum RepeatedNames: Sendable {
        /// A repeated name keeps its last value.
        case lastWins
        /// A request body: a repeated name is an error naming its path, and so is an integer past
        /// 64 bits (it could only be kept rounded).
        case refused
    }
}

/// Malformed JSON, with the byte offset where reading stopped.
public struct JSONReadError: Error, Sendable, CustomStringConvertible {
    /// Byte offset of the problem.
    public let offset: Int
    /// What was wrong.
    public let reason: String
    /// The member a problem is about, as a path from the document's root (`params.x`,
    /// `[2].agent`); set for a repeated name.
    public private(set) var field: String?

    init(offset: Int, reason: String, field: String? = nil) {
        self.offset = offset
        self.reason = reason
        self.field = field
    }

    /// The same error seen from the member or item that holds it (the path grows outwards).
    func within(_ component: String) -> JSONReadError {
        guard let field else { return self }
        var copy = self
        copy.field = field.hasPrefix("[") ? component + field : component + "." + field
        return copy
    }

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

/// The reader's state over one document in a byte array.
struct JSONParser {
    let bytes: [UInt8]
    /// Where the document starts and ends in `bytes` (a line of a batch, say).
    let start: Int
    let end: Int
    var index: Int
    /// Members read so far of the objects being read, innermost last: each object becomes a
    /// dictionary of its exact size once complete, instead of growing one member at a time.
    var pending: [(key: String, value: JSONValue)] = []

    /// Whether a repeated member name is an error.
    let repeatedNames: JSONReader.RepeatedNames

    init(bytes: [UInt8], range: Range<Int>, repeatedNames: JSONReader.RepeatedNames = .lastWins) {
        self.bytes = bytes
        start = range.lowerBound
        end = range.upperBound
        index = range.lowerBound
        self.repeatedNames = repeatedNames
    }

    func error(_ reason: String) -> JSONReadError { JSONReadError(offset: index - start, reason: reason) }

    /// Only whitespace may follow the document.
    mutating func finish() throws(JSONReadError) {
        skipWhitespace()
        guard index == end else { throw error("unexpected data after the JSON value") }
    }

    mutating func skipWhitespace() {
        while index < end {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func literal(_ word: String, _ value: JSONValue) throws(JSONReadError) -> JSONValue {
        for c in word.utf8 {
            guard index < end, bytes[index] == c else { throw error("expected '\(word)'") }
            index += 1
        }
        return value
    }

    mutating func value(depth: Int) throws(JSONReadError) -> JSONValue {
        guard depth < JSONReader.maxDepth else { throw error("nesting deeper than \(JSONReader.maxDepth)") }
        guard index < end else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("unexpected character")
        }
    }

    mutating func object(depth: Int) throws(JSONReadError) -> JSONValue {
        index += 1
        skipWhitespace()
        if index < end, bytes[index] == UInt8(ascii: "}") { index += 1; return .object([:]) }
        let base = pending.count
        defer { pending.removeSubrange(base...) }
        while true {
            skipWhitespace()
            guard index < end, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a member name") }
            let key = try string()
            skipWhitespace()
            guard index < end, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            do { pending.append((key, try value(depth: depth + 1))) } catch { throw error.within(key) }
            skipWhitespace()
            guard index < end else { throw error("unexpected end of input in an object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                var members = [String: JSONValue](minimumCapacity: pending.count - base)
                // A repeated name keeps its last value, unless names must be unique.
                for (key, value) in pending[base...] { members[key] = value }
                if members.count < pending.count - base, case .refused = repeatedNames { throw repeatedName(from: base) }
                return .object(members)
            }
            throw error("expected ',' or '}'")
        }
    }

    /// The error for the first name repeated among the pending members from `base`.
    func repeatedName(from base: Int) -> JSONReadError {
        var seen: [String: String] = [:]
        for (key, _) in pending[base...] {
            guard let earlier = seen[key] else {
                seen[key] = key
                continue
            }
            // Names are compared as Swift compares text, under Unicode canonical equivalence: two
            // spellings of one name ("é" precomposed and "e" with a combining accent) are one.
            if Array(earlier.unicodeScalars) != Array(key.unicodeScalars) {
                return JSONReadError(
                    offset: index - 1 - start,
                    reason: "the member names '\(earlier)' and '\(key)' are the same name in two Unicode spellings (canonically equivalent); send one of them",
                    field: key)
            }
            return JSONReadError(offset: index - 1 - start, reason: "the member name '\(key)' appears more than once", field: key)
        }
        return JSONReadError(offset: index - 1 - start, reason: "a member name appears more than once", field: "")
    }

    mutating func array(depth: Int) throws(JSONReadError) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < end, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            skipWhitespace()
            do { items.append(try value(depth: depth + 1)) } catch { throw error.within("[\(items.count)]") }
            skipWhitespace()
            guard index < end else { throw error("unexpected end of input in an array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw error("expected ',' or ']'")
        }
    }

    mutating func hex4() throws(JSONReadError) -> UInt32 {
        guard index + 4 <= end else { throw error("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw error("bad hex digit in \\u escape")
            }
            v = v << 4 | d
            index += 1
        }
        return v
    }

    mutating func string() throws(JSONReadError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes. Bytes ORed together tell an ASCII string, which needs no UTF-8
        // validation (the generic validating initializer is most of a short string's cost).
        var high: UInt8 = 0
        while index < end, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
            high |= bytes[index]
            index += 1
        }
        guard index < end else { throw error("unterminated string") }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            if high < 0x80 {
                return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<(index - 1)]), as: UTF8.self) }
            }
            return try validated(bytes[start..<(index - 1)])
        }
        var out = Array(bytes[start..<index])
        while index < end {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") { index += 1; return try validated(out[...]) }
            if c < 0x20 { throw error("control character in string") }
            if c != UInt8(ascii: "\\") { out.append(c); index += 1; continue }
            index += 1
            guard index < end else { throw error("unterminated escape") }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard index + 6 <= end, bytes[index] == 0x5C, bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("lone high surrogate")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("invalid low surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw error("lone low surrogate")
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("invalid code point") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw error("invalid escape")
            }
        }
        throw error("unterminated string")
    }

    func validated(_ slice: ArraySlice<UInt8>) throws(JSONReadError) -> String {
        guard let s = String(validating: slice, as: UTF8.self) else { throw error("string is not valid UTF-8") }
        return s
    }

    mutating func number() throws(JSONReadError) -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < end, (48...57).contains(bytes[index]) else { throw error("expected a digit") }
        if bytes[index] == 48 { index += 1 } else { while index < end, (48...57).contains(bytes[index]) { index += 1 } }
        var isInteger = true
        if index < end, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < end, (48...57).contains(bytes[index]) else { throw error("expected a digit after '.'") }
            while index < end, (48...57).contains(bytes[index]) { index += 1 }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < end, (48...57).contains(bytes[index]) else { throw error("expected an exponent") }
            while index < end, (48...57).contains(bytes[index]) { index += 1 }
        }
        // Up to 18 digits cannot overflow: summed here, without a String in between.
        let negative = bytes[start] == UInt8(ascii: "-")
        if isInteger, index - start - (negative ? 1 : 0) <= 18 {
            var magnitude: Int64 = 0
            for i in (negative ? start + 1 : start)..<index { magnitude = magnitude * 10 + Int64(bytes[i] &- 48) }
            return .int(negative ? -magnitude : magnitude)
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let i = Int64(text) { return .int(i) }
        // A request's integer past 64 bits would be kept as a rounded double: refused, not changed.
        if isInteger, case .refused = repeatedNames {
            throw error("integer outside the 64-bit range; Steward keeps integers exactly and does not round them")
        }
        guard let d = Double(text), d.isFinite else { throw error("number out of range") }
        return .double(d)
    }
}
