public import StewardCore

/// Where each effective setting came from, in the order steward.yaml declares them.
///
/// Every leaf of the configuration has an entry: a scalar, a list of scalars such as
/// `agents[2].dependencies`, or an absent optional such as `sources[1].fallback` (value null).
public struct Provenance: Sendable, Hashable {
    /// One effective setting.
    public struct Entry: Sendable, Hashable {
        /// The setting's path, e.g. `remediation.slo.success` or `sources[0].freshnessTargetMinutes`.
        public var path: String
        /// Its effective value, as it is hashed into the revision.
        public var value: JSONValue
        /// Where that value came from.
        public var origin: SettingOrigin

        /// Creates an entry.
        public init(path: String, value: JSONValue, origin: SettingOrigin) {
            self.path = path
            self.value = value
            self.origin = origin
        }
    }

    /// The settings section by section; within one, in reading order, then those only the defaults decided.
    public let entries: [Entry]
    private let index: [String: Int]

    /// Joins what the reader recorded with the configuration's own leaves.
    ///
    /// - Parameters:
    ///   - recorded: paths and origins in the order they were read.
    ///   - configuration: the effective configuration as JSON; its leaves give the values.
    ///   - sectionOrder: the top-level keys in the order to list them.
    init(recorded: [(path: String, origin: SettingOrigin)], configuration: JSONValue, sectionOrder: [String]) {
        var leaves: [String: JSONValue] = [:]
        Self.collectLeaves(of: configuration, at: "", into: &leaves)
        var origins: [String: SettingOrigin] = [:]
        var order: [String] = []
        for (path, origin) in recorded {
            if origins.updateValue(origin, forKey: path) == nil { order.append(path) }
        }
        order += leaves.keys.filter { origins[$0] == nil }.sorted(by: Self.precedes)
        let rank = Dictionary(sectionOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let sorted = order.enumerated().sorted { a, b in
            let (ra, rb) = (rank[Self.section(of: a.element)] ?? .max, rank[Self.section(of: b.element)] ?? .max)
            return ra != rb ? ra < rb : a.offset < b.offset
        }
        self.entries = sorted.map { _, path in
            Entry(path: path, value: leaves[path] ?? .null, origin: origins[path] ?? .default)
        }
        self.index = Dictionary(entries.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The path the file writes a leaf of the configuration under, where the two differ: the
    /// classifier's rules are `classifier.rules` in the file, and rules' conditions `when`.
    static func filePath(_ path: String) -> String {
        var written = path
        if written.hasPrefix("classifier[") { written = "classifier.rules" + written.dropFirst("classifier".count) }
        if written.hasPrefix("classifier.rules[") || written.hasPrefix("policy.rules["), written.hasSuffix(".condition") {
            written = written.dropLast(".condition".count) + ".when"
        }
        return written
    }

    /// Path order with list indexes compared as numbers: `actionTypes[2]` before `actionTypes[10]`.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var left = Array(a.utf8)[...], right = Array(b.utf8)[...]
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        while let x = left.first, let y = right.first {
            if isDigit(x) && isDigit(y) {
                let m = left.prefix(while: isDigit), n = right.prefix(while: isDigit)
                // Without leading zeros, the longer run of digits is the larger number.
                if m.count != n.count { return m.count < n.count }
                if m != n { return m.lexicographicallyPrecedes(n) }
                left = left.dropFirst(m.count)
                right = right.dropFirst(n.count)
                continue
            }
            if x != y { return x < y }
            left = left.dropFirst()
            right = right.dropFirst()
        }
        return left.count < right.count
    }

    /// `agents[2].name` → `agents`.
    private static func section(of path: String) -> String {
        String(path.prefix { $0 != "." && $0 != "[" })
    }

    /// The origin of the setting at `path`, or nil if there is no such setting.
    public subscript(path: String) -> SettingOrigin? {
        index[path].map { entries[$0].origin }
    }

    /// The entry for the setting at `path`.
    public func entry(_ path: String) -> Entry? {
        index[path].map { entries[$0] }
    }

    /// Objects descend by `.key`, lists of objects by `[index]`; anything else is a leaf.
    private static func collectLeaves(of value: JSONValue, at path: String, into leaves: inout [String: JSONValue]) {
        switch value {
        case .object(let members):
            for (key, member) in members {
                collectLeaves(of: member, at: path.isEmpty ? key : "\(path).\(key)", into: &leaves)
            }
        case .array(let items) where items.contains(where: \.isObject):
            for (offset, item) in items.enumerated() {
                collectLeaves(of: item, at: "\(path)[\(offset)]", into: &leaves)
            }
        default:
            leaves[filePath(path)] = value
        }
    }
}

extension JSONValue {
    fileprivate var isObject: Bool {
        if case .object = self { return true }
        return false
    }
}
