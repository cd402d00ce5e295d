extension GovernanceReport {
    /// The report as Markdown: a verdict, metric tables, one table per checklist, recommendations,
    /// next actions as a task list, and the breakers. Free text is escaped so that a name holding
    /// HTML or a pipe cannot break the page or a table.
    public func markdown() -> String {
        let text = GovernanceText.markdown
        var lines = ["# \(text(title))", "", text(preamble)]
        for section in sections {
            lines += ["", String(repeating: "#", count: section.level) + " " + text(section.title)]
            for paragraph in section.paragraphs { lines += ["", text(paragraph)] }
            if !section.list.isEmpty {
                lines.append("")
                let marker = section.title == "Next actions" ? "- [ ] " : "- "
                lines += section.list.map { marker + text($0) }
            }
            if let table = section.table {
                lines.append("")
                lines.append("| " + table.header.map(text).joined(separator: " | ") + " |")
                lines.append("|" + table.header.map { _ in " --- |" }.joined())
                lines += table.rows.map { "| " + $0.map(text).joined(separator: " | ") + " |" }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
