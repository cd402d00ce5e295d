import Foundation
import StewardCore
import StewardEngine

/// An agent's tile, written straight to HTML: the fleet page has one per agent (a thousand or more)
/// and the live page re-fetches single tiles, so this is the one fragment not rendered through
/// mustache (it was most of the fleet page's time). Every value is escaped.
struct TileMarkup: Sendable {
    /// The current incident, as the tile shows it.
    struct IncidentLine: Sendable {
        let id: String
        let classification: String
        let status: String
        let playbook: String
        let attempts: Int
    }

    let view: AgentView
    let incident: IncidentLine?

    var html: String {
        let name = HTML.escape(view.name)
        let id = HTML.escape(PageController.elementID(view.name))
        let state = view.state.rawValue
        let stateClass = state.lowercased()
        var out = "<article class=\"tile state-\(stateClass)\" id=\"\(id)\" data-agent=\"\(name)\" data-state=\"\(state)\" aria-labelledby=\"\(id)-name\">\n"
        out += "<header><h2 id=\"\(id)-name\">\(name)</h2><span class=\"badge badge-\(stateClass)\">\(state)</span>"
        if view.remediating { out += "<span class=\"spinner\" role=\"img\" aria-label=\"A playbook is running\"></span>" }
        out += "</header>\n<p class=\"domain\">\(HTML.escape(view.domain.rawValue)) · \(view.slots) \(view.slots == 1 ? "slot" : "slots")"
        if let queue = view.lastSignal?.context.queueDepth, queue > 0 { out += " · queue \(queue)" }
        out += "</p>\n"
        if let signal = view.lastSignal {
            out += "<dl class=\"metrics\">"
            for (label, value) in PageController.metrics(signal.metrics) {
                out += "<div><dt>\(label)</dt><dd>\(HTML.escape(value))</dd></div>"
            }
            out += "</dl>\n"
        } else {
            out += "<p class=\"report\">No signal received yet.</p>\n"
        }
        if let incident {
            out += "<p class=\"incident\">Incident <code>\(HTML.escape(incident.id))</code>: \(HTML.escape(incident.classification)), "
            out += HTML.escape(incident.status)
            if !incident.playbook.isEmpty { out += " · " + HTML.escape(incident.playbook) }
            out += " · attempt \(incident.attempts)</p>\n"
        }
        if let report = view.lastSignal?.lastReport, !report.isEmpty {
            out += "<p class=\"report\" title=\"Last report\">\(HTML.escape(report))</p>\n"
        }
        out += "<a href=\"\(HTML.escape(HTML.agentPath(view.name)))\">View remediation log<span class=\"visually-hidden\"> of \(name)</span></a>\n</article>\n"
        return out
    }
}

/// Escaping for HTML text and attribute values, and for URL path segments.
enum HTML {
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// The address of an agent's page. A name of dots only (`.`, `..`) cannot be a path segment:
    /// a browser resolves it, encoded (`%2E`) or not, as "this folder" or "the folder above", so
    /// such a name goes in the query instead (`/ui/agents?name=..`).
    static func agentPath(_ name: String) -> String {
        guard !name.isEmpty, name.allSatisfy({ $0 == "." }) else { return "/ui/agents/" + pathSegment(name) }
        return "/ui/agents?name=" + (name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name).replacingOccurrences(of: ".", with: "%2E")
    }

    /// A value made safe to stand as one segment of a URL path.
    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? text
    }
}
