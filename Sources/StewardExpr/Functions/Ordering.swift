/// The language's `<`, `<=`, `>`, `>=`: defined within bool, string, bytes, timestamp, duration,
/// and across all three numeric kinds; anything else has no overload.
enum Ordering {
    /// -1, 0 or 1; nil when a NaN makes the values unordered.
    static func compare(_ a: ExprValue, _ b: ExprValue, _ op: String) throws(Fault) -> Int? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.double(let x), .double(let y)): return compareDoubles(x, y)
        case (.uint(let x), .uint(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.string(let x), .string(let y)): return StringOps.compare(x, y)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.bytes(let x), .bytes(let y)): return x == y ? 0 : (x.lexicographicallyPrecedes(y) ? -1 : 1)
        case (.timestamp(let x), .timestamp(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.duration(let x), .duration(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.int, .uint), (.int, .double), (.uint, .int), (.uint, .double), (.double, .int), (.double, .uint):
            return compareNumbers(a, b)
        default:
            throw Fault.noOverload("'\(op)'", a, b)
        }
    }

    @inline(__always)
    static func compareDoubles(_ x: Double, _ y: Double) -> Int? {
        x < y ? -1 : (x > y ? 1 : (x == y ? 0 : nil))
    }

    /// Mixed numeric kinds. Int and uint compare exactly; against a double the integer is converted
    /// to double first, as cel-go does (the spec's tests pin that: 2^63-1 >= 2^63 as doubles).
    static func compareNumbers(_ a: ExprValue, _ b: ExprValue) -> Int? {
        switch (a, b) {
        case (.int(let x), .uint(let y)): return x < 0 ? -1 : (UInt64(x) < y ? -1 : (UInt64(x) == y ? 0 : 1))
        case (.uint(let x), .int(let y)): return y < 0 ? 1 : (x < UInt64(y) ? -1 : (x == UInt64(y) ? 0 : 1))
        case (.int(let x), .double(let y)): return compareDoubles(Double(x), y)
        case (.double(let x), .int(let y)): return compareDoubles(x, Double(y))
        case (.uint(let x), .double(let y)): return compareDoubles(Double(x), y)
        case (.double(let x), .uint(let y)): return compareDoubles(x, Double(y))
        default: return nil
        }
    }
}
