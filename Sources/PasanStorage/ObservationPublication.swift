import PasanDomain
import SQLKit

/// One value to publish into the portal's observations.
struct ObservationRow: Sendable, Hashable {
    var key: CellKey
    var unit: String
    var value: Double
    var status: String?
    var source: String?
}

/// A published value that a publication added or changed.
struct ObservationChange: Sendable, Hashable {
    var key: CellKey
    /// `nil`: nothing was published for the cell before.
    var old: Double?
    var new: Double
    /// The dataset that had published `old`.
    var oldDataset: String?
}

/// The single point where values become the portal's observations, for cycle submissions and
/// import batches alike: each value replaces whatever the cell held, names its dataset (and the
/// import batch it came from, if any), and the changes are returned for the caller's history.
/// What may be written (conflicts, locks) is decided by the caller before.
enum ObservationPublication {
    static let columns = [
        "series", "indicator", "area", "period", "dimension_key", "unit", "value", "status", "source", "dataset", "batch_id",
    ]

    /// Writes `rows` into `observations` as `dataset` (from `batchID`, or none), in the order
    /// given; returns the cells whose value is new or differs from the one published before.
    /// `published`: what the cells hold now, when the caller has just read it in the same
    /// transaction (a cell missing from it holds nothing), after
    /// `ObservationSummary.serialisePublications`; read here otherwise. The cells that held
    /// nothing are added to the observation summary.
    @discardableResult
    static func write(
        _ db: any SQLDatabase,
        rows: [ObservationRow],
        dataset: String,
        batchID: Int64?,
        published known: [CellKey: (value: Double, dataset: String)]? = nil
    ) async throws -> [ObservationChange] {
        guard !rows.isEmpty else { return [] }
        let before: [CellKey: (value: Double, dataset: String)]
        if let known {
            before = known
        } else {
            try await ObservationSummary.serialisePublications(db)
            before = try await published(db, indicators: Set(rows.map(\.key.indicator)))
        }
        let changes: [ObservationChange] = rows.compactMap { row in
            let old = before[row.key]
            return old?.value == row.value
                ? nil : ObservationChange(key: row.key, old: old?.value, new: row.value, oldDataset: old?.dataset)
        }
        try await db.insertBatched(
            into: "observations",
            columns: columns,
            cells: rows.map { v in
                [
                    .text(v.key.series), .text(v.key.indicator), .text(v.key.area), .text(v.key.period), .text(v.key.dimensions),
                    .text(v.unit), .real(v.value), .text(v.status), .text(v.source), .text(dataset), .integer(batchID),
                ]
            },
            upsertOn: ["series", "indicator", "area", "period", "dimension_key"],
            updating: ["unit", "value", "status", "source", "dataset", "batch_id"]
        )
        var added = Set<CellKey>()
        for change in changes where change.old == nil { added.insert(change.key) }
        try await ObservationSummary.record(db, newCells: Array(added))
        return changes
    }

    /// Keeps `changes` in `observation_history`: the value and dataset each cell held before,
    /// the new ones, who, when and why.
    static func recordHistory(
        _ db: any SQLDatabase,
        _ changes: [ObservationChange],
        dataset: String,
        batchID: Int64?,
        actor: String,
        at: String,
        reason: String?
    ) async throws {
        try await db.insertBatched(
            into: "observation_history",
            columns: [
                "indicator", "series", "area", "period", "dimension_key", "old_value", "new_value", "old_dataset", "dataset", "batch_id",
                "actor", "at", "reason",
            ],
            cells: changes.map { c in
                [
                    .text(c.key.indicator), .text(c.key.series), .text(c.key.area), .text(c.key.period), .text(c.key.dimensions),
                    .real(c.old), .real(c.new), .text(c.oldDataset), .text(dataset), .integer(batchID), .text(actor), .text(at),
                    .text(reason),
                ]
            }
        )
    }

    /// The published values of `indicators`, by cell.
    static func published(_ db: any SQLDatabase, indicators: Set<String>) async throws -> [CellKey: (value: Double, dataset: String)] {
        var result: [CellKey: (value: Double, dataset: String)] = [:]
        for chunk in indicators.sorted().chunked(into: 500) {
            let rows = try await db.select().columns("indicator", "series", "area", "period", "dimension_key", "value", "dataset")
                .from("observations").where("indicator", .in, Array(chunk)).all()
            for row in rows {
                let key = CellKey(
                    indicator: try row.string("indicator"),
                    series: try row.string("series"),
                    area: try row.string("area"),
                    period: try row.string("period"),
                    dimensions: try row.string("dimension_key")
                )
                result[key] = (try row.double("value"), try row.string("dataset"))
            }
        }
        return result
    }
}
