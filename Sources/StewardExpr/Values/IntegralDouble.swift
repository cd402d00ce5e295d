/// Integral doubles as integers, without the libm `trunc` that `rounded(.towardZero)` and
/// `init(exactly:)` call: StewardExpr links nothing beyond the standard library.
enum IntegralDouble {
    /// The Int64 equal to `d`, or nil when `d` has a fraction, is NaN or is out of range.
    static func int64(_ d: Double) -> Int64? {
        guard d >= -9.223372036854775808e18, d < 9.223372036854775808e18 else { return nil }
        let i = Int64(d)
        return Double(i) == d ? i : nil
    }

    /// The UInt64 equal to `d`, or nil.
    static func uint64(_ d: Double) -> UInt64? {
        guard d >= 0, d < 1.8446744073709551616e19 else { return nil }
        let u = UInt64(d)
        return Double(u) == d ? u : nil
    }
}
