import StewardExpr
import HTTPTypes
import StewardCore
import StewardEngine

/// Reads a JSON request body field by field, collecting every problem (wrong type, missing,
/// unknown field) so one 422 names them all.
struct JSONFields {
    private let members: [String: JSONValue]
    private var known: Set<String> = []
    private(set) var problems: [Problem.FieldError] = []

    /// Parses `bytes` as a JSON object, or throws 400 naming what is wrong.
    init(_ bytes: [UInt8]) throws {
        let value: JSONValue
        do {
            value = try JSONReader.parse(bytes, repeatedNames: .refused)
        } catch {
            throw Problem.unreadableBody(error)
        }
        guard case .object(let members) = value else {
            throw Problem.malformed("the request body must be a JSON object", errors: [.init(field: "body", reason: "must be a JSON object")])
        }
        self.members = members
    }

    /// The members of an object already read (one item of a list).
    init(members: [String: JSONValue]) {
        self.members = members
    }

    /// Like `init(_:)`, but an empty body reads as `{}` (commands whose fields are all optional).
    init(orEmpty bytes: [UInt8]) throws {
        try self.init(bytes.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) ? Array("{}".utf8) : bytes)
    }

    private mutating func take(_ key: String) -> JSONValue? {
        known.insert(key)
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    /// Adds problems found beyond the fields' own shapes (an unknown action type).
    mutating func add(_ more: [SpineError.FieldProblem]) {
        for problem in more where !problems.contains(where: { $0.field == problem.field }) {
            problems.append(.init(field: problem.field, reason: problem.reason))
        }
    }

    /// Whether the body has `key` at all (even as null).
    func has(_ key: String) -> Bool { members[key] != nil }

    mutating func string(_ key: String, required: Bool = false, maxLength: Int = 2000) -> String? {
        guard let value = take(key) else {
            if required { problems.append(.init(field: key, reason: "is required")) }
            return nil
        }
        guard case .string(let s) = value else { problems.append(.init(field: key, reason: "must be a string")); return nil }
        guard s.count <= maxLength else { problems.append(.init(field: key, reason: "must be at most \(maxLength) characters")); return nil }
        return s
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = take(key) else { return nil }
        guard case .bool(let b) = value else { problems.append(.init(field: key, reason: "must be true or false")); return nil }
        return b
    }

    mutating func number(_ key: String) -> Double? {
        guard let value = take(key) else { return nil }
        guard let d = value.doubleValue, d.isFinite else { problems.append(.init(field: key, reason: "must be a number")); return nil }
        return d
    }

    /// An integer; a number written with a zero fraction (`5.0`, as some encoders write 5) is one
    /// too, as JSON Schema counts it.
    mutating func integer(_ key: String) -> Int? {
        guard let value = take(key) else { return nil }
        switch value {
        case .int(let i): if let n = Int(exactly: i) { return n }
        case .double(let d): if let n = Int(exactly: d) { return n }
        default: break
        }
        problems.append(.init(field: key, reason: "must be an integer"))
        return nil
    }

    mutating func object(_ key: String) -> JSONValue? {
        guard let value = take(key) else { return nil }
        guard case .object = value else { problems.append(.init(field: key, reason: "must be a JSON object")); return nil }
        return value
    }

    /// A string written under `key` or under `alias` (one of the two), for a field two routes
    /// name differently (`note` on routing proposals, `reason` on experiments).
    mutating func string(_ key: String, or alias: String) -> String? {
        let value = string(key), other = string(alias)
        if value != nil, other != nil { add([.init(field: alias, reason: "give \(key) or \(alias), not both")]) }
        return value ?? other
    }

    mutating func strings(_ key: String) -> [String]? {
        guard let value = take(key) else { return nil }
        guard case .array(let items) = value else {
            problems.append(.init(field: key, reason: "must be a list of strings"))
            return nil
        }
        // Each entry that is not a string is named by its index, as lists are everywhere else.
        let wrong = items.indices.filter { items[$0].stringValue == nil }
        for index in wrong { problems.append(.init(field: "\(key)[\(index)]", reason: "must be a string")) }
        return wrong.isEmpty ? items.compactMap(\.stringValue) : nil
    }

    /// An object whose values are all strings (labels); each wrong value is named `key.name`.
    mutating func stringMap(_ key: String) -> [String: String]? {
        guard case .object(let members)? = object(key) else { return nil }
        var strings: [String: String] = [:]
        for name in members.keys.sorted() {
            guard case .string(let text)? = members[name] else {
                problems.append(.init(field: "\(key).\(name)", reason: "must be a string"))
                continue
            }
            strings[name] = text
        }
        return strings.count == members.count ? strings : nil
    }

    mutating func array(_ key: String) -> [JSONValue]? {
        guard let value = take(key) else { return nil }
        guard case .array(let items) = value else { problems.append(.init(field: key, reason: "must be a list")); return nil }
        return items
    }

    /// A value of an enumeration, by its spelling.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type, required: Bool = false) -> T? where T.RawValue == String {
        choice(key, among: Array(T.allCases), required: required)
    }

    /// One of `allowed`, by its raw value; the refusal lists exactly those.
    mutating func choice<T: RawRepresentable>(_ key: String, among allowed: [T], required: Bool = false) -> T? where T.RawValue == String {
        guard let text = string(key, required: required) else { return nil }
        guard let value = allowed.first(where: { $0.rawValue == text }) else {
            problems.append(.init(
                field: key,
                reason: "must be one of \(allowed.map(\.rawValue).joined(separator: ", ")), got '\(text)'" + Suggestion.hint(for: text, among: allowed.map(\.rawValue))))
            return nil
        }
        return value
    }

    /// Every problem so far, and every field nobody read.
    func allProblems(_ what: String) -> [Problem.FieldError] {
        var all = problems
        for key in members.keys.sorted() where !known.contains(key) {
            all.append(.init(field: key, reason: "is not a field of \(what)" + Suggestion.hint(for: key, among: known)))
        }
        return all
    }

    /// Throws 422 listing every problem and every field nobody read.
    func finish(_ what: String) throws {
        let all = allProblems(what)
        if !all.isEmpty { throw Problem.invalid("the \(what) is invalid", errors: all) }
    }
}

