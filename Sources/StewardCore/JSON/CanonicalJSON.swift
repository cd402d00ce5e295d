/// Canonical JSON as RFC 8785 (JCS) writes it, so an outside tool can re-derive ledger hashes.
///
/// - Object members are sorted by the UTF-16 code units of their keys.
/// - No insignificant whitespace.
/// - Strings escape only `"`, `\` and control characters (`\b \t \n \f \r`, else `\u00xx` in lower
///   case); everything else is written as UTF-8.
/// - Doubles use the shortest form that round-trips, written as ECMAScript's `Number.toString` does
///   (`1`, `0.1`, `1e-7`, `1e+21`); integers are written exactly. Non-finite doubles are not JSON and
///   are refused.
public enum CanonicalJSON {
    /// The canonical UTF-8 bytes of a JSON value.
    public static func encode(_ value: JSONValue) throws(CanonicalJSONError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try write(value, into: &out)
        return out
    }

    /// The canonical form of any Encodable value.
    public static func encode(_ value: some Encodable) throws(CanonicalJSONError) -> [UInt8] {
        try encode(JSONValueEncoder.encode(value))
    }

    /// The canonical form as a String.
    public static func string(_ value: JSONValue) throws(CanonicalJSONError) -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    /// Appends the canonical form of `value` to `out`.
    public static func write(_ value: JSONValue, into out: inout [UInt8]) throws(CanonicalJSONError) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): writeInt(i, into: &out)
        case .double(let d): try writeDouble(d, into: &out)
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            // Members sorted whole, so no value is looked up again by its key.
            let sorted = members.sorted { utf16Less($0.key, $1.key) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                try write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Orders keys by UTF-16 code units, as RFC 8785 §3.2.3 requires.
    ///
    /// Compared on the UTF-8 bytes: their order is the code points' order, which is UTF-16's
    /// except between a code point above U+FFFF (a surrogate pair, D800–DFFF first) and one in
    /// U+E000–U+FFFF (lead byte EE or EF), so that one case is turned around.
    static func utf16Less(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool in
                let common = min(x.count, y.count)
                var i = 0
                while i < common {
                    let p = x[i], q = y[i]
                    if p != q {
                        if p >= 0xF0 && (q == 0xEE || q == 0xEF) { return true }
                        if q >= 0xF0 && (p == 0xEE || p == 0xEF) { return false }
                        return p < q
                    }
                    i += 1
                }
                return x.count < y.count
            }
        }
        if let fast = fast ?? nil { return fast }
        return utf16IteratedLess(a, b)
    }

    /// ``utf16Less`` by walking both strings' UTF-16 views, for text without contiguous UTF-8.
    static func utf16IteratedLess(_ a: String, _ b: String) -> Bool {
        var ia = a.utf16.makeIterator()
        var ib = b.utf16.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?): if x != y { return x < y }
            }
        }
    }

    /// Writes a JSON string literal with the minimal escaping of RFC 8785.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most text needs no escape at all: scanned over its UTF-8 storage, copied in one go.
        let copied = s.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copied == true {
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Writes an integer exactly, in decimal digits.
    public static func writeInt(_ i: Int64, into out: inout [UInt8]) {
        if i < 0 { out.append(UInt8(ascii: "-")) }
        // The magnitude as unsigned, so Int64.min has one too.
        var rest = i.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 20 digits, filled from the end
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                count += 1
                buffer[24 - count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            out.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// Writes a double as ECMAScript's Number.prototype.toString would (RFC 8785 §3.2.2.3).
    static func writeDouble(_ d: Double, into out: inout [UInt8]) throws(CanonicalJSONError) {
        guard d.isFinite else { throw CanonicalJSONError(reason: "\(d) is not a JSON number") }
        if d == 0 { out.append(UInt8(ascii: "0")); return }
        let (digits, exponent) = shortestDigits(abs(d))
        if d < 0 { out.append(UInt8(ascii: "-")) }
        // n is the position of the decimal point relative to the digits, as in ECMA-262 7.1.12.1.
        let k = digits.count
        let n = exponent + 1
        if k <= n && n <= 21 {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
        } else if 0 < n && n <= 21 {
            out.append(contentsOf: digits[0..<n])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[n...])
        } else if -6 < n && n <= 0 {
            out.append(contentsOf: "0.".utf8)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            out.append(contentsOf: digits)
        } else {
            out.append(digits[0])
            if k > 1 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: digits[1...])
            }
            out.append(UInt8(ascii: "e"))
            out.append(UInt8(ascii: n - 1 >= 0 ? "+" : "-"))
            out.append(contentsOf: String(abs(n - 1)).utf8)
        }
    }

    /// The shortest round-tripping decimal digits of a positive finite double and the decimal
    /// exponent of the first digit, taken from Swift's own shortest representation.
    static func shortestDigits(_ d: Double) -> (digits: [UInt8], exponent: Int) {
        var text = d.description  // e.g. "123.45", "1e-07", "1.2345e+21"
        return text.withUTF8 { text in
            var digits: [UInt8] = []
            digits.reserveCapacity(text.count)
            var pointIndex: Int?
            var exponent = 0
            for (i, c) in text.enumerated() {
                if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                    exponent = Int(String(decoding: text[(i + 1)...], as: UTF8.self)) ?? 0
                    break
                } else if c == UInt8(ascii: ".") {
                    pointIndex = digits.count
                } else {
                    digits.append(c)
                }
            }
            let intDigits = pointIndex ?? digits.count
            // Strip leading zeros (e.g. "0.001") and trailing zeros (e.g. "100.0").
            var lead = 0
            while lead < digits.count - 1 && digits[lead] == UInt8(ascii: "0") { lead += 1 }
            var trail = digits.count
            while trail > lead + 1 && digits[trail - 1] == UInt8(ascii: "0") { trail -= 1 }
            digits.removeSubrange(trail...)
            digits.removeSubrange(..<lead)
            return (digits, exponent + intDigits - lead - 1)
        }
    }
}

/// A value that has no canonical JSON form (a NaN or an infinity).
public struct CanonicalJSONError: Error, Sendable, CustomStringConvertible {
    /// Why the value could not be encoded.
    public let reason: String
    public var description: String { "canonical JSON: \(reason)" }
}

extension JSONValue {
    /// Whether `other` is the same JSON value, as their canonical forms say (one number form, so
    /// `5.0` is `5`; keys in any order).
    public func isSameJSON(as other: JSONValue) -> Bool {
        guard let left = try? CanonicalJSON.encode(self), let right = try? CanonicalJSON.encode(other) else { return self == other }
        return left == right
    }
}
