/// The report's content once, as sections of sentences, lists and tables, so the Markdown and HTML
/// renderings cannot drift apart. Text here is raw; each renderer escapes it.
struct ReportSection {
    /// 2 for a main section, 3 for a subsection.
    var level = 2
    var title: String
    var paragraphs: [String] = []
    var list: [String] = []
    var table: ReportTable?
}

/// A table: a header row and rows of the same width.
struct ReportTable {
    var header: [String]
    var rows: [[String]]
}

extension GovernanceReport {
    /// The report's title.
    var title: String { "Autonomy governance report — \(tenant)" }

    /// The sentence under the title.
    var preamble: String {
        "Report \(id), generated \(generatedAt.rfc3339). Period \(period.start.rfc3339) to \(period.end.rfc3339) (UTC). "
            + "Autonomy level \(level.rawValue)."
    }

    /// Every section, in reading order.
    var sections: [ReportSection] {
        var sections = [verdict, commands, safety, attributionSection, actionTypes, ReportSection(title: "Readiness")]
        sections += zip(ChecklistSection.allCases, readiness.checklists).map { section, status in
            ReportSection(
                level: 3, title: "\(section.title): \(status.points) of \(status.maxPoints) points",
                table: ReportTable(
                    header: ["Item", "Weight", "Required", "Status", "Decided by", "Details"],
                    rows: status.items.map { item in
                        [item.name, String(item.weight), item.required ? "yes" : "no", item.status ? "pass" : "FAIL",
                         item.decidedBy.rawValue, item.details]
                    }))
        }
        sections.append(ReportSection(
            title: "Recommendations",
            list: readiness.recommendations.map { advice in
                "\(advice.type.rawValue) (\(advice.priority.rawValue)): \(advice.rationale) Actions: "
                    + advice.actions.joined(separator: "; ") + "."
            }))
        sections.append(ReportSection(
            title: "Next actions",
            paragraphs: readiness.nextActions.isEmpty ? ["Nothing to do: every item passes."] : [],
            list: readiness.nextActions.map { step in step.title + (step.ownerHint.map { " (owner: \($0))" } ?? "") }))
        sections.append(ReportSection(
            title: "Circuit breakers",
            paragraphs: breakers.isEmpty ? ["No breakers reported."] : [],
            table: breakers.isEmpty ? nil : ReportTable(
                header: ["Breaker", "State", "Trips"], rows: breakers.map { [$0.name, $0.state, GovernanceText.count($0.trips)] })))
        return sections
    }

    private var verdict: ReportSection {
        let overall = readiness.overall
        let score = "\(overall.points) of \(overall.maxPoints) points (\(GovernanceText.percent(overall.score)))"
        var lines: [String] = []
        if overall.ready {
            lines.append("Ready for \(readiness.currentPhase.next?.rawValue ?? "the next level"): \(score), every required item passes.")
        } else {
            lines.append("Not ready: \(score); \(ReadinessChecklist.readyPoints) points and every required item are needed.")
        }
        if !overall.blockers.isEmpty { lines.append("Blockers: " + overall.blockers.joined(separator: ", ") + ".") }
        lines.append(proposalId.map { "Scope expansion proposal \($0) was drafted." } ?? "No scope expansion proposal was drafted.")
        return ReportSection(title: "Verdict", paragraphs: lines)
    }

    private var commands: ReportSection {
        let c = metrics.commands, r = metrics.rates
        let count = GovernanceText.count, percent = GovernanceText.percent
        return ReportSection(title: "Commands", table: ReportTable(header: ["Metric", "Value"], rows: [
            ["Total", count(c.total)], ["Proposed", count(c.proposed)], ["Approved", count(c.approved)],
            ["Rejected", count(c.rejected)], ["Succeeded", count(c.succeeded)], ["Failed", count(c.failed)],
            ["Rolled back", count(c.rolledBack)], ["Success rate", r.successRate.map(percent) ?? "none finished"],
            ["Approval rate", percent(r.approvalRate)], ["Rollback rate", percent(r.rollbackRate)],
            ["Error rate", percent(r.errorRate)],
        ]))
    }

    private var safety: ReportSection {
        let i = metrics.incidents, s = metrics.safety
        let count = GovernanceText.count
        return ReportSection(title: "Incidents and safety", table: ReportTable(header: ["Metric", "Value"], rows: [
            ["Incidents", count(i.total)], ["Critical incidents", count(i.critical)],
            ["Incidents from autonomous actions", count(i.fromAutonomousActions)],
            ["Constraint violations", count(s.constraintViolations)], ["Emergency aborts", count(s.emergencyAborts)],
            ["Safety gate triggers", count(s.safetyGateTriggers)],
        ]))
    }

    private var attributionSection: ReportSection {
        ReportSection(
            title: "Incidents from autonomous actions",
            paragraphs: metrics.attributions.isEmpty ? ["None in the period."] : [],
            list: metrics.attributions.map(\.explanation))
    }

    private var actionTypes: ReportSection {
        let count = GovernanceText.count
        return ReportSection(
            title: "By action type",
            paragraphs: metrics.byActionType.isEmpty ? ["No actions in the period."] : [],
            table: metrics.byActionType.isEmpty ? nil : ReportTable(
                header: ["Type", "Proposed", "Auto-executed", "Succeeded", "Failed", "Rolled back", "Success rate"],
                rows: metrics.byActionType.map { r in
                    [r.type, count(r.proposed), count(r.autoExecuted), count(r.succeeded), count(r.failed), count(r.rolledBack),
                     r.executions > 0 ? GovernanceText.percent(r.successRate) : "none finished"]
                }))
    }
}
