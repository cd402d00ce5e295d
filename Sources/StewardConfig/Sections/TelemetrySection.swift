import StewardCore

/// `telemetry:` prices per provider and model, registered skills, baselines and anomaly detection
/// for the execution records of seed 004.
enum TelemetrySection: ConfigurationSection {
    static let key = "telemetry"
    static let pricingPath = "telemetry.pricing"

    static func read(_ node: ConfigNode, into configuration: inout StewardConfiguration) {
        var t = configuration.telemetry
        node.mapping { m in
            if let prices = m.child("pricing").list(readPrice) { t.pricing = prices }
            if let quotas = m.child("quotas").list(readQuota) { t.quotas = quotas }
            m.read("skills", into: &t.skills, as: .list(of: .name, noun: "skill names"))
            m.read("unknownSkills", into: &t.unknownSkills, as: .choice)
            m.read("maxFutureSkewSeconds", into: &t.maxFutureSkewSeconds, as: .seconds(atLeast: 0))
            m.read("fingerprintMismatch", into: &t.fingerprintMismatch, as: .choice)
            m.child("baseline").mapping { b in
                b.read("windowDays", into: &t.baseline.windowDays, as: .integer(in: 1...365))
                b.read("minimumSample", into: &t.baseline.minimumSample, as: .integer(atLeast: 1))
                b.read("freezeDays", into: &t.baseline.freezeDays, as: .integer(in: 0...365))
            }
            m.child("anomaly").mapping { a in
                a.read("threshold", into: &t.anomaly.threshold, as: .number(in: 0.5...100))
                a.read("required", into: &t.anomaly.required, as: .integer(in: 1...64))
                a.read("window", into: &t.anomaly.window, as: .integer(in: 1...64))
            }
            RoutingSection.read(m.child("routing"), into: &t.routing)
        }
        configuration.telemetry = t
    }

    private static func readPrice(_ node: ConfigNode) -> ModelPrice? {
        var price: ModelPrice?
        node.mapping { m in
            let provider = m.require("provider", as: .name)
            let model = m.require("model", as: .text)
            guard let provider, let model else { return }
            var p = ModelPrice(provider: provider, model: model, inputPerToken: 0, outputPerToken: 0)
            m.read("inputPerToken", into: &p.inputPerToken, as: .number(atLeast: 0))
            m.read("outputPerToken", into: &p.outputPerToken, as: .number(atLeast: 0))
            m.read("tier", into: &p.tier, as: .choice)
            m.read("validFrom", into: &p.validFrom, as: .moment)
            price = p
        }
        return price
    }

    private static func readQuota(_ node: ConfigNode) -> ProviderQuota? {
        var quota: ProviderQuota?
        node.mapping { m in
            let provider = m.require("provider", as: .name)
            let limit = m.require("dailyLimit", as: .integer(atLeast: 1))
            guard let provider, let limit else { return }
            var q = ProviderQuota(provider: provider, dailyLimit: Int64(limit))
            m.read("unit", into: &q.unit, as: .choice)
            m.read("resetHourUtc", into: &q.resetHourUTC, as: .integer(in: 0...23))
            quota = q
        }
        return quota
    }

    static func check(_ configuration: StewardConfiguration, in context: ReadContext) {
        let t = configuration.telemetry
        if t.anomaly.required > t.anomaly.window {
            context.report(
                "anomaly.required (\(t.anomaly.required)) cannot be more than anomaly.window (\(t.anomaly.window))",
                at: "telemetry.anomaly.required", origin: context.origin(of: "telemetry.anomaly.required"))
        }
        var seen: Set<String> = []
        for (offset, price) in t.pricing.enumerated() {
            let key = "\(price.provider.lowercased())/\(price.model.lowercased())@\(price.validFrom?.rfc3339 ?? "always")"
            if !seen.insert(key).inserted {
                let path = "\(context.element(offset, ofList: pricingPath)).model"
                context.report("\(price.provider)/\(price.model) is priced twice from the same moment", at: path, origin: context.origin(of: path))
            }
        }
        UniqueNames.check(t.skills, kind: "skill", at: { context.element($0, ofList: "telemetry.skills") }, in: context)
        UniqueNames.check(t.quotas.map(\.provider), kind: "quota provider", at: { "telemetry.quotas[\($0)].provider" }, in: context)
        RoutingSection.check(t.routing, in: context)
    }
}

extension SettingType where Value == Timestamp {
    /// An RFC 3339 date-time (`2026-12-01T00:00:00Z`).
    static var moment: Self {
        .scalar("an RFC 3339 date-time such as 2026-12-01T00:00:00Z", allowsQuoted: true, parse: { Timestamp(rfc3339: $0) })
    }
}
