/// The language's `==`: numbers compare across int, uint and double; lists element-wise; maps by
/// keys and values; values of unrelated kinds are simply unequal (never an error). NaN equals nothing.
enum Equality {
    static func equals(_ a: ExprValue, _ b: ExprValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.string(let x), .string(let y)): return StringOps.exactlyEqual(x, y)
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.timestamp(let x), .timestamp(let y)): return x == y
        case (.duration(let x), .duration(let y)): return x == y
        case (.int, .uint), (.int, .double), (.uint, .int), (.uint, .double), (.double, .int), (.double, .uint):
            return Ordering.compareNumbers(a, b) == 0
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equals($0, $1) }
        case (.map(let x), .map(let y)):
            guard x.count == y.count else { return false }
            for entry in x.entries {
                guard let other = y[entry.key], equals(entry.value, other) else { return false }
            }
            return true
        default:
            return false
        }
    }
}

extension ExprValue {
    /// The language's `==` (`1 == 1u == 1.0`, NaN unequal to itself), as opposed to structural `==`.
    public func celEquals(_ other: ExprValue) -> Bool { Equality.equals(self, other) }
}
