/// `+ - * / %` and unary `-`. Integer overflow, division by zero and modulus by zero are errors,
/// never traps; doubles follow IEEE 754 (1.0/0.0 is +Infinity). Results that grow strings, bytes
/// or lists are bounded by the limits.
enum Arithmetic {
    static func overflow(_ op: String) -> Fault {
        Fault(.overflow, "integer overflow in '\(op)'", expected: "a result within 64 bits")
    }

    static func add(_ a: ExprValue, _ b: ExprValue, _ limits: ExprLimits) throws(Fault) -> ExprValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.addingReportingOverflow(y)
            if o { throw overflow("+") }
            return .int(r)
        case (.double(let x), .double(let y)): return .double(x + y)
        case (.uint(let x), .uint(let y)):
            let (r, o) = x.addingReportingOverflow(y)
            if o { throw overflow("+") }
            return .uint(r)
        case (.string(let x), .string(let y)):
            try checkBytes(x.utf8.count + y.utf8.count, limits)
            return .string(x + y)
        case (.bytes(let x), .bytes(let y)):
            try checkBytes(x.count + y.count, limits)
            return .bytes(x + y)
        case (.list(let x), .list(let y)):
            try checkList(x.count + y.count, limits)
            return .list(x + y)
        case (.timestamp(let t), .duration(let d)), (.duration(let d), .timestamp(let t)):
            return try timestamp(t.totalNanos + d.totalNanos)
        case (.duration(let x), .duration(let y)):
            return try duration(x.totalNanos + y.totalNanos)
        default:
            throw Fault.noOverload("'+'", a, b)
        }
    }

    static func subtract(_ a: ExprValue, _ b: ExprValue) throws(Fault) -> ExprValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            if o { throw overflow("-") }
            return .int(r)
        case (.double(let x), .double(let y)): return .double(x - y)
        case (.uint(let x), .uint(let y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            if o { throw overflow("-") }
            return .uint(r)
        case (.timestamp(let x), .timestamp(let y)): return try duration(x.totalNanos - y.totalNanos)
        case (.timestamp(let t), .duration(let d)): return try timestamp(t.totalNanos - d.totalNanos)
        case (.duration(let x), .duration(let y)): return try duration(x.totalNanos - y.totalNanos)
        default:
            throw Fault.noOverload("'-'", a, b)
        }
    }

    static func multiply(_ a: ExprValue, _ b: ExprValue) throws(Fault) -> ExprValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            if o { throw overflow("*") }
            return .int(r)
        case (.double(let x), .double(let y)): return .double(x * y)
        case (.uint(let x), .uint(let y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            if o { throw overflow("*") }
            return .uint(r)
        default:
            throw Fault.noOverload("'*'", a, b)
        }
    }

    static func divide(_ a: ExprValue, _ b: ExprValue) throws(Fault) -> ExprValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { throw Fault(.divisionByZero, "division by zero", expected: "a non-zero divisor") }
            let (r, o) = x.dividedReportingOverflow(by: y)
            if o { throw overflow("/") }
            return .int(r)
        case (.double(let x), .double(let y)): return .double(x / y)
        case (.uint(let x), .uint(let y)):
            if y == 0 { throw Fault(.divisionByZero, "division by zero", expected: "a non-zero divisor") }
            return .uint(x / y)
        default:
            throw Fault.noOverload("'/'", a, b)
        }
    }

    static func modulo(_ a: ExprValue, _ b: ExprValue) throws(Fault) -> ExprValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { throw Fault(.moduloByZero, "modulus by zero", expected: "a non-zero divisor") }
            let (r, o) = x.remainderReportingOverflow(dividingBy: y)
            if o { throw overflow("%") }
            return .int(r)
        case (.uint(let x), .uint(let y)):
            if y == 0 { throw Fault(.moduloByZero, "modulus by zero", expected: "a non-zero divisor") }
            return .uint(x % y)
        default:
            throw Fault.noOverload("'%'", a, b)
        }
    }

    static func negate(_ a: ExprValue) throws(Fault) -> ExprValue {
        switch a {
        case .int(let x):
            if x == .min { throw overflow("-") }
            return .int(-x)
        case .double(let x): return .double(-x)
        default: throw Fault.noOverload("'-'", a)
        }
    }

    static func timestamp(_ nanos: Int128) throws(Fault) -> ExprValue {
        guard let t = ExprTimestamp(totalNanos: nanos) else {
            throw Fault(.outOfRange, "timestamp out of range", expected: "a time between 0001-01-01 and 9999-12-31")
        }
        return .timestamp(t)
    }

    static func duration(_ nanos: Int128) throws(Fault) -> ExprValue {
        guard let d = ExprDuration(totalNanos: nanos) else {
            throw Fault(.outOfRange, "duration out of range", expected: "at most ±9223372036s (about 292 years)")
        }
        return .duration(d)
    }

    static func checkBytes(_ count: Int, _ limits: ExprLimits) throws(Fault) {
        if count > limits.maxStringBytes {
            throw Fault(.limitExceeded, "result of \(count) bytes exceeds the limit of \(limits.maxStringBytes)", expected: "shorter strings")
        }
    }

    static func checkList(_ count: Int, _ limits: ExprLimits) throws(Fault) {
        if count > limits.maxListLength {
            throw Fault(.limitExceeded, "list of \(count) elements exceeds the limit of \(limits.maxListLength)", expected: "shorter lists")
        }
    }
}
