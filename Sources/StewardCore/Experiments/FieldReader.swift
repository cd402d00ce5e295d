/// Reads a JSON object's members by name, collecting a ``FieldProblem`` for each one missing,
/// mistyped or unknown, each named by its path within the request (`goals[0].metric`).
struct FieldReader {
    private let members: [String: JSONValue]
    private let path: String
    private var read: Set<String> = []
    var problems: [FieldProblem] = []

    init(_ value: JSONValue, path: String = "") {
        self.path = path
        if case .object(let members) = value {
            self.members = members
        } else {
            self.members = [:]
            problems.append(FieldProblem(field: path.isEmpty ? "body" : path, reason: "must be a JSON object"))
        }
    }

    private func named(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    mutating func problem(_ key: String, _ reason: String) {
        problems.append(FieldProblem(field: named(key), reason: reason))
    }

    private mutating func take(_ key: String, required: Bool) -> JSONValue? {
        read.insert(key)
        guard let value = members[key], value != .null else {
            if required { problem(key, "is required") }
            return nil
        }
        return value
    }

    /// A non-empty string of at most 200 characters; always required.
    mutating func text(_ key: String) -> String? {
        guard let value = take(key, required: true) else { return nil }
        guard case .string(let s) = value, !s.isEmpty, s.count <= 200 else {
            problem(key, "must be a non-empty string of at most 200 characters")
            return nil
        }
        return s
    }

    mutating func number(_ key: String, required: Bool = false) -> Double? {
        guard let value = take(key, required: required) else { return nil }
        guard let d = value.doubleValue, d.isFinite else { problem(key, "must be a number"); return nil }
        return d
    }

    /// An integer within `range`; `because` says why the range is what it is.
    mutating func integer(_ key: String, required: Bool = false, in range: ClosedRange<Int>, because: String? = nil) -> Int? {
        guard let value = take(key, required: required) else { return nil }
        guard let i = value.intValue, let n = Int(exactly: i), range.contains(n) else {
            problem(key, "must be an integer from \(range.lowerBound) to \(range.upperBound)" + (because.map { " (\($0))" } ?? ""))
            return nil
        }
        return n
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) -> T? where T.RawValue == String {
        guard let value = take(key, required: true) else { return nil }
        guard let text = value.stringValue, let choice = T(rawValue: text) else {
            problem(key, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return choice
    }

    /// A list whose items `each` reads (given the item and its path, answering the item and its
    /// problems); nil when absent, not a list, or any item is wrong.
    mutating func list<T>(_ key: String, required: Bool, _ each: (JSONValue, String) -> (T?, [FieldProblem])) -> [T]? {
        guard let value = take(key, required: required) else { return nil }
        guard case .array(let items) = value else { problem(key, "must be a list"); return nil }
        var out: [T] = []
        for (index, item) in items.enumerated() {
            let (read, found) = each(item, "\(named(key))[\(index)]")
            problems += found
            if let read { out.append(read) }
        }
        return out.count == items.count ? out : nil
    }

    /// A problem for every member nobody read.
    mutating func rejectUnknown() {
        for key in members.keys.sorted() where !read.contains(key) { problem(key, "is not a known field") }
    }
}
