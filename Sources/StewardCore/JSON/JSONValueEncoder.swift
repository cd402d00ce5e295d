/// Turns any Encodable into a ``JSONValue`` without a round trip through text.
///
/// Dates are not special-cased: domain types carry timestamps as ``Timestamp`` or strings, so the
/// canonical form never depends on a date strategy.
public enum JSONValueEncoder {
    /// The JSON value of `value`.
    public static func encode(_ value: some Encodable) throws(CanonicalJSONError) -> JSONValue {
        if let json = value as? JSONValue { return json }
        let box = ValueBox()
        do {
            try value.encode(to: TreeEncoder(box: box, codingPath: []))
        } catch let error as CanonicalJSONError {
            throw error
        } catch {
            throw CanonicalJSONError(reason: "cannot encode \(type(of: value)): \(error)")
        }
        return box.resolved
    }
}

/// A mutable slot a container writes its value into; containers nest by holding child boxes.
private final class ValueBox {
    var value: JSONValue?
    var object: [String: ValueBox]?
    var array: [ValueBox]?

    init(_ value: JSONValue? = nil) { self.value = value }

    var resolved: JSONValue {
        if let object { return .object(object.mapValues(\.resolved)) }
        if let array { return .array(array.map(\.resolved)) }
        return value ?? .null
    }
}

private struct TreeEncoder: Encoder {
    let box: ValueBox
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if box.object == nil { box.object = [:] }
        return KeyedEncodingContainer(KeyedContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if box.array == nil { box.array = [] }
        return UnkeyedContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(box: box, codingPath: codingPath)
    }
}

/// Encodes one value into a fresh box, using the leaf fast paths where the type is known.
private func encodeLeaf(_ value: some Encodable, codingPath: [any CodingKey]) throws -> ValueBox {
    switch value {
    case let v as JSONValue: return ValueBox(v)
    case let v as String: return ValueBox(.string(v))
    case let v as Bool: return ValueBox(.bool(v))
    case let v as Int: return ValueBox(.int(Int64(v)))
    case let v as Int64: return ValueBox(.int(v))
    case let v as Int32: return ValueBox(.int(Int64(v)))
    case let v as UInt32: return ValueBox(.int(Int64(v)))
    case let v as Double: return ValueBox(.double(v))
    case let v as Float: return ValueBox(.double(Double(v)))
    default:
        let child = ValueBox()
        try value.encode(to: TreeEncoder(box: child, codingPath: codingPath))
        let result = ValueBox(child.resolved)
        return result
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ValueBox
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { box.object?[key.stringValue] = ValueBox(.null) }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        let leaf = try encodeLeaf(value, codingPath: codingPath + [key])
        box.object?[key.stringValue] = leaf
    }
    // Optionals that are nil are left out, as JSONEncoder does.
    mutating func encodeIfPresent(_ value: (some Encodable)?, forKey key: Key) throws {
        guard let value else { return }
        try encode(value, forKey: key)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = ValueBox()
        child.object = [:]
        box.object?[key.stringValue] = child
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: child, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = ValueBox()
        child.array = []
        box.object?[key.stringValue] = child
        return UnkeyedContainer(box: child, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> any Encoder { TreeEncoder(box: box, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = ValueBox()
        box.object?[key.stringValue] = child
        return TreeEncoder(box: child, codingPath: codingPath + [key])
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(_ index: Int) { intValue = index; stringValue = String(index) }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.init(intValue) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: ValueBox
    let codingPath: [any CodingKey]
    var count: Int { box.array?.count ?? 0 }

    mutating func encodeNil() throws { box.array?.append(ValueBox(.null)) }
    mutating func encode(_ value: some Encodable) throws {
        // Encode first: reading `count` inside the append would overlap the array's mutation.
        let leaf = try encodeLeaf(value, codingPath: codingPath + [IndexKey(count)])
        box.array?.append(leaf)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = ValueBox()
        child.object = [:]
        box.array?.append(child)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: child, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = ValueBox()
        child.array = []
        box.array?.append(child)
        return UnkeyedContainer(box: child, codingPath: codingPath)
    }
    mutating func superEncoder() -> any Encoder {
        let child = ValueBox()
        box.array?.append(child)
        return TreeEncoder(box: child, codingPath: codingPath)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let box: ValueBox
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { box.value = .null }
    mutating func encode(_ value: some Encodable) throws {
        let leaf = try encodeLeaf(value, codingPath: codingPath)
        box.value = leaf.resolved
        box.object = nil
        box.array = nil
    }
}
