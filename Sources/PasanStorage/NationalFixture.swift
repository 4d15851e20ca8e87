import PasanDomain
import SQLKit

/// A whole country's published data for `scripts/bench` (`pasan bench-fixture national`):
/// synthetic, illustrative values — not Lao statistics — in the shape a national SDG database
/// takes once villages report. Every series of every current indicator has a value for the
/// country, each province and each district for every year asked; half of the series (chosen
/// by their code) also by sex; `villageSeries` series, spread over the framework, also for every
/// village. Written as dataset `bench:national`, one series per transaction, through the bulk
/// insert every import uses; progress is configured for every series at the country level.
public enum NationalFixture {
    public static let dataset = "bench:national"

    /// What was written. (`seriesLimit`: only the first series, for tests.)
    public struct Summary: Sendable {
        public var series: Int
        public var villageSeries: Int
        public var observations: Int
    }

    public static func write(
        _ db: Database,
        catalog: FrameworkCatalog,
        years: ClosedRange<Int>,
        villageSeries wantedVillageSeries: Int,
        seriesLimit: Int? = nil,
        progress: (Int, Int) -> Void = { _, _ in }
    ) async throws -> Summary {
        let areas = try await db.read { sql in
            try await sql.raw("SELECT code, level FROM areas ORDER BY code").all().map {
                (code: try $0.decode(column: "code", as: String.self), level: try $0.decode(column: "level", as: String.self))
            }
        }
        let upper = areas.filter { $0.level != AreaLevel.village.rawValue }.map(\.code)
        let villages = areas.filter { $0.level == AreaLevel.village.rawValue }.map(\.code)
        let series = catalog.indicators.filter { !$0.isRetired }.flatMap { indicator in
            catalog.series(ofIndicator: indicator.code).map { (indicator: indicator.code, series: $0) }
        }.prefix(seriesLimit ?? .max)
        // Village-level series spread over the framework (every k-th), not the first goals only.
        let step = max(1, series.count / max(1, wantedVillageSeries))
        var summary = Summary(series: series.count, villageSeries: 0, observations: 0)
        for (n, item) in series.enumerated() {
            let atVillages = wantedVillageSeries > 0 && n % step == 0 && n / step < wantedVillageSeries
            let seed = fraction(item.series.code)
            let breakdowns = seed < 0.5 ? ["", "SEX=F", "SEX=M"] : [""]
            let unit = item.series.unit ?? "NUMBER"
            let places = atVillages ? upper + villages : upper
            var cells: [[BulkRows.Cell]] = []
            cells.reserveCapacity(places.count * years.count * breakdowns.count)
            for area in places {
                let place = fraction(area)
                for year in years {
                    for (b, breakdown) in breakdowns.enumerated() {
                        cells.append([
                            .text(item.series.code), .text(item.indicator), .text(area), .text(String(year)), .text(breakdown),
                            .text(unit), .real(value(unit: unit, seed: seed, place: place, year: year, breakdown: b)),
                            .text(Self.dataset),
                        ])
                    }
                }
            }
            let rows = cells
            try await db.write { sql in
                try await sql.insertBatched(
                    into: "observations",
                    columns: ["series", "indicator", "area", "period", "dimension_key", "unit", "value", "dataset"],
                    cells: rows,
                    upsertOn: ["series", "indicator", "area", "period", "dimension_key"],
                    updating: ["unit", "value", "dataset"]
                )
                try await ObservationSummary.recount(sql, indicator: item.indicator, series: item.series.code)
            }
            summary.observations += cells.count
            if atVillages { summary.villageSeries += 1 }
            progress(n + 1, summary.observations)
        }
        // Progress is configured for every series at the country level (a target for one in three).
        let configurations = series.map { item in
            let seed = fraction(item.series.code)
            return ProgressConfiguration(
                indicator: item.indicator,
                series: item.series.code,
                target: seed < 0.33 ? 80 : nil,
                direction: seed < 0.8 ? 1 : -1
            )
        }
        try await ProgressRepository(database: db).save(configurations, change: .commandLine)
        return summary
    }

    /// A plausible value: a level per series and place, a steady trend over the years, a little
    /// difference between the sexes; percentages stay within 0–100, counts are whole, yes/no
    /// series are 0 or 1.
    static func value(unit: String, seed: Double, place: Double, year: Int, breakdown: Int) -> Double {
        let start = 20 + 60 * seed + 10 * (place - 0.5)
        let trend = (seed - 0.3) * 1.5 * Double(year - 2015)
        let sex = breakdown == 0 ? 0 : (breakdown == 1 ? 1.5 : -1.5)
        let v = start + trend + sex
        switch unit {
        case "BOOL": return v >= 50 ? 1 : 0
        case "PT": return (min(100, max(0, v)) * 10).rounded() / 10
        case "NUMBER": return (max(0, v) * 100).rounded()
        default: return (max(0, v) * 10).rounded() / 10
        }
    }

    /// A stable number in [0, 1) for a code (FNV-1a).
    static func fraction(_ text: String) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Double(hash % 1_000_003) / 1_000_003
    }
}
