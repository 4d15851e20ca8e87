import PasanDomain
import SQLKit

/// Places: the admin hierarchy down to villages, their aliases and boundaries.
public struct AreaRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Areas filtered by level and parent, in code order, one page at a time.
    public func areas(level: AreaLevel?, parent: String?, page: PageRequest) async throws -> Page<Area> {
        try await database.read { db in
            func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
                var q = query
                if let level { q = q.where("level", .equal, level.rawValue) }
                if let parent { q = q.where("parent_code", .equal, parent) }
                return q
            }
            let total =
                try await filtered(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("areas")).first()?.int("n")
                ?? 0
            let items = try await filtered(db.select().column("*").from("areas"))
                .orderBy("code").limit(page.limit).offset(page.offset).all().map(Self.area)
            return Page(items: items, total: total, request: page)
        }
    }

    public func area(code: String) async throws -> Area? {
        try await database.read { db in
            try await db.select().column("*").from("areas").where("code", .equal, code).first().map(Self.area)
        }
    }

    /// The canonical area for another system's code (e.g. LSB-SDG `1013` → `1011`).
    public func resolve(alias: String, system: String) async throws -> String? {
        try await database.read { db in
            try await db.select().column("area_code").from("area_aliases")
                .where("system", .equal, system).where("alias", .equal, alias).first()?.string("area_code")
        }
    }

    public func boundaries(level: AreaLevel, detail: String = "full") async throws -> [AreaBoundary] {
        try await database.read { db in
            try await db.select().columns(SQLColumn("area_code", table: "b"), SQLColumn("geometry", table: "b"))
                .from(SQLAlias(SQLIdentifier("area_boundaries"), as: SQLIdentifier("b")))
                .join(
                    SQLAlias(SQLIdentifier("areas"), as: SQLIdentifier("a")),
                    on: SQLColumn("code", table: "a"),
                    .equal,
                    SQLColumn("area_code", table: "b")
                )
                .where(SQLColumn("level", table: "a"), .equal, SQLBind(level.rawValue))
                .where(SQLColumn("detail", table: "b"), .equal, SQLBind(detail))
                .orderBy(SQLColumn("area_code", table: "b"))
                .all().map { AreaBoundary(areaCode: try $0.string("area_code"), detail: detail, geometryJSON: try $0.string("geometry")) }
        }
    }

    /// How many areas there are at each level.
    public func counts() async throws -> [AreaLevel: Int] {
        try await database.read { db in
            var result: [AreaLevel: Int] = [:]
            for row in try await db.select().column("level").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("areas")
                .groupBy("level").all()
            {
                if let level = AreaLevel(rawValue: try row.string("level")) { result[level] = try row.int("n") }
            }
            return result
        }
    }

    static func area(_ row: any SQLRow) throws -> Area {
        Area(
            code: try row.string("code"),
            level: AreaLevel(rawValue: try row.string("level")) ?? .village,
            parentCode: try row.optionalString("parent_code"),
            name: try row.localized("name"),
            pcode: try row.optionalString("pcode"),
            isoCode: try row.optionalString("iso_code"),
            note: try row.optionalString("note")
        )
    }
}

extension AreaRepository {
    /// How many areas of `level` there are under each ancestor, the ancestor being the first
    /// `prefixLength` characters of the LSB code (2 = province, 4 = district).
    public func childCounts(level: AreaLevel, groupedBy prefixLength: Int) async throws -> [String: Int] {
        try await database.read { db in
            let rows = try await db.raw(
                """
                SELECT substr(code, 1, \(unsafeRaw: String(prefixLength))) AS ancestor, COUNT(*) AS n
                FROM areas WHERE level = \(bind: level.rawValue)
                GROUP BY substr(code, 1, \(unsafeRaw: String(prefixLength)))
                """
            ).all()
            var counts: [String: Int] = [:]
            for row in rows { counts[try row.string("ancestor")] = try row.int("n") }
            return counts
        }
    }
}

extension AreaRepository {
    /// The level of every area code.
    public func levels() async throws -> [String: AreaLevel] {
        try await database.read { db in
            var result: [String: AreaLevel] = [:]
            for row in try await db.select().columns("code", "level").from("areas").all() {
                result[try row.string("code")] = AreaLevel(rawValue: try row.string("level"))
            }
            return result
        }
    }
}