extension Problem {
    /// 400 for a body that is not JSON, naming the member when one was sent twice.
    static func unreadableBody(_ error: JSONReadError) -> Problem {
        if let field = error.field {
            return .malformed("the request body sends '\(field)' more than once; send each field once", errors: [.init(field: field, reason: "appears more than once")])
        }
        return .malformed("the request body is not valid JSON: \(error)", errors: [.init(field: "body", reason: "\(error)")])
    }

    /// A refusal of the spine as its problem document; any other error as it is.
    static func wrap(_ error: any Error) -> any Error {
        if let spine = error as? SpineError { return Problem(spine) }
        if let healing = error as? HealingError { return Problem(healing) }
        return error
    }

    /// The problem document for a refusal of the remediation loop.
    init(_ error: HealingError) {
        switch error {
        case .invalid(let problems): self.init(SpineError.invalid(problems))
        case .notFound(let what): self.init(SpineError.notFound(what))
        case .conflict(let why): self.init(SpineError.conflict(why))
        case .store(let store): self.init(SpineError.store(store))
        }
    }

    /// The problem document for a refusal of the spine.
    init(_ error: SpineError) {
        switch error {
        case .invalid(let problems):
            self = .invalid("the request is invalid", errors: problems.map { .init(field: $0.field, reason: $0.reason) })
        case .notFound(let what):
            self = .notFound("\(what) not found")
        case .conflict(let why):
            self = .conflict(why)
        case .store(let store) where store.code == .unavailable:
            self = .unavailable("the store is unavailable: \(store.reason)", retryAfterSeconds: Problem.storeRetryAfterSeconds)
        case .store(let store) where store.code == .conflict:
            // Concurrent requests kept changing what this one depends on: nothing was stored.
            self = .conflict("concurrent requests kept changing the rows this one depends on; nothing was stored, send it again")
        case .store(let store):
            // Logged with the request id by ProblemMiddleware, which answers without the internals.
            self = Problem(.internalServerError, detail: store.description)
        }
    }
}
