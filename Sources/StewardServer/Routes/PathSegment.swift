import Foundation
import Hummingbird
import StewardCore

extension Parameters {
    /// The path parameter `name`, percent-decoded: clients escape `@` and `:` in names
    /// (`encodeURIComponent` does), and Hummingbird hands segments over as they were sent.
    func segment(_ name: String) throws -> String {
        let raw = try require(name)
        guard raw.contains("%") else { return raw }
        guard let decoded = raw.removingPercentEncoding else {
            throw Problem.malformed("the path segment '\(raw)' is not valid percent-encoding", errors: [.init(field: name, reason: "is not valid percent-encoding")])
        }
        // No name holds a control character; a NUL would also be cut where SQLite stores text.
        guard !decoded.hasControlCharacter else {
            throw Problem.malformed("the path segment '\(raw)' holds a control character", errors: [.init(field: name, reason: "must not hold control characters")])
        }
        return decoded
    }
}
