extension GovernanceReport {
    /// The report as one self-contained HTML page: inline styles, no scripts, no external assets,
    /// every piece of text escaped.
    public func html() -> String {
        let text = GovernanceText.html
        let out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <link rel="icon" href="data:,">
            <title>\(text(title))</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;color:#1d1d1f;line-height:1.45}
            table{border-collapse:collapse;margin:.5rem 0 1rem}
            th,td{border:1px solid #c8c8cc;padding:.3rem .6rem;text-align:left;vertical-align:top}
            th{background:#f2f2f5}
            td.FAIL{color:#b00020;font-weight:600}
            td.pass{color:#1b7f3b}
            </style>
            </head>
            <body>
            <h1>\(text(title))</h1>

            """
        return out + htmlBody() + "</body>\n</html>\n"
    }

    /// The report below its title, as HTML to stand inside another page (the Control Center's):
    /// the preamble and the sections, every piece of text escaped, no style and no script.
    public func htmlBody() -> String {
        let text = GovernanceText.html
        var out = "<p>\(text(preamble))</p>\n"
        for section in sections {
            out += "<h\(section.level)>\(text(section.title))</h\(section.level)>\n"
            for paragraph in section.paragraphs { out += "<p>\(text(paragraph))</p>\n" }
            if !section.list.isEmpty {
                out += "<ul>\n" + section.list.map { "<li>\(text($0))</li>\n" }.joined() + "</ul>\n"
            }
            if let table = section.table {
                out += "<table>\n<thead><tr>" + table.header.map { "<th>\(text($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                for row in table.rows {
                    // Status cells get a class so a failing item stands out without scripts.
                    out += "<tr>" + row.map { cell in
                        cell == "pass" || cell == "FAIL" ? "<td class=\"\(cell)\">\(cell)</td>" : "<td>\(text(cell))</td>"
                    }.joined() + "</tr>\n"
                }
                out += "</tbody>\n</table>\n"
            }
        }
        return out
    }
}
