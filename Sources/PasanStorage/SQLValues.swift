import PasanDomain
import SQLKit

/// Small helpers for binding and reading values the same way on both databases.
enum SQLValue {
    static func text(_ value: String?) -> any SQLExpression {
        value.map { SQLBind($0) } ?? SQLLiteral.null
    }

    static func int(_ value: Int?) -> any SQLExpression {
        value.map { SQLBind($0) } ?? SQLLiteral.null
    }

    static func double(_ value: Double?) -> any SQLExpression {
        value.map { SQLBind($0) } ?? SQLLiteral.null
    }

    static func bool(_ value: Bool) -> any SQLExpression {
        SQLBind(value ? 1 : 0)
    }
}

extension SQLRow {
    func string(_ column: String) throws -> String {
        try decode(column: column, as: String.self)
    }

    func optionalString(_ column: String) throws -> String? {
        try decodeNil(column: column) ? nil : decode(column: column, as: String.self)
    }

    func int(_ column: String) throws -> Int {
        try decode(column: column, as: Int.self)
    }

    func optionalInt(_ column: String) throws -> Int? {
        try decodeNil(column: column) ? nil : decode(column: column, as: Int.self)
    }

    func bool(_ column: String) throws -> Bool {
        try decode(column: column, as: Int.self) != 0
    }

    func double(_ column: String) throws -> Double {
        try decode(column: column, as: Double.self)
    }

    /// A `LocalizedText` stored as `<prefix>_en`, `<prefix>_lo` and the shared `lo_status` column
    /// (or `<prefix>_lo_status` when a table has several texts).
    func localized(_ prefix: String, statusColumn: String = "lo_status") throws -> LocalizedText {
        LocalizedText(
            en: try string("\(prefix)_en"),
            lo: try optionalString("\(prefix)_lo"),
            loStatus: TranslationStatus(rawValue: try string(statusColumn)) ?? .machine
        )
    }
}

extension SQLDatabase {
    /// Inserts `rows` into `table` in as few statements as the database allows.
    func insertBatched(
        into table: String,
        columns: [String],
        rows: [[any SQLExpression]],
        ignoringConflicts: Bool = false,
        upsertOn conflictColumns: [String] = [],
        updating updated: [String] = []
    ) async throws {
        guard !rows.isEmpty else { return }
        let postgres = self.dialect.name == "postgresql"
        if let bulk = BulkRows(columns: columns, rows: rows) {
            try await insertBulk(into: table, bulk, ignoringConflicts: ignoringConflicts, upsertOn: conflictColumns, updating: updated)
            return
        }
        let perStatement = max(1, Dialect(kind: postgres ? .postgres : .sqlite).maximumBinds / columns.count)
        var start = 0
        while start < rows.count {
            let end = min(start + perStatement, rows.count)
            var insert = self.insert(into: table).columns(columns)
            for row in rows[start..<end] { insert = insert.values(row) }
            if ignoringConflicts { insert = insert.ignoringConflicts() }
            if !conflictColumns.isEmpty {
                insert = insert.onConflict(with: conflictColumns) { update in
                    var update = update
                    for column in updated { update = update.set(excludedValueOf: column) }
                    return update
                }
            }
            try await insert.run()
            start = end
        }
    }

    /// Inserts rows of plain values (the bulk paths of uploads and imports, which build cells
    /// directly rather than SQL expressions).
    func insertBatched(
        into table: String,
        columns: [String],
        cells: [[BulkRows.Cell]],
        ignoringConflicts: Bool = false,
        upsertOn conflictColumns: [String] = [],
        updating updated: [String] = []
    ) async throws {
        guard !cells.isEmpty else { return }
        try await insertBulk(
            into: table,
            BulkRows(columns: columns, cells: cells),
            ignoringConflicts: ignoringConflicts,
            upsertOn: conflictColumns,
            updating: updated
        )
    }

    private func insertBulk(
        into table: String,
        _ bulk: BulkRows,
        ignoringConflicts: Bool,
        upsertOn conflictColumns: [String],
        updating updated: [String]
    ) async throws {
        let (pieces, varying) = BulkInsertStatement.template(
            table: table,
            rows: bulk,
            postgres: self.dialect.name == "postgresql",
            ignoringConflicts: ignoringConflicts,
            conflictColumns: conflictColumns,
            updating: updated
        )
        // Chunks keep each JSON parameter to a few megabytes.
        var start = 0
        while start < bulk.rows.count {
            let end = min(start + 20_000, bulk.rows.count)
            try await self.execute(sql: BulkInsertStatement(pieces: pieces, json: bulk.json(start..<end, varying: varying))) { _ in }
            start = end
        }
    }
}
