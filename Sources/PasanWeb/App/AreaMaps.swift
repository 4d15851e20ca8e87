import Foundation
import PasanDomain
import PasanStorage
import PasanViews
import Synchronization

/// The maps of the areas' boundaries, drawn once per level, province and width and named for
/// each page: drawing one parses its GeoJSON (0.9 MB for the provinces and districts) and
/// projects every point, which took most of an indicator page's time (issue 16). Boundaries are
/// reference data written only when the database is seeded; `PortalState.reload` forgets the
/// maps all the same.
final class AreaMaps: Sendable {
    private let drawn = Mutex<[String: AreaMap]>([:])

    /// The map of the areas at `level` (only those whose code starts with `within`, e.g. one
    /// province's districts), named and linked for `l`.
    func map(
        _ level: AreaLevel,
        within prefix: String? = nil,
        width: Double = 420,
        state: PortalState,
        _ l: Language
    ) async throws -> AreaMap {
        let key = "\(level.rawValue)|\(prefix ?? "")|\(width)"
        let map: AreaMap
        if let known = drawn.withLock({ $0[key] }) {
            map = known
        } else {
            var boundaries = try await AreaRepository(database: state.database).boundaries(level: level)
            if let prefix { boundaries = boundaries.filter { $0.areaCode.hasPrefix(prefix) } }
            map = AreaMap(boundaries: boundaries, name: { $0 }, href: { $0 }, width: width)
            if !map.shapes.isEmpty { drawn.withLock { $0[key] = map } }
        }
        let catalog = state.catalog
        return map.labelled(name: { catalog.area($0)?.name.text(in: l) ?? $0 }, href: { SitePath.place(l, $0).path })
    }

    func forget() { drawn.withLock { $0 = [:] } }
}
