import Foundation
import PasanDomain
import PasanExchange
import PasanStorage
import PasanViews

/// An IATI activity file uploaded on the activity pages: read by `IATIActivityImport` against
/// every stored area, the alias table and the stored district boundaries.
enum ActivityIATIUpload {
    static func read(
        _ data: Data,
        filename: String,
        state: PortalState,
        check: ActivityCheckContext
    ) async throws -> ActivityUploadReading {
        let places = try await ActivityRepository(database: state.database).areasAndAliases()
        let areas = AreaRepository(database: state.database)
        let districts = try await areas.boundaries(level: .district)
        let provinces = try await areas.boundaries(level: .province)
        let locator = GeoJSONPolygons.locator(districts: districts, provinces: provinces).locator
        let context = IATIMatchContext(
            matcher: ActivityLocationMatcher(areas: places.areas, aliases: places.aliases, locator: locator),
            check: check
        )
        let result = IATIActivityImport.read(data: data, filename: filename, context: context)
        if result.isRefused {
            return .problems(
                result.problems.map { p in
                    ActivityImportPage.Problem(
                        file: filename,
                        line: p.line,
                        place: [p.identifier, p.element].compactMap { $0 }.joined(separator: " · "),
                        message: p.message
                    )
                }
            )
        }
        return .activities(result.activities)
    }
}

/// What reading an uploaded activity file gave: its activities, or every problem of it.
enum ActivityUploadReading: Sendable {
    case activities([Activity])
    case problems([ActivityImportPage.Problem])
}
