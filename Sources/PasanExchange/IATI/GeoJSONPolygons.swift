import Foundation
import PasanDomain

/// Reads GeoJSON geometry text (a `Polygon` or `MultiPolygon`, as `AreaBoundary.geometryJSON`
/// holds it) into the polygons `DistrictLocator` tests points against. Positions are
/// `[longitude, latitude]` (GeoJSON's order).
public enum GeoJSONPolygons {
    /// The polygons of a geometry; nil when the text is not a Polygon or MultiPolygon.
    public static func polygons(geometryJSON: String) -> [GeoPolygon]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(geometryJSON.utf8)) as? [String: Any] else { return nil }
        return polygons(geometry: object)
    }

    static func polygons(geometry: [String: Any]) -> [GeoPolygon]? {
        switch geometry["type"] as? String {
        case "Polygon":
            guard let rings = geometry["coordinates"] as? [Any], let polygon = polygon(rings) else { return nil }
            return [polygon]
        case "MultiPolygon":
            guard let list = geometry["coordinates"] as? [Any] else { return nil }
            var result: [GeoPolygon] = []
            for item in list {
                guard let rings = item as? [Any], let polygon = polygon(rings) else { return nil }
                result.append(polygon)
            }
            return result
        case "GeometryCollection":
            guard let list = geometry["geometries"] as? [[String: Any]] else { return nil }
            var result: [GeoPolygon] = []
            for item in list {
                guard let found = polygons(geometry: item) else { return nil }
                result += found
            }
            return result
        default:
            return nil
        }
    }

    static func polygon(_ rings: [Any]) -> GeoPolygon? {
        var result: [[GeoPoint]] = []
        for ring in rings {
            guard let positions = ring as? [Any] else { return nil }
            var points: [GeoPoint] = []
            points.reserveCapacity(positions.count)
            for position in positions {
                guard let pair = position as? [Any], pair.count >= 2, let longitude = number(pair[0]), let latitude = number(pair[1]) else {
                    return nil
                }
                points.append(GeoPoint(latitude: latitude, longitude: longitude))
            }
            result.append(points)
        }
        return result.isEmpty ? nil : GeoPolygon(rings: result)
    }

    static func number(_ value: Any) -> Double? {
        if let n = value as? NSNumber { return n.doubleValue }
        return value as? Double
    }

    /// A locator over the boundaries of districts and provinces (`AreaBoundary`, as
    /// `AreaRepository.boundaries(level:)` or the shipped GeoJSON give them); boundaries whose
    /// geometry cannot be read are left out and returned by code.
    public static func locator(districts: [AreaBoundary], provinces: [AreaBoundary]) -> (locator: DistrictLocator, unreadable: [String]) {
        var unreadable: [String] = []
        func regions(_ boundaries: [AreaBoundary]) -> [DistrictLocator.Region] {
            boundaries.compactMap { boundary in
                guard let polygons = polygons(geometryJSON: boundary.geometryJSON) else {
                    unreadable.append(boundary.areaCode)
                    return nil
                }
                return DistrictLocator.Region(code: boundary.areaCode, polygons: polygons)
            }
        }
        let locator = DistrictLocator(districts: regions(districts), provinces: regions(provinces))
        return (locator, unreadable)
    }
}
