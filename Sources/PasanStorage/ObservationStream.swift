import PasanDomain
import SQLKit

/// Which published observations to read (the SDMX REST data queries' filters).
public struct ObservationFilter: Sendable, Equatable {
    /// Series codes; `nil` = every series.
    public var series: Set<String>?
    public var indicator: String?
    /// Pasan area codes (`LA`, `01`, `0101`); `nil` = every area.
    public var areas: Set<String>?
    /// Periods whose first year is at least / at most this (`2015-2016` counts as 2015).
    public var startYear: Int?
    public var endYear: Int?
    /// Breakdown codes wanted per dimension (`SEX` → [`F`, `M`]); `_T` stands for "no breakdown".
    public var dimensions: [String: Set<String>]

    public init(
        series: Set<String>? = nil,
        indicator: String? = nil,
        areas: Set<String>? = nil,
        startYear: Int? = nil,
        endYear: Int? = nil,
        dimensions: [String: Set<String>] = [:]
    ) {
        self.series = series
        self.indicator = indicator
        self.areas = areas
        self.startYear = startYear
        self.endYear = endYear
        self.dimensions = dimensions
    }

    func accepts(_ observation: Observation) -> Bool {
        for (dimension, codes) in dimensions where !codes.contains(observation.dimensions[dimension] ?? "_T") { return false }
        return true
    }
}

/// Published observations in pages, ordered by series code (then indicator, area, period and
/// breakdown: the table's primary key), without ever holding more than two pages (the one given
/// out and the next, read ahead): each page is
/// one query that starts after the last row of the previous one (keyset paging over the primary
/// key's columns, a row-value comparison both SQLite and PostgreSQL answer from the key's
/// index), so a million observations stream in constant memory on either database.
///
/// Period bounds compare the period text with the year (`period >= '2015'`, `period < '2021'`):
/// Pasan's periods start with their year, so this selects by first year and stays indexable.
/// Breakdown filters are applied to each page as it is read. An empty status or source reads as
/// none.
public struct ObservationStream: AsyncSequence, Sendable {
    public typealias Element = [Observation]

    public let database: Database
    public let filter: ObservationFilter
    public let pageSize: Int

    public init(database: Database, filter: ObservationFilter = ObservationFilter(), pageSize: Int = 10_000) {
        self.database = database
        self.filter = filter
        self.pageSize = Swift.max(1, pageSize)
    }

    static let keyColumns = ["series", "indicator", "area", "period", "dimension_key"]

    /// Reads one page ahead: while the caller works on a page, the next one is being read, so
    /// reading and, say, writing an SDMX message overlap (at most two pages are held).
    public struct AsyncIterator: AsyncIteratorProtocol {
        let stream: ObservationStream
        var ahead: Task<([Observation], [String]?), any Error>?
        var done = false

        public mutating func next() async throws -> [Observation]? {
            while !done {
                let reading = ahead ?? Self.read(stream, after: nil)
                ahead = nil
                let (rows, last) = try await reading.value
                if rows.count < stream.pageSize || last == nil {
                    done = true
                } else {
                    ahead = Self.read(stream, after: last)
                }
                let page = rows.filter(stream.filter.accepts)
                if !page.isEmpty { return page }
            }
            return nil
        }

        static func read(_ stream: ObservationStream, after: [String]?) -> Task<([Observation], [String]?), any Error> {
            Task { try await stream.page(after: after) }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(stream: self) }

