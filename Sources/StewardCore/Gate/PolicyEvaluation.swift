import StewardExpr

/// Runs every policy rule over one proposal. A matching enforce `block` overrides everything, then
/// `require_approval`, then `allow`; without a matching allow, autopilot has no permission.
/// Rules in warn and audit mode are evaluated and reported, never decisive.
struct PolicyEvaluation {
    let check: GateCheck
    let allowingClause: String?
    let allowingRule: String?
    let warnings: [RuleFinding]
    let audits: [RuleFinding]

    static func run(_ policy: CompiledPolicy, on input: GateInput) -> PolicyEvaluation {
        let activation = PolicyInput.activation(input)
        var block: CompiledPolicy.Rule?, approval: CompiledPolicy.Rule?, allow: CompiledPolicy.Rule?
        var failure: (rule: CompiledPolicy.Rule, error: String)?
        var warnings: [RuleFinding] = [], audits: [RuleFinding] = []
        for compiled in policy.rules {
            let rule = compiled.rule
            let matched: Bool
            do throws(ExprErrorBox) {
                matched = try evaluate(compiled, activation)
            } catch {
                if rule.mode == .enforce, failure == nil { failure = (compiled, error.message) }
                let finding = RuleFinding(rule: rule.name, effect: rule.effect, reason: "POLICY_ERROR", explanation: error.message)
                if rule.mode == .warn { warnings.append(finding) } else if rule.mode == .audit { audits.append(finding) }
                continue
            }
            guard matched else { continue }
            let finding = RuleFinding(rule: rule.name, effect: rule.effect, reason: rule.reason, explanation: rule.explanation)
            switch rule.mode {
            case .warn: warnings.append(finding)
            case .audit: audits.append(finding)
            case .enforce:
                switch rule.effect {
                case .block: if block == nil { block = compiled }
                case .requireApproval: if approval == nil { approval = compiled }
                case .allow: if allow == nil { allow = compiled }
                }
            }
        }
        let check: GateCheck
        if let decisive = block ?? approval {
            check = GateCheck(
                name: .policy, passed: false, ceiling: decisive.rule.effect == .block ? .block : .requireApproval,
                reason: decisive.rule.reason, detail: decisive.rule.explanation, clause: decisive.clause)
        } else if let failure {
            check = GateCheck(
                name: .policy, passed: false, ceiling: .requireApproval, reason: "POLICY_ERROR",
                detail: "The policy rule '\(failure.rule.rule.name)' could not be evaluated (\(failure.error)), so a person decides.", clause: failure.rule.clause)
        } else if let allow {
            check = GateCheck(name: .policy, passed: true, ceiling: .autoExecute, reason: allow.rule.reason, detail: allow.rule.explanation, clause: allow.clause)
        } else {
            check = GateCheck(
                name: .policy, passed: false, ceiling: .requireApproval, reason: "NO_POLICY_ALLOWS",
                detail: "No policy rule allows \(input.proposal.type) to run without a person.", clause: "policy.rules")
        }
        let allowed = check.passed ? allow : nil
        return PolicyEvaluation(check: check, allowingClause: allowed?.clause, allowingRule: allowed?.rule.name, warnings: warnings, audits: audits)
    }

    private static func evaluate(_ rule: CompiledPolicy.Rule, _ activation: ExprActivation) throws(ExprErrorBox) -> Bool {
        do throws(ExprError) {
            return try rule.program.evaluateCondition(activation)
        } catch {
            throw ExprErrorBox(message: error.message)
        }
    }

    struct ExprErrorBox: Error { let message: String }
}
