/// The rows of an institution's data-entry grid for one indicator in a cycle: which
/// (series, area, breakdown) cells it is asked to fill, one row each, the years being the columns.
public enum DataEntryGrid {
    public struct Row: Sendable, Hashable {
        public var series: String
        public var area: String
        /// `DIM=CODE`, or empty for the total.
        public var dimensions: String
    }

    /// For each assignment, in order, and each series it covers: the areas it is asked for, and
    /// under each area the total and then every category of each breakdown the assignment names.
    /// - The owner (no `areaScope`) enters the national figure, and when the assignment is at
    ///   provincial level every province's too; finer levels are left to the focal points.
    /// - A subnational focal point (`areaScope`, an LSB code) enters the areas of its own
    ///   subtree at the assignment's level.
    /// Cells that already hold a value (`existing`, within the scope) are always shown. Each
    /// cell appears once, where it first comes.
    public static func rows(
        assignments: [(assignment: Assignment, series: [String])],
        areaLevels: [String: AreaLevel],
        areaScope: String?,
        existing: [CellKey]
    ) -> [Row] {
        var rows: [Row] = []
        var seen = Set<Row>()
        func add(_ row: Row) {
            if seen.insert(row).inserted { rows.append(row) }
        }
        for (assignment, series) in assignments {
            let areas = self.areas(level: assignment.geographicLevel ?? .country, areaLevels: areaLevels, areaScope: areaScope)
            let categories = (assignment.disaggregation ?? "").split(separator: ";").map(String.init).flatMap { dimension in
                ((TidyFormat.dimensions[dimension] ?? nil)?.filter { $0 != "_T" }.sorted() ?? []).map { "\(dimension)=\($0)" }
            }
            for code in series {
                for area in areas {
                    add(Row(series: code, area: area, dimensions: ""))
                    for category in categories { add(Row(series: code, area: area, dimensions: category)) }
                }
            }
        }
        for key in existing where areaScope.map({ key.area.hasPrefix($0) }) ?? true {
            add(Row(series: key.series, area: key.area, dimensions: key.dimensions))
        }
        return rows
    }

    private static func areas(level: AreaLevel, areaLevels: [String: AreaLevel], areaScope: String?) -> [String] {
        let atLevel = level == .country ? [Area.countryCode] : areaLevels.filter { $0.value == level }.map(\.key).sorted()
        if let areaScope { return atLevel.filter { $0.hasPrefix(areaScope) } }
        if level == .country { return atLevel }
        return [Area.countryCode] + atLevel.filter { areaLevels[$0] == .province }
    }
}
