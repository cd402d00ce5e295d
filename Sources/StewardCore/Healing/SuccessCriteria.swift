import StewardExpr

/// The playbooks' success criteria, compiled once.
public struct SuccessCriteria: Sendable {
    let programs: [String: ExprProgram]

    /// Compiles every playbook's criteria; throws each failing one with its playbook's position.
    public init(_ playbooks: [Playbook]) throws(RuleCompileErrors) {
        var programs: [String: ExprProgram] = [:]
        var problems: [RuleCompileErrors.Problem] = []
        for (index, playbook) in playbooks.enumerated() {
            do throws(ExprErrors) {
                programs[playbook.name] = try ExprProgram(playbook.successCriteria, environment: VerificationFacts.environment, expecting: .bool)
            } catch {
                problems.append(.init(index: index, name: playbook.name, errors: error))
            }
        }
        guard problems.isEmpty else { throw RuleCompileErrors(problems: problems) }
        self.programs = programs
    }

    /// Whether `playbook` worked by `facts`; a criterion that cannot be evaluated fails with its error.
    public func verify(_ playbook: String, _ facts: VerificationFacts) -> Verification {
        guard let program = programs[playbook] else {
            return Verification(outcome: .failed, reason: "playbook \(playbook) has no compiled success criteria", signalTs: facts.signal.ts, after: facts.signal.metrics)
        }
        do throws(ExprError) {
            let ok = try program.evaluateCondition(facts.activation())
            // An agent that still calls itself degraded or failing is not healed, whatever the
            // criteria read: a queue-depth incident must not pass on the backlog's age alone.
            if ok, facts.signal.status != .healthy {
                return Verification(
                    outcome: .failed,
                    reason: "\(program.source) held on the signal of \(facts.signal.ts), but the agent still reports itself \(facts.signal.status.rawValue)",
                    signalTs: facts.signal.ts, after: facts.signal.metrics)
            }
            return Verification(
                outcome: ok ? .passed : .failed,
                reason: ok ? "\(program.source) held on the signal of \(facts.signal.ts)" : "\(program.source) did not hold on the signal of \(facts.signal.ts)",
                signalTs: facts.signal.ts, after: facts.signal.metrics)
        } catch {
            return Verification(outcome: .failed, reason: "success criteria could not be evaluated: \(error)", signalTs: facts.signal.ts, after: facts.signal.metrics)
        }
    }
}

/// How an attempt was judged.
public struct Verification: Sendable, Hashable, Codable {
    /// Passed, failed, or inconclusive (no fresh data in time: counts as failed, never as success).
    public var outcome: VerificationOutcome
    /// Why, in a sentence.
    public var reason: String
    /// The time of the signal it was judged on.
    public var signalTs: Timestamp?
    /// The metrics after the attempt.
    public var after: SignalMetrics?

    /// Creates a verification.
    public init(outcome: VerificationOutcome, reason: String, signalTs: Timestamp? = nil, after: SignalMetrics? = nil) {
        self.outcome = outcome
        self.reason = reason
        self.signalTs = signalTs
        self.after = after
    }
}

/// The verdicts of a verification.
public enum VerificationOutcome: String, Sendable, Hashable, Codable {
    /// The success criteria held.
    case passed
    /// They did not hold, or a step failed.
    case failed
    /// No fresh signal arrived within the verify timeout.
    case inconclusive
}
