/// Places a point in its district (and its province) by the shipped boundaries
/// (`docs/villages.md`): an IATI `point/pos` becomes the district it falls in. Pure: the polygons
/// are given (PasanExchange's `GeoJSONPolygons` reads them from GeoJSON geometry text).
///
/// A point is inside a polygon by the even–odd rule over all its rings (the first ring is the
/// outline, the others are holes); a region is a multipolygon. Each polygon's bounding box is
/// checked first, so a point is tested against the rings of the few polygons whose box holds it.
public struct DistrictLocator: Sendable {
    /// One area's shape: one or more polygons.
    public struct Region: Sendable, Hashable {
        public var code: String
        public var polygons: [GeoPolygon]

        public init(code: String, polygons: [GeoPolygon]) {
            self.code = code
            self.polygons = polygons
        }
    }

    private struct Indexed: Sendable {
        var code: String
        var polygon: GeoPolygon
        var box: GeoBox
    }

    private let districts: [Indexed]
    private let provinces: [Indexed]

    /// `districts` and `provinces` by their LSB codes. Without provinces, the country is the union
    /// of the districts.
    public init(districts: [Region], provinces: [Region] = []) {
        func index(_ regions: [Region]) -> [Indexed] {
            regions.flatMap { region in
                region.polygons.compactMap { polygon in
                    GeoBox(polygon).map { Indexed(code: region.code, polygon: polygon, box: $0) }
                }
            }
        }
        self.districts = index(districts)
        self.provinces = index(provinces)
    }

    /// Whether no district is known (nothing can be placed).
    public var isEmpty: Bool { districts.isEmpty }

    /// The code of the district the point lies in, nil when it lies in none.
    public func district(containing point: GeoPoint) -> String? { Self.find(point, in: districts) }

    /// The code of the province the point lies in (nil when no province shapes were given).
    public func province(containing point: GeoPoint) -> String? { Self.find(point, in: provinces) }

    /// Whether the point lies in Lao PDR: in a province (or, without province shapes, in a district).
    public func isInCountry(_ point: GeoPoint) -> Bool {
        if provinces.isEmpty { return district(containing: point) != nil }
        return province(containing: point) != nil || district(containing: point) != nil
    }

    private static func find(_ point: GeoPoint, in regions: [Indexed]) -> String? {
        for region in regions where region.box.contains(point) && region.polygon.contains(point) {
            return region.code
        }
        return nil
    }
}

/// A polygon with holes: `rings[0]` the outline, the rest holes (GeoJSON's order). Rings may be
/// closed (first point repeated) or not.
public struct GeoPolygon: Sendable, Hashable {
    public var rings: [[GeoPoint]]

    public init(rings: [[GeoPoint]]) { self.rings = rings }

    /// Even–odd rule over every ring: a point in a hole is outside.
    public func contains(_ point: GeoPoint) -> Bool {
        var inside = false
        let x = point.longitude
        let y = point.latitude
        for ring in rings where ring.count >= 3 {
            var j = ring.count - 1
            for i in 0..<ring.count {
                let a = ring[i]
                let b = ring[j]
                if (a.latitude > y) != (b.latitude > y) {
                    let crossX = (b.longitude - a.longitude) * (y - a.latitude) / (b.latitude - a.latitude) + a.longitude
                    if x < crossX { inside.toggle() }
                }
                j = i
            }
        }
        return inside
    }
}

/// A latitude/longitude box.
struct GeoBox: Sendable, Hashable {
    var minLatitude, maxLatitude, minLongitude, maxLongitude: Double

    init?(_ polygon: GeoPolygon) {
        guard let outline = polygon.rings.first, !outline.isEmpty else { return nil }
        minLatitude = outline[0].latitude
        maxLatitude = minLatitude
        minLongitude = outline[0].longitude
        maxLongitude = minLongitude
        for p in outline {
            minLatitude = min(minLatitude, p.latitude)
            maxLatitude = max(maxLatitude, p.latitude)
            minLongitude = min(minLongitude, p.longitude)
            maxLongitude = max(maxLongitude, p.longitude)
        }
    }

    func contains(_ p: GeoPoint) -> Bool {
        p.latitude >= minLatitude && p.latitude <= maxLatitude && p.longitude >= minLongitude && p.longitude <= maxLongitude
    }
}
