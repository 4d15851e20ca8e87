import Foundation
import PasanDomain

/// Draws areas as an SVG map from their GeoJSON boundaries: an equirectangular projection
/// scaled by the cosine of the middle latitude, with points closer than about a pixel dropped so
/// the map stays light enough to inline in a page.
public struct AreaMap: Sendable {
    public struct Shape: Sendable {
        public var code: String
        public var name: String
        public var href: String
        /// SVG path data in map coordinates.
        public var path: String
    }

    public let width: Double
    public let height: Double
    public let shapes: [Shape]

    public init(boundaries: [AreaBoundary], name: (String) -> String, href: (String) -> String, width: Double = 420) {
        let rings: [(String, [[(Double, Double)]])] = boundaries.map { ($0.areaCode, Self.rings(fromGeoJSON: $0.geometryJSON)) }
        let points = rings.flatMap { $0.1.flatMap { $0 } }
        guard let minX = points.map(\.0).min(), let maxX = points.map(\.0).max(),
            let minY = points.map(\.1).min(), let maxY = points.map(\.1).max(), maxX > minX, maxY > minY
        else {
            self.width = width; self.height = 0; self.shapes = []
            return
        }
        let k = cos((minY + maxY) / 2 * .pi / 180)
        let scale = width / ((maxX - minX) * k)
        let height = (maxY - minY) * scale
        self.width = width
        self.height = height.rounded(.up)
        self.shapes = rings.map { code, polygonRings in
            var d = ""
            for ring in polygonRings {
                var last: (Double, Double)? = nil
                var count = 0
                for (lon, lat) in ring {
                    let x = ((lon - minX) * k * scale * 10).rounded() / 10
                    let y = ((maxY - lat) * scale * 10).rounded() / 10
                    if let l = last, abs(l.0 - x) + abs(l.1 - y) < 1.2 { continue }
                    d += (count == 0 ? "M" : "L") + Self.format(x) + " " + Self.format(y)
                    last = (x, y)
                    count += 1
                }
                if count > 0 { d += "Z" }
            }
            return Shape(code: code, name: name(code), href: href(code), path: d)
        }
    }

    private init(width: Double, height: Double, shapes: [Shape]) {
        self.width = width
        self.height = height
        self.shapes = shapes
    }

    /// The same map with each area's name and link given again (a map drawn once, named in the
    /// language of each page that shows it).
    public func labelled(name: (String) -> String, href: (String) -> String) -> AreaMap {
        AreaMap(
            width: width,
            height: height,
            shapes: shapes.map { Shape(code: $0.code, name: name($0.code), href: href($0.code), path: $0.path) }
        )
    }

    /// The SVG element (a link per area, with its name as the accessible title). With `values`,
    /// a choropleth: each area filled on a five-step scale, areas without a value hatched grey.
    public func svg(label: String, values: [String: Double] = [:], format: (Double) -> String = { String($0) }) -> String {
        var out =
            "<svg class=\"area-map\(values.isEmpty ? "" : " choropleth")\" viewBox=\"0 0 \(Self.format(width)) \(Self.format(height))\" role=\"img\" aria-label=\"\(Self.escape(label))\">"
        let low = values.values.min() ?? 0, high = values.values.max() ?? 1
        for shape in shapes {
            var fill = ""
            var title = shape.name
            if let v = values[shape.code] {
                let step = high > low ? min(4, Int((v - low) / (high - low) * 5)) : 2
                fill = " fill=\"\(Self.scale[step])\""
                title += ": " + format(v)
            } else if !values.isEmpty {
                fill = " fill=\"#f0f0f0\" class=\"no-value\""
            }
            out += "<a href=\"\(Self.escape(shape.href))\"><path d=\"\(shape.path)\"\(fill)><title>\(Self.escape(title))</title></path></a>"
        }
        return out + "</svg>"
    }

    /// A sequential blue scale, distinguishable in grey print.
    public static let scale = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]

    static func rings(fromGeoJSON json: String) -> [[(Double, Double)]] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let type = object["type"] as? String, let coordinates = object["coordinates"]
        else { return [] }
        func ring(_ value: Any) -> [(Double, Double)] {
            (value as? [[Double]] ?? []).compactMap { $0.count >= 2 ? ($0[0], $0[1]) : nil }
        }
        switch type {
        case "Polygon": return (coordinates as? [Any] ?? []).map(ring)
        case "MultiPolygon": return (coordinates as? [[Any]] ?? []).flatMap { $0.map(ring) }
        default: return []
        }
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(v)
    }

    static func escape(_ s: String) -> String { Escape.attribute(s) }
}
