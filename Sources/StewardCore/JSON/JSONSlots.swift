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

extension JSONReader {
    /// Parses the JSON document in `bytes[range]`, which should be an object, into the slots of
    /// `names`; nil when it is well-formed JSON but not an object.
    public static func parseFields(
        _ bytes: [UInt8], in range: Range<Int>, names: JSONSlotNames, repeatedNames: RepeatedNames = .lastWins
    ) throws(JSONReadError) -> JSONSlots? {
        var parser = JSONParser(bytes: bytes, range: range, repeatedNames: repeatedNames)
        parser.skipWhitespace()
        guard parser.index < parser.end, bytes[parser.index] == UInt8(ascii: "{") else {
            _ = try parser.value(depth: 0)
            try parser.finish()
            return nil
        }
        let fields = try parser.fields(names)
        try parser.finish()
        return fields
    }
}

extension JSONParser {
    /// An object's members sorted into the slots of `names` (at its `{`). Names are matched on
    /// their bytes; only a name with an escape, or not among `names`, becomes a String.
    mutating func fields(_ names: JSONSlotNames) throws(JSONReadError) -> JSONSlots {
        index += 1
        var fields = JSONSlots(count: names.names.count)
        skipWhitespace()
        if index < end, bytes[index] == UInt8(ascii: "}") { index += 1; return fields }
        while true {
            skipWhitespace()
            guard index < end, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a member name") }
            var slot = plainName(names)
            var other: String?
            if slot == nil {
                let name = try string()
                slot = names.index(of: name)
                if slot == nil { other = name }
            }
            skipWhitespace()
            guard index < end, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            // The name as a String only on the way out with an error: the common path makes none.
            let value: JSONValue
            do { value = try self.value(depth: 1) } catch { throw error.within(slot.map { names.names[$0] } ?? other ?? "") }
            if case .refused = repeatedNames {
                let seen = if let slot { fields.values[slot] != nil } else if let other { fields.others[other] != nil } else { false }
                if seen {
                    let name = slot.map { names.names[$0] } ?? other ?? ""
                    throw JSONReadError(offset: index - start, reason: "the member name '\(name)' appears more than once", field: name)
                }
            }
            if let slot { fields.values[slot] = value } else if let other { fields.others[other] = value }
            skipWhitespace()
            guard index < end else { throw error("unexpected end of input in an object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return fields }
            throw error("expected ',' or '}'")
        }
    }

    /// At a member name's opening quote: when the name has no escape and is one of `names`, its
    /// index, with the name read; else nil, with nothing read.
    mutating func plainName(_ names: JSONSlotNames) -> Int? {
        let (start, end) = (index + 1, end)
        let found: (slot: Int, close: Int)? = bytes.withUnsafeBufferPointer { bytes in
            var close = start
            while close < end {
                let byte = bytes[close]
                if byte == UInt8(ascii: "\"") { break }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                close += 1
            }
            guard close < end, let slot = names.index(of: UnsafeBufferPointer(rebasing: bytes[start..<close])) else { return nil }
            return (slot, close)
        }
        guard let found else { return nil }
        index = found.close + 1
        return found.slot
    }
}
