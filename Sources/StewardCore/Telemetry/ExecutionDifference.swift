extension SkillExecution {
    /// The fields in which this record differs from `other`, a record sent earlier under the same
    /// `execution_id`, in wire order; empty when it is the same record sent again.
    public func differences(from other: SkillExecution) -> [String] {
        differences(from: Dictionary(uniqueKeysWithValues: zip(Self.fieldNames, other.values)))
    }

    /// ``differences(from:)`` against a stored body; nil when the body cannot be read as a record.
    public func differences(fromStored body: String) -> [String]? {
        guard let value = try? JSONReader.parse(body), case .object(let members) = value else { return nil }
        return differences(from: members)
    }

    /// A cost Steward priced is left out: a price changed between the two sends is not a
    /// difference the agent made. Numbers compare by value (a body reads `1` and `1.0` alike).
    private func differences(from theirs: [String: JSONValue]) -> [String] {
        let priced = costSource != .reported || theirs["cost_source"] != .string(CostSource.reported.rawValue)
        return zip(Self.fieldNames, values).compactMap { name, mine in
            if priced && (name == "cost_usd" || name == "cost_source") { return nil }
            let other = theirs[name] ?? .null
            if mine == other { return nil }
            if let x = mine.doubleValue, let y = other.doubleValue, x == y { return nil }
            return name
        }
    }
}
