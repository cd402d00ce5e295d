/// The gate's values as JSON built directly: every decision is written three times (ledger entry,
/// state row, response), and the generic `Encodable` path costs more than the decision itself.
/// Each must equal its `Encodable` form; `GateJSONTests` checks that they do.
extension GateCheck: JSONValueConvertible {
    /// The check as JSON.
    public var jsonValue: JSONValue {
        var o: [String: JSONValue] = [
            "name": .string(name.rawValue), "passed": .bool(passed), "ceiling": .string(ceiling.rawValue),
            "reason": .string(reason), "detail": .string(detail),
        ]
        if let clause { o["clause"] = .string(clause) }
        return .object(o)
    }
}

extension CostVerdict: JSONValueConvertible {
    /// The verdict as JSON.
    public var jsonValue: JSONValue {
        var o: [String: JSONValue] = ["verdict": .string(verdict.rawValue), "reason": .string(reason), "detail": .string(detail)]
        if let retryAt { o["retryAt"] = retryAt.jsonValue }
        return .object(o)
    }
}

extension RiskAssessment: JSONValueConvertible {
    /// The assessment as JSON.
    public var jsonValue: JSONValue {
        ["score": .double(score), "budgetOverrun": .double(budgetOverrun), "blastRadius": .double(blastRadius), "compliance": .double(compliance)]
    }
}

extension ExpectedUtility: JSONValueConvertible {
    /// The utility as JSON.
    public var jsonValue: JSONValue {
        ["valueGain": .double(valueGain), "cost": .double(cost), "riskPenalty": .double(riskPenalty), "value": .double(value)]
    }
}

extension RuleFinding: JSONValueConvertible {
    /// The finding as JSON.
    public var jsonValue: JSONValue {
        ["rule": .string(rule), "effect": .string(effect.rawValue), "reason": .string(reason), "explanation": .string(explanation)]
    }
}

extension GateDecision: JSONValueConvertible {
    /// The decision as JSON.
    public var jsonValue: JSONValue {
        var o: [String: JSONValue] = [
            "outcome": .string(outcome.rawValue), "reason": .string(reason), "explanation": .string(explanation),
            "configRevision": .string(configRevision), "checks": .array(checks.map(\.jsonValue)),
            "warnings": .array(warnings.map(\.jsonValue)), "audits": .array(audits.map(\.jsonValue)),
            "costGate": costGate.jsonValue, "risk": risk.jsonValue, "utility": utility.jsonValue, "decidedAt": decidedAt.jsonValue,
        ]
        if let policyClause { o["policyClause"] = .string(policyClause) }
        if let deferUntil { o["deferUntil"] = deferUntil.jsonValue }
        if let escalation, let json = try? JSONValueEncoder.encode(escalation) { o["escalation"] = json }
        return .object(o)
    }
}

extension Timestamp: JSONValueConvertible {
    /// RFC 3339 text, as `Encodable` writes it.
    public var jsonValue: JSONValue { .string(rfc3339) }
}

extension GateOutcome: StringCodedJSON {}
extension GateCheckName: StringCodedJSON {}
extension RiskLevel: StringCodedJSON {}
extension AutonomyMode: StringCodedJSON {}
extension ProposalTrigger: StringCodedJSON {}
extension Domain: StringCodedJSON {}
extension ActionStatus: StringCodedJSON {}
extension OutcomeLabel: StringCodedJSON {}
extension PolicyEffect: StringCodedJSON {}
extension TenantTier: StringCodedJSON {}
extension ExpiryDecision: StringCodedJSON {}
