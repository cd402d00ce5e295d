import Foundation

/// The fields of an `application/x-www-form-urlencoded` body, in order (a name may repeat).
struct FormFields: Sendable {
    let pairs: [(name: String, value: String)]

    init(_ text: String) {
        pairs = text.split(separator: "&").compactMap { part in
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = halves.first.map({ Self.decode($0) }), !name.isEmpty else { return nil }
            return (name, halves.count > 1 ? Self.decode(halves[1]) : "")
        }
    }

    /// The first value of `name`, or nil.
    subscript(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// A value with surrounding spaces removed, nil when blank.
    func text(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Every value of `name`.
    func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    private static func decode(_ raw: Substring) -> String {
        let spaced = raw.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
