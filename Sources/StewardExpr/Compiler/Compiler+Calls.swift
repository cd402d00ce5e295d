/// Builtin functions. A literal pattern given to `matches` is compiled here, once.
extension Compiler {
    /// The timestamp getters that take a time zone.
    static let timeGetters: Set<Builtin> = [
        .getFullYear, .getMonth, .getDate, .getDayOfMonth, .getDayOfWeek, .getDayOfYear, .getHours, .getMinutes, .getSeconds, .getMilliseconds,
    ]

    mutating func compileCall(_ builtin: Builtin, _ args: [Checked], at: Int) -> Compiled {
        let compiled = args.map { compile($0) }
        let limits = self.limits
        if builtin == .matches, compiled.count == 2, case .string(let pattern)? = compiled[1].constant {
            let regex: CompiledPattern
            do { regex = try RegexPattern.compile(pattern, limits: limits) } catch {
                report(args[1].offset, error.error)
                return Compiled { _ throws(Fault) in throw error.located(at) }
            }
            let subject = compiled[0].run
            return folding([compiled[0]]) { frame throws(Fault) in
                let value = try subject(&frame)
                guard case .string(let text) = value else { throw Fault.noOverload("matches()", value).located(at) }
                return .bool(try located(at) { () throws(Fault) in try RegexPattern.matches(text, regex, limits: limits) })
            }
        }
        // A literal time zone is checked here too: a zone the getters refuse would fail every evaluation.
        if Self.timeGetters.contains(builtin), compiled.count == 2, case .string(let zone)? = compiled[1].constant {
            do throws(Fault) { _ = try TimeParts.timeZoneOffset(zone) } catch {
                report(args[1].offset, error.error)
                return Compiled { _ throws(Fault) in throw error.located(at) }
            }
        }
        // Every builtin takes one or two arguments (a method's receiver counts), so no array is built.
        if compiled.count == 1 {
            let only = compiled[0].run
            return folding(compiled) { frame throws(Fault) in
                let value = try only(&frame)
                return try located(at) { () throws(Fault) in try Self.apply(builtin, value, nil, limits) }
            }
        }
        let first = compiled[0].run, second = compiled[1].run
        return folding(compiled) { frame throws(Fault) in
            let a = try first(&frame)
            let b = try second(&frame)
            return try located(at) { () throws(Fault) in try Self.apply(builtin, a, b, limits) }
        }
    }

    /// Applies a builtin to evaluated arguments (a method's receiver first), dispatching on kinds.
    static func apply(_ builtin: Builtin, _ first: ExprValue, _ second: ExprValue?, _ limits: ExprLimits) throws(Fault) -> ExprValue {
        // Built only for error messages, so the success path allocates nothing.
        var args: [ExprValue] { [first] + (second.map { [$0] } ?? []) }
        switch builtin {
        case .size:
            switch first {
            case .string(let s): return .int(StringOps.size(s))
            case .bytes(let b): return .int(Int64(b.count))
            case .list(let l): return .int(Int64(l.count))
            case .map(let m): return .int(Int64(m.count))
            default: throw Fault.noOverload("size()", first)
            }
        case .contains, .startsWith, .endsWith, .matches:
            guard case .string(let s) = first, case .string(let t)? = second else {
                throw Fault.noOverload("\(builtin.rawValue)()", args)
            }
            switch builtin {
            case .contains: return .bool(StringOps.contains(s, t))
            case .startsWith: return .bool(StringOps.startsWith(s, t))
            case .endsWith: return .bool(StringOps.endsWith(s, t))
            default: return .bool(try RegexPattern.matches(s, try RegexPattern.compile(t, limits: limits), limits: limits))
            }
        case .toInt: return try Conversions.toInt(first)
        case .toUInt: return try Conversions.toUInt(first)
        case .toDouble: return try Conversions.toDouble(first)
        case .toString:
            let result = try Conversions.toString(first)
            if case .string(let s) = result { try Arithmetic.checkBytes(s.utf8.count, limits) }
            return result
        case .toBytes: return try Conversions.toBytes(first)
        case .toBool: return try Conversions.toBool(first)
        case .dyn: return first
        case .toDuration: return try Conversions.toDuration(first)
        case .toTimestamp: return try Conversions.toTimestamp(first)
        case .getFullYear, .getMonth, .getDate, .getDayOfMonth, .getDayOfWeek, .getDayOfYear,
             .getHours, .getMinutes, .getSeconds, .getMilliseconds:
            var zone: String?
            if let second {
                guard case .string(let z) = second else { throw Fault.noOverload("\(builtin.rawValue)()", args) }
                zone = z
            }
            switch first {
            case .timestamp(let t): return try TimeParts.timestampPart(builtin, t, zone: zone)
            case .duration(let d) where zone == nil: return try TimeParts.durationPart(builtin, d)
            default: throw Fault.noOverload("\(builtin.rawValue)()", args)
            }
        }
    }
}

extension Fault {
    static func noOverload(_ op: String, _ values: [ExprValue]) -> Fault {
        let types = values.map(\.typeName).joined(separator: ", ")
        return Fault(.noMatchingOverload, "no matching overload for \(op) applied to (\(types))")
    }
}
