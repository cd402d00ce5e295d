extension KPIReport {
    /// The report as RFC 4180 CSV with the header `metric,class,value` and CRLF line ends (as the
    /// ledger export writes), one row per figure.
    ///
    /// Metric names are the JSON key paths (`alignment.mean`, `banditLift.lift`), so the CSV and
    /// JSON forms name figures alike. The class column holds the class for `mttrMinutesByClass`
    /// and the agent for `directivesPerHourByAgent`, one row each in ascending order; an empty map
    /// still gets one row with empty class and value, so every metric appears in every export.
    /// Numbers are plain decimals (``PlainNumber``), booleans `true`/`false`, nil an empty value.
    public func csv() -> String {
        var rows: [[String]] = [
            ["window.from", "", window.from.rfc3339],
            ["window.to", "", window.to.rfc3339],
            ["incidents", "", String(incidents)],
            ["autoResolveRate", "", Self.cell(autoResolveRate)],
        ]
        rows += Self.perKey("mttrMinutesByClass", mttrMinutesByClass)
        rows += [
            ["conflictHalfLifeMinutes", "", Self.cell(conflictHalfLifeMinutes)],
            ["escalationsPerWeek", "", Self.cell(escalationsPerWeek)],
            ["costPerAutoResolvedIncidentUsd", "", Self.cell(costPerAutoResolvedIncidentUsd)],
            ["alignment.mean", "", Self.cell(alignment.mean)],
            ["alignment.target", "", Self.cell(alignment.target)],
            ["alignment.held", "", alignment.held.map { $0 ? "true" : "false" } ?? ""],
            ["alignment.driftFromTarget", "", Self.cell(alignment.driftFromTarget)],
        ]
        rows += Self.perKey("directivesPerHourByAgent", directivesPerHourByAgent)
        rows += [
            ["autoscalingEfficiency", "", Self.cell(autoscalingEfficiency)],
            ["staleData.incidents", "", String(staleData.incidents)],
            ["staleData.meanTimeToFreshnessMinutes", "", Self.cell(staleData.meanTimeToFreshnessMinutes)],
            ["banditLift.banditMttrMinutes", "", Self.cell(banditLift.banditMttrMinutes)],
            ["banditLift.defaultMttrMinutes", "", Self.cell(banditLift.defaultMttrMinutes)],
            ["banditLift.lift", "", Self.cell(banditLift.lift)],
            ["hitlRate", "", Self.cell(hitlRate)],
            ["signals.counted", "", String(signals.counted)],
            ["signals.complete", "", signals.complete ? "true" : "false"],
        ]
        var out: [UInt8] = Array("metric,class,value\r\n".utf8)
        for row in rows {
            for (index, field) in row.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                CSVField.append(field, into: &out)
            }
            out.append(contentsOf: "\r\n".utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// One row per key, in ascending key order; a single empty row when there are none.
    private static func perKey(_ metric: String, _ values: [String: Double]) -> [[String]] {
        guard !values.isEmpty else { return [[metric, "", ""]] }
        return values.keys.sorted().map { key in [metric, key, cell(values[key])] }
    }

    /// A number as a plain decimal; "" for nil.
    private static func cell(_ value: Double?) -> String {
        value.map { PlainNumber.format($0) } ?? ""
    }
}
