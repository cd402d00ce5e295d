/// An immutable map value: entries in insertion order (so iteration is deterministic) and, for
/// larger maps, a hash index. Small maps are scanned, which beats hashing for the ~10-field
/// records rules usually read.
public final class ExprMap: Sendable, Equatable {
    /// The entries in insertion order.
    public let entries: [(key: ExprValue, value: ExprValue)]
    private let keys: [MapKey]
    /// The string keys alone (nil for other kinds), for the allocation-free scan of `m.field`.
    private let fieldNames: [String?]
    private let index: [MapKey: Int]?

    /// Maps up to this many entries are searched linearly.
    static let linearLimit = 12

    /// Why a map could not be built.
    enum BuildFailure: Error { case unsupportedKey(ExprValue), repeatedKey(ExprValue) }

    /// Builds a map; fails on a key of a kind maps do not allow or on a repeated key.
    init(validating pairs: [(key: ExprValue, value: ExprValue)]) throws(BuildFailure) {
        var keys: [MapKey] = []
        keys.reserveCapacity(pairs.count)
        var index: [MapKey: Int]? = pairs.count > Self.linearLimit ? Dictionary(minimumCapacity: pairs.count) : nil
        for (position, pair) in pairs.enumerated() {
            guard let key = MapKey(pair.key) else { throw .unsupportedKey(pair.key) }
            if index != nil {
                if index?.updateValue(position, forKey: key) != nil { throw .repeatedKey(pair.key) }
            } else if keys.contains(key) {
                throw .repeatedKey(pair.key)
            }
            keys.append(key)
        }
        self.entries = pairs
        self.keys = keys
        fieldNames = keys.map { if case .string(let s) = $0 { s } else { nil } }
        self.index = index
    }

    /// Builds a map with string keys from a dictionary (keys sorted, for a deterministic order).
    public convenience init(stringKeys fields: [String: ExprValue]) {
        let pairs = fields.sorted { $0.key < $1.key }.map { (key: ExprValue.string($0.key), value: $0.value) }
        // String keys are always allowed and a dictionary has no repeats, so this cannot fail.
        do { try self.init(validating: pairs) } catch { self.init(uncheckedEmpty: ()) }
    }

    /// Builds a map from pairs; throws ``ExprError`` on a repeated or unsupported key.
    public convenience init(_ pairs: [(key: ExprValue, value: ExprValue)]) throws(ExprError) {
        do throws(BuildFailure) { try self.init(validating: pairs) } catch {
            switch error {
            case .unsupportedKey(let key):
                throw ExprError(code: .invalidArgument, message: "unsupported key type '\(key.typeName)'")
            case .repeatedKey(let key):
                throw ExprError(code: .invalidArgument, message: "Failed with repeated key \(key)")
            }
        }
    }

    private init(uncheckedEmpty: ()) {
        entries = []
        keys = []
        fieldNames = []
        index = nil
    }

    /// The number of entries.
    public var count: Int { entries.count }

    /// The value for a key under the language's key equality (`m[1u]` finds key `1`).
    public subscript(key: ExprValue) -> ExprValue? {
        guard let mapKey = MapKey(lookup: key) else { return nil }
        return value(for: mapKey)
    }

    func value(for key: MapKey) -> ExprValue? {
        if let index {
            return index[key].map { entries[$0].value }
        }
        for position in keys.indices where keys[position] == key {
            return entries[position].value
        }
        return nil
    }

    /// The value of a string key: the path of `m.field`, kept free of allocation.
    func value(forField name: String) -> ExprValue? {
        if index != nil { return value(for: .string(name)) }
        for position in fieldNames.indices where fieldNames[position] == name {
            // `==` is canonical equivalence; confirm the code points match exactly.
            if let key = fieldNames[position], StringOps.exactlyEqual(key, name) { return entries[position].value }
        }
        return nil
    }

    /// Structural equality: the same entries in the same order (the language's `==` is ``ExprValue/celEquals(_:)``).
    public static func == (lhs: ExprMap, rhs: ExprMap) -> Bool {
        lhs === rhs || (lhs.count == rhs.count && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value })
    }

    /// Whether the map has the key.
    func contains(_ key: ExprValue) -> Bool { self[key] != nil }
}
