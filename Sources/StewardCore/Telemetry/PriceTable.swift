/// What a provider's model costs per token, from a moment on (steward.yaml `telemetry.pricing`).
public struct ModelPrice: Sendable, Hashable, Codable {
    /// The provider (openai, azure, anthropic, ...).
    public var provider: String
    /// The model.
    public var model: String
    /// USD per input token.
    public var inputPerToken: Double
    /// USD per output token.
    public var outputPerToken: Double
    /// Free, Standard or Premium; Free prices are 0 whatever the per-token figures say.
    public var tier: SkillExecution.CostTier
    /// From when this price holds (nil: always, until a later entry for the same model).
    public var validFrom: Timestamp?

    /// A price.
    public init(
        provider: String, model: String, inputPerToken: Double, outputPerToken: Double, tier: SkillExecution.CostTier = .Standard,
        validFrom: Timestamp? = nil
    ) {
        self.provider = provider
        self.model = model
        self.inputPerToken = inputPerToken
        self.outputPerToken = outputPerToken
        self.tier = tier
        self.validFrom = validFrom
    }

    /// The cost of `input` and `output` tokens at this price, rounded to 1e-8 USD as in the seed.
    public func cost(input: Int64, output: Int64) -> Double {
        guard tier != .Free else { return 0 }
        let raw = Double(input) * inputPerToken + Double(output) * outputPerToken
        return (raw * 1e8).rounded() / 1e8
    }
}

extension SkillExecution.CostTier: Codable {}

/// Every model price, looked up by provider, model and moment.
public struct PriceTable: Sendable, Hashable {
    private var byModel: [String: [ModelPrice]]

    /// A table of `prices` (for one model, the entry with the latest `validFrom` not after the
    /// moment asked about applies).
    public init(_ prices: [ModelPrice] = []) {
        var grouped: [String: [ModelPrice]] = [:]
        for price in prices { grouped[Self.key(price.provider, price.model), default: []].append(price) }
        byModel = grouped.mapValues { $0.sorted { ($0.validFrom ?? .init(millisecondsSinceEpoch: .min)) < ($1.validFrom ?? .init(millisecondsSinceEpoch: .min)) } }
    }

    /// The price of `model` at `provider` valid at `moment`, or nil.
    public func price(provider: String, model: String, at moment: Timestamp) -> ModelPrice? {
        guard let prices = byModel[Self.key(provider, model)] else { return nil }
        return prices.last { ($0.validFrom ?? moment) <= moment }
    }

    /// Every entry.
    public var prices: [ModelPrice] { byModel.keys.sorted().flatMap { byModel[$0] ?? [] } }

    private static func key(_ provider: String, _ model: String) -> String { provider.lowercased() + "\u{1F}" + model.lowercased() }
}
