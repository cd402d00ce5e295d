import Foundation

/// Reads a Decodable value out of a ``JSONValue`` (state rows and ledger payloads back into types).
public enum JSONValueDecoder {
    /// Decodes `type` from `value`; errors name the path of the offending field.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        // Through canonical text: exact for every value Steward writes, and one well-tested decoder.
        try JSONDecoder().decode(T.self, from: Data(CanonicalJSON.encode(value)))
    }
}