    /// One page after `after` (the key of the last row read): the rows (before the breakdown
    /// filter) and the key of the last one.
    func page(after: [String]?) async throws -> ([Observation], [String]?) {
        let filter = filter
        let pageSize = pageSize
        return try await database.read { db in
            // One text column with every text of the row (the free-text source last) and the
            // value: two decodes per row instead of nine (the decoding is most of a page's time).
            let separator = SQLBind(Self.separator)
            var packed: [any SQLExpression] = []
            for (i, column) in (Self.keyColumns + ["unit"]).enumerated() {
                if i > 0 { packed.append(separator) }
                packed.append(SQLColumn(column))
            }
            for column in ["status", "source"] {
                packed.append(separator)
                packed.append(SQLFunction("COALESCE", args: SQLColumn(column), SQLLiteral.string("")))
            }
            var query = db.select()
                .column(SQLAlias(SQLGroupExpression(SQLList(packed, separator: SQLRaw(" || "))), as: SQLIdentifier("packed")))
                .column("value")
                .from("observations")
            if let after {
                query = query.where(
                    SQLBinaryExpression(
                        left: SQLGroupExpression(Self.keyColumns.map { SQLColumn($0) }),
                        op: SQLBinaryOperator.greaterThan,
                        right: SQLGroupExpression(after.map { SQLBind($0) })
                    )
                )
            }
            if let series = filter.series { query = query.where("series", .in, series.sorted()) }
            if let indicator = filter.indicator { query = query.where("indicator", .equal, indicator) }
            if let areas = filter.areas { query = query.where("area", .in, areas.sorted()) }
            if let start = filter.startYear { query = query.where("period", .greaterThanOrEqual, String(start)) }
            if let end = filter.endYear { query = query.where("period", .lessThan, String(end + 1)) }
            for column in Self.keyColumns { query = query.orderBy(column) }
            let rows = try await query.limit(pageSize).all()
            var observations: [Observation] = []
            observations.reserveCapacity(rows.count)
            var last: [String]?
            // A page holds few distinct breakdowns: each key is parsed once and its dictionary
            // shared by the rows (parsing per row was an eighth of a 1M-row SDMX export).
            var breakdowns: [String: [String: String]] = [:]
            for row in rows {
                let packed = try row.string("packed")
                let parts = Self.split(packed)
                guard parts.count == 8 else { throw ObservationStreamError(row: packed) }
                let series = String(parts[0]), indicator = String(parts[1]), area = String(parts[2])
                let period = String(parts[3]), key = String(parts[4])
                observations.append(
                    Observation(
                        series: series,
                        indicator: indicator,
                        area: area,
                        period: period,
                        dimensions: key.isEmpty ? [:] : Self.breakdown(key, cache: &breakdowns),
                        unit: String(parts[5]),
                        value: try row.double("value"),
                        status: parts[6].isEmpty ? nil : String(parts[6]),
                        source: parts[7].isEmpty ? nil : String(parts[7])
                    )
                )
                last = [series, indicator, area, period, key]
            }
            return (observations, last)
        }
    }

    /// The packed texts of a row, cut at the first seven separators (the source, last, may hold
    /// anything). Cut on the UTF-8 bytes: U+001F is one byte and a boundary of every kind, and
    /// walking characters (grapheme breaking) was a tenth of a 1M-row export.
    static func split(_ packed: String) -> [Substring] {
        var parts: [Substring] = []
        parts.reserveCapacity(8)
        let utf8 = packed.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex && parts.count < 7 {
            if utf8[index] == 0x1F {
                parts.append(packed[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        parts.append(packed[start...])
        return parts
    }

    static func breakdown(_ key: String, cache: inout [String: [String: String]]) -> [String: String] {
        if let known = cache[key] { return known }
        let parsed = Observation.dimensions(fromKey: key)
        cache[key] = parsed
        return parsed
    }

    /// Between the packed texts of a row: U+001F (unit separator), which codes, periods and units
    /// never hold; the source, the only free text, comes last and may hold anything.
    static let separator = "\u{1F}"

    /// The unit multiplier of each series that has one (the series table), by series code.
    public static func unitMultipliers(_ database: Database) async throws -> [String: Int] {
        try await database.read { db in
            var result: [String: Int] = [:]
            for row in try await db.select().columns("code", "unit_multiplier").from("series").where(
                SQLColumn("unit_multiplier"),
                .isNot,
                SQLLiteral.null
            )
            .all() {
                result[try row.string("code")] = try row.int("unit_multiplier")
            }
            return result
        }
    }
}

/// A packed row that does not split into its columns (a code holding U+001F).
struct ObservationStreamError: Error, CustomStringConvertible {
    var row: String
    var description: String { "An observation row could not be read: \(row.prefix(200))" }
}
