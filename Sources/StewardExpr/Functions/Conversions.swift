/// `int()`, `uint()`, `double()`, `string()`, `bytes()`, `bool()`, `duration()`, `timestamp()`.
/// Conversions that lose range are errors; double to integer truncates toward zero.
enum Conversions {
    static func range(_ what: String) -> Fault {
        Fault(.outOfRange, "\(what) out of range", expected: "a value the target type can hold")
    }

    static func bad(_ value: String, _ type: String) -> Fault {
        Fault(.invalidArgument, "cannot convert '\(value)' to \(type)", expected: "the text of a valid \(type)")
    }

    static func toInt(_ v: ExprValue) throws(Fault) -> ExprValue {
        switch v {
        case .int: return v
        case .uint(let u):
            guard u <= UInt64(Int64.max) else { throw range("int(\(u)u)") }
            return .int(Int64(u))
        case .double(let d):
            guard d > -9.223372036854775808e18, d < 9.223372036854775807e18 else { throw range("int(\(DoubleText.format(d)))") }
            return .int(Int64(d))
        case .string(let s):
            guard let i = Int64(s) else { throw bad(s, "int") }
            return .int(i)
        case .timestamp(let t): return .int(t.seconds)
        case .duration(let d):
            let n = d.totalNanos
            guard n >= Int128(Int64.min), n <= Int128(Int64.max) else { throw range("int(duration)") }
            return .int(Int64(n))
        default: throw Fault.noOverload("int()", v)
        }
    }

    static func toUInt(_ v: ExprValue) throws(Fault) -> ExprValue {
        switch v {
        case .uint: return v
        case .int(let i):
            guard i >= 0 else { throw range("uint(\(i))") }
            return .uint(UInt64(i))
        case .double(let d):
            guard d >= 0, d < 1.8446744073709551616e19 else { throw range("uint(\(DoubleText.format(d)))") }
            return .uint(UInt64(d))
        case .string(let s):
            guard let u = UInt64(s) else { throw bad(s, "uint") }
            return .uint(u)
        default: throw Fault.noOverload("uint()", v)
        }
    }

    static func toDouble(_ v: ExprValue) throws(Fault) -> ExprValue {
        switch v {
        case .double: return v
        case .int(let i): return .double(Double(i))
        case .uint(let u): return .double(Double(u))
        case .string(let s):
            guard let d = Double(s) else { throw bad(s, "double") }
            return .double(d)
        default: throw Fault.noOverload("double()", v)
        }
    }

    static func toString(_ v: ExprValue) throws(Fault) -> ExprValue {
        switch v {
        case .string: return v
        case .int(let i): return .string(String(i))
        case .uint(let u): return .string(String(u))
        case .double(let d): return .string(DoubleText.format(d))
        case .bool(let b): return .string(b ? "true" : "false")
        case .bytes(let b):
            guard let s = String(validating: b, as: UTF8.self) else {
                throw Fault(.invalidArgument, "invalid UTF-8 in bytes converted to string", expected: "bytes that are valid UTF-8")
            }
            return .string(s)
        case .timestamp(let t): return .string(t.rfc3339)
        case .duration(let d): return .string(d.text)
        default: throw Fault.noOverload("string()", v)
        }
    }

    static func toBytes(_ v: ExprValue) throws(Fault) -> ExprValue {
        switch v {
        case .bytes: return v
        case .string(let s): return .bytes(Array(s.utf8))
        default: throw Fault.noOverload("bytes()", v)
        }
    }

    static func toBool(_ v: ExprValue) throws(Fault) -> ExprValue {
        switch v {
        case .bool: return v
        case .string(let s):
            switch s {
            case "true", "True", "TRUE", "t", "1": return .bool(true)
            case "false", "False", "FALSE", "f", "0": return .bool(false)
            default: throw bad(s, "bool")
            }
        default: throw Fault.noOverload("bool()", v)
        }
    }

    static func toDuration(_ v: ExprValue) throws(Fault) -> ExprValue {
        switch v {
        case .duration: return v
        case .string(let s):
            switch ExprDuration.parse(s) {
            case .success(let d): return .duration(d)
            case .failure(let e): throw Fault(e)
            }
        case .int(let nanos): return try Arithmetic.duration(Int128(nanos))
        default: throw Fault.noOverload("duration()", v)
        }
    }

    static func toTimestamp(_ v: ExprValue) throws(Fault) -> ExprValue {
        switch v {
        case .timestamp: return v
        case .string(let s):
            switch ExprTimestamp.parse(s) {
            case .success(let t): return .timestamp(t)
            case .failure(let e): throw Fault(e)
            }
        case .int(let seconds): return try Arithmetic.timestamp(Int128(seconds) * 1_000_000_000)
        default: throw Fault.noOverload("timestamp()", v)
        }
    }
}
