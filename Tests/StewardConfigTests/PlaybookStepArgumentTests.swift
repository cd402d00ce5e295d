import Testing
@testable import StewardCore

/// A step's arguments are checked when the file loads: a typo or a wrong kind is an error naming
/// the argument, instead of a silent default at run time (QA: `backofMs` ran as no backoff).
@Suite("Playbook step arguments")
struct PlaybookStepArgumentTests {
    func playbook(_ steps: String, agents: String = "", autoRegister: Bool = true) -> [String] {
        errors("""
            \(agents)remediation:
              signals: {autoRegister: \(autoRegister)}
            playbooks:
              - name: P1
                classification: TRANSIENT
                steps: \(steps)
                successCriteria: lastTaskSucceeded

            """)
    }

    @Test func aMisspeltArgumentOfAnAgentPrimitiveIsATypoOthersPassToTheAgent() {
        #expect(playbook("[{do: retryLastTask, args: {backofMs: 500, max: 2}}]") == [
            "steward.yaml:6:50: playbooks[0].steps[0].args.backofMs: unknown argument 'backofMs' for retryLastTask: it reads backoffMs, max "
                + "(other names are passed to the agent; this one is close to one Steward reads); did you mean 'backoffMs'?",
        ])
        #expect(playbook("[{do: retryLastTask, args: {backoffMs: 500, max: 2, queue: low}}]") == [])
    }

    @Test func aBuiltinTakesOnlyWhatItReads() {
        #expect(playbook("[{do: throttleLowROI, args: {reserve: 1}}]") == [
            "steward.yaml:6:50: playbooks[0].steps[0].args.reserve: unknown argument 'reserve' for throttleLowROI: it reads reserveSlots, roiFloor; did you mean 'reserveSlots'?",
        ])
        #expect(playbook("[{do: reallocateSlots, args: {slots: 2}}]") == [
            "steward.yaml:6:41: playbooks[0].steps[0].args: reallocateSlots needs argument 'from' (or 'fromVar' to read it from the incident)",
            "steward.yaml:6:41: playbooks[0].steps[0].args: reallocateSlots needs argument 'to' (or 'toVar' to read it from the incident)",
        ])
        #expect(playbook("[{do: executeSelected, args: {x: 1}}]").first?.hasSuffix("unknown argument 'x' for executeSelected: it takes no arguments") == true)
    }

    @Test func aValueOfTheWrongKindIsNamed() {
        #expect(playbook("[{do: retryLastTask, args: {backoffMs: fast, max: 0}}]") == [
            "steward.yaml:6:51: playbooks[0].steps[0].args.backoffMs: must be a whole number of at least 0 for retryLastTask, got 'fast'",
            "steward.yaml:6:62: playbooks[0].steps[0].args.max: must be a whole number of at least 1 for retryLastTask, got 0",
        ])
        #expect(playbook("[{do: applyPriorityRules, args: {order: [Revenue, Sales]}}]").first?.contains("must be a list of domains") == true)
    }

    @Test func aReferenceMustNameAValueAStepCanRead() {
        #expect(playbook(#"[{do: refetchSource, args: {sourceVar: "context.dependenciez[0]"}}]"#).first?.hasSuffix(
            "did you mean 'context.dependencies'?") == true)
        #expect(playbook("[{do: rebalanceByROI, args: {roiFloorVar: env.AUTOREM_ROI}}]").first?.contains(
            "env.AUTOREM_ROI is not a setting a step can read") == true)
        #expect(playbook("[{do: throttleAgent, args: {agentVar: losingAgnt}}]").first?.hasSuffix("did you mean 'losingAgent'?") == true)
        #expect(playbook(#"[{do: throttleAgent, args: {agentVar: losingAgent}}, {do: refetchSource, args: {sourceVar: "context.dependencies[0]"}}]"#) == [])
    }

    @Test func aNamedAgentMustBeDeclaredUnlessSignalsRegisterAgents() {
        let agents = "agents:\n  - {name: billing-bot, domain: Revenue}\n"
        #expect(playbook("[{do: throttleAgent, args: {agent: biling-bot}}]", agents: agents).first?.hasSuffix(
            "undeclared agent 'biling-bot'; did you mean 'billing-bot'?") == true)
        #expect(playbook("[{do: throttleAgent, args: {agent: other}}]", agents: agents, autoRegister: true) == [])
        #expect(playbook("[{do: throttleAgent, args: {agent: other}}]", agents: agents, autoRegister: false).first?.hasSuffix(
            "undeclared agent 'other'; declared: billing-bot") == true)
    }

    @Test func aPlaybookWithoutStepsIsRefused() {
        #expect(playbook("[]") == ["steward.yaml:6:12: playbooks[0].steps: a playbook needs at least one step"])
    }

    @Test func theShippedPlaybooksPassTheirOwnRules() {
        for playbook in Playbook.seedPlaybooks {
            for step in playbook.steps {
                #expect(StepArgumentRules.problems(step.args, of: step.primitive).isEmpty, "\(playbook.name) \(step.primitive)")
            }
        }
    }
}
