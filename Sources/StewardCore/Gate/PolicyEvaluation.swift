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
    /// When enforced block rules could not be evaluated and none matched: the sentence that tells
    /// whoever decides (whatever check asks them) to look at what those rules guard.
    let unevaluatedBlocks: String?

    static func run(_ policy: CompiledPolicy, on input: GateInput) -> PolicyEvaluation {
        let activation = PolicyInput.activation(input, readingParams: policy.readsParams)
        // Rules are remembered by index: copying a rule would retain its five strings and its
        // program, twenty times a decision.
        let rules = policy.rules
        var block: Int?, approval: Int?, allow: Int?
        var failure: (index: Int, error: String)?
        var failures: [(index: Int, error: String)] = []
        var warnings: [RuleFinding] = [], audits: [RuleFinding] = []
        for index in rules.indices {
            let mode = rules[index].rule.mode
            let matched: Bool
            do throws(ExprErrorBox) {
                matched = try evaluate(rules[index].program, activation)
            } catch {
                // The failure named is the first block rule's if any failed, else the first rule's:
                // a block rule's error matters most.
                let firstBlock = rules[index].rule.effect == .block && failure.map { rules[$0.index].rule.effect != .block } != false
                if mode == .enforce, failure == nil || firstBlock { failure = (index, error.message) }
                guard mode != .enforce else {
                    failures.append((index, error.message))
                    continue
                }
                let rule = rules[index].rule
                let finding = RuleFinding(rule: rule.name, effect: rule.effect, reason: "POLICY_ERROR", explanation: error.message)
                if mode == .warn { warnings.append(finding) } else { audits.append(finding) }
                continue
            }
            guard matched else { continue }
            switch mode {
            case .warn, .audit:
                let rule = rules[index].rule
                let finding = RuleFinding(rule: rule.name, effect: rule.effect, reason: rule.reason, explanation: rule.explanation)
                if mode == .warn { warnings.append(finding) } else { audits.append(finding) }
            case .enforce:
                switch rules[index].rule.effect {
                case .block: if block == nil { block = index }
                case .requireApproval: if approval == nil { approval = index }
                case .allow: if allow == nil { allow = index }
                }
            }
        }
        // An enforced rule that could not be evaluated did not decide, but the person who does
        // must see it, whichever check asks them: above all a block rule that could not say no.
        var sentences = ""
        for (index, error) in failures {
            let failed = rules[index].rule
            warnings.append(RuleFinding(rule: failed.name, effect: failed.effect, reason: "POLICY_ERROR", explanation: error))
            if failed.effect == .block && block == nil {
                sentences += " The block rule '\(failed.name)' could not be evaluated (\(error)): check what it guards before approving."
            }
        }
        let unevaluated = sentences.isEmpty ? nil : sentences
        if let decisive = block ?? approval {
            let rule = rules[decisive].rule
            let check = GateCheck(
                name: .policy, passed: false, ceiling: rule.effect == .block ? .block : .requireApproval,
                reason: rule.reason, detail: rule.explanation + sentences, clause: rules[decisive].clause)
            return PolicyEvaluation(
                check: check, allowingClause: nil, allowingRule: nil, warnings: warnings, audits: audits, unevaluatedBlocks: unevaluated)
        }
        if let failure {
            let check = GateCheck(
                name: .policy, passed: false, ceiling: .requireApproval, reason: "POLICY_ERROR",
                detail: "The policy rule '\(rules[failure.index].rule.name)' could not be evaluated (\(failure.error)), so a person decides.",
                clause: rules[failure.index].clause)
            return PolicyEvaluation(
                check: check, allowingClause: nil, allowingRule: nil, warnings: warnings, audits: audits, unevaluatedBlocks: unevaluated)
        }
        guard let allow else {
            let check = GateCheck(
                name: .policy, passed: false, ceiling: .requireApproval, reason: "NO_POLICY_ALLOWS",
                detail: "No policy rule allows \(input.proposal.type) to run without a person.", clause: "policy.rules")
            return PolicyEvaluation(check: check, allowingClause: nil, allowingRule: nil, warnings: warnings, audits: audits, unevaluatedBlocks: nil)
        }
        let rule = rules[allow].rule, clause = rules[allow].clause
        let check = GateCheck(name: .policy, passed: true, ceiling: .autoExecute, reason: rule.reason, detail: rule.explanation, clause: clause)
        return PolicyEvaluation(
            check: check, allowingClause: clause, allowingRule: rule.name, warnings: warnings, audits: audits, unevaluatedBlocks: nil)
    }

    private static func evaluate(_ program: ExprProgram, _ activation: ExprActivation) throws(ExprErrorBox) -> Bool {
        do throws(ExprError) {
            return try program.evaluateCondition(activation)
        } catch {
            throw ExprErrorBox(message: error.message)
        }
    }

    struct ExprErrorBox: Error { let message: String }
}

extension CompiledPolicy {
    /// The enforced `block` rules that cannot be evaluated for `input`, by clause, with the error:
    /// rules that could not say no, whatever else decided (edits at approval must not pass them).
    public func unevaluableBlockRules(_ input: GateInput) -> [(clause: String, error: String)] {
        let activation = PolicyInput.activation(input, readingParams: readsParams)
        return rules.indices.compactMap { index in
            guard rules[index].rule.mode == .enforce, rules[index].rule.effect == .block else { return nil }
            do throws(ExprError) {
                _ = try rules[index].program.evaluateCondition(activation)
                return nil
            } catch {
                return (rules[index].clause, error.message)
            }
        }
    }
}
