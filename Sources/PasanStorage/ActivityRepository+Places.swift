import PasanDomain
import SQLKit

extension ActivityRepository {
    /// Every area (country, provinces, districts, villages) and every code of the alias table:
    /// what locations of an imported file are matched against.
    public func areasAndAliases() async throws -> (areas: [Area], aliases: [AreaCodeAlias]) {
        try await database.read { db in
            let areas = try await db.select().column("*").from("areas").all().map(AreaRepository.area)
            let aliases = try await db.select().columns("system", "alias", "area_code", "note").from("area_aliases").all().map {
                AreaCodeAlias(
                    system: try $0.string("system"),
                    alias: try $0.string("alias"),
                    areaCode: try $0.string("area_code"),
                    note: try $0.optionalString("note")
                )
            }
            return (areas, aliases)
        }
    }
}
