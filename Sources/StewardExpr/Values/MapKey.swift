/// The hashable identity of a map key under the language's equality: `1`, `1u` and `1.0` are one key,
/// and strings are equal only when their code points are (not merely canonically equivalent).
enum MapKey: Hashable, Sendable {
    case bool(Bool)
    /// Every integer in Int64 range, whether it came from an int or a uint.
    case int(Int64)
    /// Only uints above Int64.max.
    case bigUInt(UInt64)
    case string(String)

    /// The key for a value, or nil when the value's kind cannot be a key.
    init?(_ value: ExprValue) {
        switch value {
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .uint(let u): self = u <= UInt64(Int64.max) ? .int(Int64(u)) : .bigUInt(u)
        case .string(let s): self = .string(s)
        default: return nil
        }
    }

    /// The key a lookup value would find, following numeric equality: an integral double finds the
    /// integer key with the same value. Nil means "cannot match any key".
    init?(lookup value: ExprValue) {
        if case .double(let d) = value {
            if let i = IntegralDouble.int64(d) {
                self = .int(i)
            } else if let u = IntegralDouble.uint64(d) {
                self = .bigUInt(u)
            } else {
                return nil
            }
            return
        }
        self.init(value)
    }

    static func == (lhs: MapKey, rhs: MapKey) -> Bool {
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.bigUInt(let a), .bigUInt(let b)): a == b
        case (.string(let a), .string(let b)): StringOps.exactlyEqual(a, b)
        default: false
        }
    }

    func hash(into hasher: inout Hasher) {
        // Exactly equal strings are also canonically equal, so Swift's own string hash stays consistent.
        switch self {
        case .bool(let b): hasher.combine(0); hasher.combine(b)
        case .int(let i): hasher.combine(1); hasher.combine(i)
        case .bigUInt(let u): hasher.combine(2); hasher.combine(u)
        case .string(let s): hasher.combine(3); hasher.combine(s)
        }
    }
}
