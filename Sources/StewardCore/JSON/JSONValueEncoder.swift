/// Turns any Encodable into a ``JSONValue`` without a round trip through text.
///
/// Dates are not special-cased: domain types carry timestamps as ``Timestamp`` or strings, so the
/// canonical form never depends on a date strategy.
public enum JSONValueEncoder {
    /// The JSON value of `value`.
    public static func encode(_ value: some Encodable) throws(CanonicalJSONError) -> JSONValue {
        // Coding paths are not tracked (they cost an allocation per field); errors name the type.
        if let direct = value as? any JSONValueConvertible { return direct.jsonValue }
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

/// A value whose JSON is known without going through `Encodable`: scalars, and domain types on
/// hot paths that build their JSON directly.
public protocol JSONValueConvertible {
    /// The value as JSON, exactly as its `Encodable` conformance would give it.
    var jsonValue: JSONValue { get }
}

extension JSONValue: JSONValueConvertible { public var jsonValue: JSONValue { self } }
extension String: JSONValueConvertible { public var jsonValue: JSONValue { .string(self) } }
extension Bool: JSONValueConvertible { public var jsonValue: JSONValue { .bool(self) } }
extension Int: JSONValueConvertible { public var jsonValue: JSONValue { .int(Int64(self)) } }
extension Int64: JSONValueConvertible { public var jsonValue: JSONValue { .int(self) } }
extension Int32: JSONValueConvertible { public var jsonValue: JSONValue { .int(Int64(self)) } }
extension UInt32: JSONValueConvertible { public var jsonValue: JSONValue { .int(Int64(self)) } }
extension Double: JSONValueConvertible { public var jsonValue: JSONValue { .double(self) } }
extension Float: JSONValueConvertible { public var jsonValue: JSONValue { .double(Double(self)) } }

/// A string enumeration whose JSON is its raw value.
public protocol StringCodedJSON: RawRepresentable, JSONValueConvertible where RawValue == String {}

extension StringCodedJSON {
    /// The raw value as a JSON string.
    public var jsonValue: JSONValue { .string(rawValue) }
}

/// Encodes one value into a fresh box: one dynamic cast finds the direct path when there is one.
private func encodeLeaf(_ value: some Encodable, codingPath: [any CodingKey]) throws -> ValueBox {
    if let direct = value as? any JSONValueConvertible { return ValueBox(direct.jsonValue) }
    let child = ValueBox()
    try value.encode(to: TreeEncoder(box: child, codingPath: codingPath))
    return ValueBox(child.resolved)
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ValueBox
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { box.object?[key.stringValue] = ValueBox(.null) }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        let leaf = try encodeLeaf(value, codingPath: codingPath)
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

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: ValueBox
    let codingPath: [any CodingKey]
    var count: Int { box.array?.count ?? 0 }

    mutating func encodeNil() throws { box.array?.append(ValueBox(.null)) }
    mutating func encode(_ value: some Encodable) throws {
        let leaf = try encodeLeaf(value, codingPath: codingPath)
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
