/// An atomic change to the counters of a state row, applied to the row's current value inside the
/// transaction: exact whatever order concurrent commits land in, and across replicas. A limit
/// turns it into a reservation: a commit that would push a counter past its limit fails with
/// `conflict` and changes nothing, so concurrent requests can never overspend a budget.
public struct Tally: Sendable, Hashable {
    /// The row's tenant.
    public var tenant: String
    /// Its collection.
    public var collection: String
    /// Its id; a missing row starts from an empty object.
    public var id: String
    /// Amounts added to numeric fields (negative to give back).
    public var increments: [String: Double]
    /// The most a field may hold after a positive increment.
    public var limits: [String: Double]
    /// Fields raised to at least this value (a "last seen" time).
    public var maxima: [String: Double]
    /// Fields kept rounded to this many decimals (dollars to the tenth of a cent), so a running
    /// total carries no floating-point residue and is compared with its limit as the gate sees it.
    public var decimals: [String: Int] = [:]

    /// Creates a tally.
    public init(
        tenant: String, collection: String, id: String, increments: [String: Double] = [:], limits: [String: Double] = [:],
        maxima: [String: Double] = [:], decimals: [String: Int] = [:]
    ) {
        self.tenant = tenant
        self.collection = collection
        self.id = id
        self.increments = increments
        self.limits = limits
        self.maxima = maxima
        self.decimals = decimals
    }

    /// The row's body after the tally, or `conflict` when a limit would be passed.
    public func apply(to body: JSONValue?) throws(StoreError) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        if case .object(let existing)? = body { fields = existing }
        for field in increments.keys.sorted() {
            let amount = increments[field] ?? 0
            let current = fields[field]?.doubleValue ?? 0
            var next = current + amount
            if let places = decimals[field] {
                let scale = (0..<max(places, 0)).reduce(1.0) { product, _ in product * 10 }
                next = (next * scale).rounded() / scale
            }
            if amount > 0, let limit = limits[field], next > limit + 1e-9 {
                throw StoreError(
                    .conflict, operation: "tally \(collection)/\(id)",
                    reason: "\(field) would reach \(next), above its limit \(limit)")
            }
            fields[field] = .double(next)
        }
        for (field, value) in maxima {
            fields[field] = .double(max(fields[field]?.doubleValue ?? -.infinity, value))
        }
        return .object(fields)
    }

    /// The row this tally changes.
    public var document: (tenant: String, collection: String, id: String) { (tenant, collection, id) }
}
