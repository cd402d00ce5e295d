import Hummingbird
import StewardCore
import StewardExpr

/// A request's query parameters, read with every problem collected and reported at once.
///
/// Every name the endpoint reads is one it takes; `finish()` refuses any other parameter, so a
/// misspelt filter (`?skil=`) is a 422 naming it rather than an answer about everything.
struct Query {
    let parameters: [String: String]
    var errors: [Problem.FieldError] = []
    /// The parameters this endpoint takes, in the order it read them.
    private(set) var taken: [String] = []

    /// The request's parameters; `taking` names those the endpoint reads by other means.
    init(_ request: Request, taking names: [String] = []) {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
        self.parameters = parameters
        for name in names { take(name) }
    }

    /// Records `name` as a parameter of this endpoint.
    mutating func take(_ name: String) {
        if !taken.contains(name) { taken.append(name) }
    }

    /// A text parameter, or nil (an empty one counts as absent).
    mutating func text(_ name: String) -> String? {
        take(name)
        return parameters[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A typed parameter's text, or nil when absent; an empty value (`?to=`) is no number, time or
    /// choice, so it is reported rather than read as absent.
    mutating func typed(_ name: String, expecting: String) -> String? {
        take(name)
        guard let text = parameters[name] else { return nil }
        if text.isEmpty { errors.append(.init(field: name, reason: "is empty; \(expecting), or leave it out")) }
        return text.isEmpty ? nil : text
    }

    /// `limit`, 1...1000 (100 when absent).
    mutating func limit(default value: Int = 100) -> Int {
        guard let text = typed("limit", expecting: "give an integer from 1 to 1000") else { return value }
        guard let n = Int(text), (1...1000).contains(n) else {
            errors.append(.init(field: "limit", reason: "must be an integer from 1 to 1000"))
            return value
        }
        return n
    }

    /// A non-negative integer parameter.
    mutating func integer(_ name: String) -> Int64? {
        guard let text = typed(name, expecting: "give a non-negative integer") else { return nil }
        guard let n = Int64(text), n >= 0 else {
            errors.append(.init(field: name, reason: "must be a non-negative integer"))
            return nil
        }
        return n
    }

    /// An ISO-8601 date-time parameter.
    mutating func timestamp(_ name: String) -> Timestamp? {
        guard let text = typed(name, expecting: "give an ISO-8601 date-time") else { return nil }
        guard let ts = Timestamp(rfc3339: text) else {
            errors.append(.init(field: name, reason: "must be an ISO-8601 date-time such as 2026-11-22T00:00:00Z"))
            return nil
        }
        return ts
    }

    /// `from` and `to`, refusing a `from` after `to` (it could only ever match nothing).
    mutating func period() -> (from: Timestamp?, to: Timestamp?) {
        let from = timestamp("from"), to = timestamp("to")
        if let from, let to, from > to { errors.append(.init(field: "from", reason: "must not be after to (\(to.rfc3339))")) }
        return (from, to)
    }

    /// `format`, the representation asked for; each endpoint checks it against those it offers.
    mutating func format() -> String? { typed("format", expecting: "give a format the endpoint offers") }

    /// A name filter (an agent, an incident): a value breaking the API's naming rule names nothing
    /// that can exist, so it is refused rather than answered with an empty page.
    mutating func name(_ name: String) -> String? {
        guard let text = typed(name, expecting: "give a name") else { return nil }
        guard APIName.isValid(text) else {
            errors.append(.init(field: name, reason: APIName.rule))
            return nil
        }
        return text
    }

    /// One of `known`, names the configuration fixes (alert rules): any other could only match nothing.
    mutating func member(_ name: String, of known: [String]) -> String? {
        let list = known.joined(separator: ", ")
        guard let text = typed(name, expecting: "give one of \(list)") else { return nil }
        guard known.contains(text) else {
            errors.append(.init(field: name, reason: "must be one of \(list), got '\(text.prefix(64))'"))
            return nil
        }
        return text
    }

    /// `true` or `false`.
    mutating func boolean(_ name: String) -> Bool? {
        guard let text = typed(name, expecting: "give true or false") else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            errors.append(.init(field: name, reason: "must be true or false"))
            return nil
        }
    }

    /// One of an enumeration's spellings.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ name: String, _: T.Type) -> T? where T.RawValue == String {
        guard let text = typed(name, expecting: "give one of \(T.allCases.map(\.rawValue).joined(separator: ", "))") else { return nil }
        guard let value = T(rawValue: text) else {
            errors.append(.init(field: name, reason: "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))"))
            return nil
        }
        return value
    }

    /// Throws the collected problems, and every parameter the endpoint does not take, as one 422.
    func finish() throws {
        let unknown = parameters.keys.sorted().filter { !taken.contains($0) }.map { Self.unknown($0, among: taken) }
        let all = errors + unknown
        if !all.isEmpty { throw Problem.invalid("the query is invalid", errors: all) }
    }

    /// The problem of a parameter the endpoint does not take: what it takes, and the name meant
    /// when one is close.
    static func unknown(_ name: String, among known: [String]) -> Problem.FieldError {
        let takes = known.isEmpty ? "it takes none" : "it takes \(known.joined(separator: ", "))"
        return .init(field: name, reason: "is not a parameter of this endpoint (\(takes))" + Suggestion.hint(for: name, among: known))
    }
}
