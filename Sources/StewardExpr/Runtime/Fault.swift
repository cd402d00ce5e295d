/// An evaluation error in flight: the error plus the offset of the innermost node that raised it
/// (-1 until a node claims it). The program turns it into a located ``ExprError``.
struct Fault: Error {
    var error: ExprError
    var offset: Int = -1

    init(_ code: ExprError.Code, _ message: String, expected: String? = nil) {
        error = ExprError(code: code, message: message, expected: expected)
    }

    init(_ error: ExprError) {
        self.error = error
    }

    /// The fault pinned to `offset` unless an inner node already pinned it.
    func located(_ offset: Int) -> Fault {
        guard self.offset < 0 else { return self }
        var copy = self
        copy.offset = offset
        return copy
    }

    static func noOverload(_ op: String, _ values: ExprValue...) -> Fault {
        let types = values.map(\.typeName).joined(separator: ", ")
        return Fault(.noMatchingOverload, "no matching overload for \(op) applied to (\(types))")
    }
}

/// Runs `body`, pinning any fault it raises to `offset`.
@inline(__always)
func located<T>(_ offset: Int, _ body: () throws(Fault) -> T) throws(Fault) -> T {
    do throws(Fault) { return try body() } catch { throw error.located(offset) }
}
