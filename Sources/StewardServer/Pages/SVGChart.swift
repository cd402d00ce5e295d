import Foundation

/// A small line chart drawn on the server as SVG: no script, no external library, readable by a
/// screen reader through its title and a data table beside it.
struct SVGChart: Sendable {
    /// One point: its label on the x axis and its value; nil when there is nothing to measure
    /// that day, drawn as a gap in the line rather than as 0.
    struct Point: Sendable {
        let label: String
        let value: Double?
    }

    let title: String
    let points: [Point]
    /// How a value is written on the axis and in the table.
    let format: @Sendable (Double) -> String
    /// The top of the y axis (nil: from the largest value, see ``top``).
    let ceiling: Double?
    /// Whether the values are counts: the axis then reads whole numbers (0, 1, 2 for a chart of zeros).
    var counts = false

    static let width = 320.0
    static let height = 140.0
    static let left = 44.0
    static let bottom = 22.0

    /// The chart's SVG markup; every piece of text in it is escaped.
    var svg: String {
        let top = self.top
        let plotWidth = Self.width - Self.left - 8
        let plotHeight = Self.height - Self.bottom - 10
        func x(_ i: Int) -> Double { Self.left + (points.count < 2 ? plotWidth / 2 : plotWidth * Double(i) / Double(points.count - 1)) }
        func y(_ v: Double) -> Double { 10 + plotHeight * (1 - min(max(v / top, 0), 1)) }
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" role=\"img\" aria-label=\"\(Self.escape(title))\">"
        out += "<title>\(Self.escape(title))</title>"
        for fraction in [0.0, 0.5, 1.0] {
            let yy = y(top * fraction)
            out += "<line class=\"grid\" x1=\"\(Self.left)\" x2=\"\(Self.width - 8)\" y1=\"\(Self.fixed(yy))\" y2=\"\(Self.fixed(yy))\"/>"
            out += "<text class=\"axis\" x=\"\(Self.left - 4)\" y=\"\(Self.fixed(yy + 4))\" text-anchor=\"end\">\(Self.escape(format(top * fraction)))</text>"
        }
        if !points.isEmpty {
            // One line per run of days with a value: a day without one breaks the line.
            for run in runs where run.count > 1 {
                let line = run.map { "\(Self.fixed(x($0))),\(Self.fixed(y(points[$0].value ?? 0)))" }.joined(separator: " ")
                out += "<polyline class=\"series\" fill=\"none\" points=\"\(line)\"/>"
            }
            for (i, point) in points.enumerated() {
                guard let value = point.value else { continue }
                out += "<circle class=\"dot\" cx=\"\(Self.fixed(x(i)))\" cy=\"\(Self.fixed(y(value)))\" r=\"2.5\"><title>\(Self.escape(point.label)): \(Self.escape(format(value)))</title></circle>"
            }
            for i in [0, points.count - 1] where i >= 0 {
                out += "<text class=\"axis\" x=\"\(Self.fixed(x(i)))\" y=\"\(Int(Self.height - 6))\" text-anchor=\"\(i == 0 ? "start" : "end")\">\(Self.escape(points[i].label))</text>"
            }
        }
        return out + "</svg>"
    }

    /// The top of the y axis: the ceiling when one is given; else the largest value, and for counts
    /// an even whole number of at least 2, so the three axis labels are whole numbers (not 0/0/0).
    var top: Double {
        if let ceiling { return max(ceiling, 1e-9) }
        let largest = points.compactMap(\.value).max() ?? 0
        guard counts else { return max(largest, 1e-9) }
        let whole = max(2, largest.rounded(.up))
        return whole.truncatingRemainder(dividingBy: 2) == 0 ? whole : whole + 1
    }

    /// The indices of the points, in runs of consecutive points that have a value.
    var runs: [[Int]] {
        var runs: [[Int]] = [[]]
        for (i, point) in points.enumerated() {
            if point.value == nil {
                if !(runs.last?.isEmpty ?? true) { runs.append([]) }
            } else {
                runs[runs.count - 1].append(i)
            }
        }
        return runs.filter { !$0.isEmpty }
    }

    static func fixed(_ value: Double) -> String { String(format: "%.1f", value) }

    static func escape(_ text: String) -> String { HTML.escape(text) }
}
