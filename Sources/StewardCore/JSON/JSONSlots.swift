/// Member names known in advance (a record's fields), found from a name's bytes without making
/// a String: reading a batch of records then builds no dictionary and hashes no name.
public struct JSONSlotNames: Sendable {
    /// The names, each at its index.
    public let names: [String]
    /// Every name's bytes, one after another.
    private let spelled: [UInt8]
    /// The names by their length in bytes: where each is spelled and its index.
    private let byLength: [[(offset: Int, index: Int)]]
    private let byName: [String: Int]

    /// A table of `names`; a name's index is its position.
    public init(_ names: [String]) {
        self.names = names
        var spelled: [UInt8] = []
        var byLength: [[(offset: Int, index: Int)]] = Array(repeating: [], count: (names.map(\.utf8.count).max() ?? 0) + 1)
        for (index, name) in names.enumerated() {
            byLength[name.utf8.count].append((spelled.count, index))
            spelled.append(contentsOf: name.utf8)
        }
        self.spelled = spelled
        self.byLength = byLength
        byName = Dictionary(names.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    /// The index of the name spelled by `bytes`, if it is one of the names.
    func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count < byLength.count else { return nil }
        return spelled.withUnsafeBufferPointer { spelled in
            candidates: for candidate in byLength[bytes.count] {
                for i in 0..<bytes.count where spelled[candidate.offset + i] != bytes[i] { continue candidates }
                return candidate.index
            }
            return nil
        }
    }

    /// The index of `name`, if it is one of the names.
    public func index(of name: String) -> Int? { byName[name] }
}

/// One JSON object's members: the value of each known name in its slot, other names apart.
public struct JSONSlots: Sendable {
    /// The value of each known name, at its index in the table (nil: absent). A repeated name
    /// keeps its last value, as in a parsed object.
    public var values: [JSONValue?]
    /// Members whose names are not in the table.
    public var others: [String: JSONValue] = [:]

    /// No members, for a table of `count` names.
    public init(count: Int) { values = Array(repeating: nil, count: count) }

    /// The members of a parsed object, sorted into the slots of `names`.
    public init(_ members: [String: JSONValue], names: JSONSlotNames) {
        self.init(count: names.names.count)
        for (name, value) in members {
            if let index = names.index(of: name) { values[index] = value } else { others[name] = value }
        }
    }
}
