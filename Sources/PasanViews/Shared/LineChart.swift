import Foundation

/// An accessible line chart drawn on the server as SVG: one line per breakdown, the base year
/// and the target marked, a title, and the same numbers in the data table beside it.
public struct LineChart: Sendable {
    public struct Line: Sendable {
        public var label: String
        public var points: [(year: Int, value: Double)]
        public init(label: String, points: [(year: Int, value: Double)]) {
            self.label = label
            self.points = points.sorted { $0.year < $1.year }
        }
    }

    public var title: String
    public var lines: [Line]
    public var baseYear: Int?
    public var target: (year: Int, value: Double)?
    public var baseLabel: String
    public var targetLabel: String

    /// A further value marked on the chart (a plan's annual target or milestone): a diamond with
    /// its label and value.
    public struct Marker: Sendable {
        public var year: Int
        public var value: Double
        public var label: String
        public init(year: Int, value: Double, label: String) {
            self.year = year
            self.value = value
            self.label = label
        }
    }

    /// Further values marked besides `target` (none by default).
    public var markers: [Marker] = []

    public init(title: String, lines: [Line], baseYear: Int?, target: (year: Int, value: Double)?, baseLabel: String, targetLabel: String) {
        self.title = title
        self.lines = lines
        self.baseYear = baseYear
        self.target = target
        self.baseLabel = baseLabel
        self.targetLabel = targetLabel
    }

    static let palette = ["#00689D", "#C5192D", "#3F7E44", "#A21942", "#FD6925", "#19486A", "#BF8B2E", "#6A3D9A"]

    public func svg(describedBy tableID: String) -> String {
        let points = lines.flatMap(\.points)
        guard !points.isEmpty else { return "" }
        let width = 640.0, height = 300.0, left = 56.0, right = 16.0, top = 16.0, bottom = 40.0
        var years = points.map(\.year)
        if let baseYear { years.append(baseYear) }
        if let target { years.append(target.year) }
        years.append(contentsOf: markers.map(\.year))
        let minYear = years.min()!, maxYear = max(years.max()!, years.min()! + 1)
        var values = points.map(\.value)
        if let target { values.append(target.value) }
        values.append(contentsOf: markers.map(\.value))
        var (low, high) = (min(values.min()!, 0), values.max()!)
        if high == low { high = low + 1 }
        let (ticks, step) = Self.ticks(low, high)
        low = ticks.first!; high = max(ticks.last!, high)
        _ = step
        func x(_ year: Int) -> Double { left + (Double(year - minYear) / Double(maxYear - minYear)) * (width - left - right) }
        func y(_ v: Double) -> Double { top + (1 - (v - low) / (high - low)) * (height - top - bottom) }
        var out =
            "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(Escape.attribute(title))\" aria-describedby=\"\(tableID)\"><title>\(Escape.attribute(title))</title>"
        for t in ticks {
            out += "<line class=\"grid\" x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(Self.f(y(t)))\" y2=\"\(Self.f(y(t)))\"/>"
            out +=
                "<text class=\"tick\" x=\"\(left - 6)\" y=\"\(Self.f(y(t) + 4))\" text-anchor=\"end\">\(Escape.attribute(Self.label(t)))</text>"
        }
        let yearStep = max(1, (maxYear - minYear) / 8)
        for year in stride(from: minYear, through: maxYear, by: yearStep) {
            out += "<text class=\"tick\" x=\"\(Self.f(x(year)))\" y=\"\(height - bottom + 18)\" text-anchor=\"middle\">\(year)</text>"
        }
        if let baseYear {
            out +=
                "<line class=\"base\" x1=\"\(Self.f(x(baseYear)))\" x2=\"\(Self.f(x(baseYear)))\" y1=\"\(top)\" y2=\"\(height - bottom)\"/>"
            out +=
                "<text class=\"mark\" x=\"\(Self.f(x(baseYear) + 4))\" y=\"\(top + 12)\">\(Escape.attribute(baseLabel)) \(baseYear)</text>"
        }
        if let target {
            out +=
                "<line class=\"target\" x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(Self.f(y(target.value)))\" y2=\"\(Self.f(y(target.value)))\"/>"
            out += "<circle class=\"target\" cx=\"\(Self.f(x(target.year)))\" cy=\"\(Self.f(y(target.value)))\" r=\"5\"/>"
            out +=
                "<text class=\"mark\" x=\"\(Self.f(x(target.year) - 6))\" y=\"\(Self.f(y(target.value) - 8))\" text-anchor=\"end\">\(Escape.attribute(targetLabel)) \(target.year): \(Escape.attribute(Self.label(target.value)))</text>"
        }
        for marker in markers {
            let (mx, my) = (x(marker.year), y(marker.value))
            let text = Escape.attribute("\(marker.label) \(marker.year): \(Self.label(marker.value))")
            out +=
                "<path class=\"marker\" d=\"M\(Self.f(mx)) \(Self.f(my - 6))L\(Self.f(mx + 6)) \(Self.f(my))L\(Self.f(mx)) \(Self.f(my + 6))L\(Self.f(mx - 6)) \(Self.f(my))Z\"><title>\(text)</title></path>"
            out += "<text class=\"mark\" x=\"\(Self.f(mx))\" y=\"\(Self.f(my + 18))\" text-anchor=\"middle\">\(text)</text>"
        }
        for (index, line) in lines.enumerated() {
            let colour = Self.palette[index % Self.palette.count]
            let d = line.points.enumerated().map { ($0 == 0 ? "M" : "L") + "\(Self.f(x($1.year))) \(Self.f(y($1.value)))" }.joined()
            out += "<path class=\"line\" d=\"\(d)\" stroke=\"\(colour)\"/>"
            for p in line.points {
                out +=
                    "<circle cx=\"\(Self.f(x(p.year)))\" cy=\"\(Self.f(y(p.value)))\" r=\"3\" fill=\"\(colour)\"><title>\(Escape.attribute("\(line.label) \(p.year): \(Self.label(p.value))"))</title></circle>"
            }
        }
        if lines.count > 1 {
            for (index, line) in lines.enumerated() {
                let ly = top + Double(index) * 16
                out +=
                    "<rect x=\"\(width - right - 150)\" y=\"\(Self.f(ly + 2))\" width=\"10\" height=\"10\" fill=\"\(Self.palette[index % Self.palette.count])\"/>"
                out += "<text class=\"legend\" x=\"\(width - right - 134)\" y=\"\(Self.f(ly + 11))\">\(Escape.attribute(line.label))</text>"
            }
        }
        return out + "</svg>"
    }

    /// "Nice" axis ticks covering [low, high].
    static func ticks(_ low: Double, _ high: Double) -> ([Double], Double) {
        let raw = (high - low) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        let start = floor(low / step) * step
        var ticks: [Double] = []
        var t = start
        while t <= high + step * 0.001 { ticks.append(t); t += step }
        if ticks.last! < high { ticks.append(t) }
        return (ticks, step)
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    static func label(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e12 { return String(Int(v)) }
        var text = String(format: abs(v) < 1 ? "%.3f" : "%.2f", v)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
