/// A signed span of time that fits in 64-bit nanoseconds (about ±292 years). The spec's own
/// conformance tests require this bound (a timestamp difference of 9,998 years is a range error),
/// which is also what cel-go enforces; protobuf's wider ±10,000 years is not reachable.
public struct ExprDuration: Sendable, Hashable, Comparable {
    /// Whole seconds, rounded down (so `-1.5s` is -2 seconds and 500,000,000 nanoseconds).
    public let seconds: Int64
    /// Nanoseconds past `seconds`, 0 through 999,999,999.
    public let nanos: Int32

    /// A duration from nanoseconds, or nil when beyond 64-bit nanoseconds.
    init?(totalNanos: Int128) {
        guard totalNanos >= Int128(Int64.min), totalNanos <= Int128(Int64.max) else { return nil }
        let (q, r) = totalNanos.quotientAndRemainder(dividingBy: 1_000_000_000)
        (seconds, nanos) = r < 0 ? (Int64(q - 1), Int32(r + 1_000_000_000)) : (Int64(q), Int32(r))
    }

    /// A duration of whole seconds plus nanoseconds, or nil when out of range.
    public init?(seconds: Int64, nanos: Int32 = 0) {
        self.init(totalNanos: Int128(seconds) * 1_000_000_000 + Int128(nanos))
    }

    /// Nanoseconds in this span.
    var totalNanos: Int128 { Int128(seconds) * 1_000_000_000 + Int128(nanos) }

    /// Shorter spans first.
    public static func < (lhs: ExprDuration, rhs: ExprDuration) -> Bool { lhs.totalNanos < rhs.totalNanos }

    /// Seconds with an optional fraction and an `s`, as protobuf JSON writes it: `90s`, `-1.5s`.
    public var text: String {
        let total = totalNanos
        let magnitude = total < 0 ? -total : total
        let whole = magnitude / 1_000_000_000
        let fraction = Fraction.text(nanos: Int64(magnitude % 1_000_000_000))
        return (total < 0 ? "-" : "") + String(whole) + fraction + "s"
    }

    /// Parses Go-style durations: `5m`, `1h30m`, `-1.5s`, `250ms`, `10us`, `3ns`.
    static func parse(_ text: String) -> Result<ExprDuration, ExprError> {
        let invalid = ExprError(code: .invalidArgument, message: "invalid duration '\(text)'",
                                expected: "a number with a unit (h, m, s, ms, us, ns) such as '5m' or '1h30m'")
        var b = Array(text.utf8)[...]
        var negative = false
        if let first = b.first, first == 45 || first == 43 {
            negative = first == 45
            b = b.dropFirst()
        }
        if b.count == 1, b.first == 48 { return .success(ExprDuration(totalNanos: 0) ?? .zero) }
        guard !b.isEmpty else { return .failure(invalid) }
        var total: Int128 = 0
        let cap = Int128(1) << 100
        while !b.isEmpty {
            var whole: Int128 = 0
            var fraction: Int128 = 0
            var fractionScale: Int128 = 1
            var sawDigit = false
            while let c = b.first, (48...57).contains(c) {
                whole = whole * 10 + Int128(c - 48)
                guard whole < cap else { return .failure(outOfRange(text)) }
                sawDigit = true
                b = b.dropFirst()
            }
            if b.first == 46 {
                b = b.dropFirst()
                while let c = b.first, (48...57).contains(c) {
                    if fractionScale < 1_000_000_000_000_000_000 {
                        fraction = fraction * 10 + Int128(c - 48)
                        fractionScale *= 10
                    }
                    sawDigit = true
                    b = b.dropFirst()
                }
            }
            guard sawDigit else { return .failure(invalid) }
            var unit: [UInt8] = []
            while let c = b.first, !(48...57).contains(c), c != 46 {
                unit.append(c)
                b = b.dropFirst()
            }
            let scale: Int128
            switch String(decoding: unit, as: UTF8.self) {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1_000
            case "ms": scale = 1_000_000
            case "s": scale = 1_000_000_000
            case "m": scale = 60_000_000_000
            case "h": scale = 3_600_000_000_000
            default: return .failure(invalid)
            }
            total += whole * scale + fraction * scale / fractionScale
            guard total < cap else { return .failure(outOfRange(text)) }
        }
        guard let value = ExprDuration(totalNanos: negative ? -total : total) else { return .failure(outOfRange(text)) }
        return .success(value)
    }

    private static func outOfRange(_ text: String) -> ExprError {
        ExprError(code: .outOfRange, message: "duration '\(text)' out of range", expected: "at most ±9223372036s (about 292 years)")
    }

    static let zero = ExprDuration(seconds: 0, nanos: 0, unchecked: ())

    private init(seconds: Int64, nanos: Int32, unchecked: ()) {
        self.seconds = seconds
        self.nanos = nanos
    }
}
