import ArgumentParser

/// `steward expr`: try condition expressions and run the CEL conformance corpus.
struct ExprCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expr",
        abstract: "Evaluate condition expressions (Steward's CEL subset) and run the conformance corpus.",
        discussion: """
            Policy rules, breaker conditions, classifier rules, success criteria and guardrails are \
            written in a subset of CEL. These tools let you try an expression before putting it in \
            steward.yaml, and check the implementation against the CEL conformance tests. The language \
            reference is docs/expressions.md.
            """,
        subcommands: [ExprEvalCommand.self, ExprCasesCommand.self]
    )
}
