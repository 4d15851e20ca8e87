import Foundation
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// Issue 16: rows inserted in bulk (one JSON parameter per chunk) are stored exactly as bound
/// values would be, on both databases.
@Suite struct BulkInsertTests {
    @Test(arguments: Backend.all)
    func everyValueComesBackAsItWasGiven(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            var generator = SystemRandomNumberGenerator()
            // Doubles of every magnitude (shortest round-trip text must read back exactly; SQLite
            // stores -0.0 as 0, as it does a bound -0.0),
            // texts needing JSON escapes, Lao, NULLs and integers past 32 bits.
            var doubles: [Double] = [
                0, -0.0, 0.1, 1.0 / 3, 2.5e-300, Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude, 123_456_789.123_456_78,
                -42.42,
            ]
            for _ in 0..<2_000 { doubles.append(Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF) * (Bool.random() ? 1 : -1)) }
            let texts = ["plain", "quote \" and back\\slash", "tab\tline\nreturn\r", "\u{01}\u{1F}", "ລາວ ໜອງ", "", "emoji 🇱🇦"]
            let rows: [[any SQLExpression]] = doubles.enumerated().map { i, value in
                [
                    SQLBind(i), SQLBind(texts[i % texts.count]), SQLValue.double(i % 5 == 0 ? nil : value),
                    SQLBind(Int64(i) * 10_000_000_000), SQLValue.text(i % 3 == 0 ? nil : "n\(i)"),
                    // The same in every row: bound once, not in the JSON.
                    SQLBind("same ' \" value"), SQLValue.double(nil), SQLBind(7),
                ]
            }
            let columns = ["id", "t", "d", "big", "maybe", "same", "none", "seven"]
            let bulk = try #require(BulkRows(columns: columns, rows: rows))
            #expect(bulk.constants.map { $0 != nil } == [false, false, false, false, false, true, true, true])
            try await database.write { db in
                try await db.raw(
                    "CREATE TABLE bulk_probe (id INTEGER PRIMARY KEY, t TEXT NOT NULL, d \(unsafeRaw: database.dialect.double), big BIGINT, maybe TEXT, same TEXT, none \(unsafeRaw: database.dialect.double), seven BIGINT)"
                ).run()
                try await db.insertBatched(into: "bulk_probe", columns: columns, rows: rows)
            }
            let stored = try await database.read { db in
                try await db.select().columns("id", "t", "d", "big", "maybe", "same", "none", "seven").from("bulk_probe").orderBy("id")
                    .all().map { row in
                        (
                            try row.decode(column: "id", as: Int.self), try row.decode(column: "t", as: String.self),
                            try row.decode(column: "d", as: Double?.self), try row.decode(column: "big", as: Int64.self),
                            try row.decode(column: "maybe", as: String?.self),
                            try row.decode(column: "same", as: String.self) + "|\(try row.decode(column: "none", as: Double?.self) == nil)|"
                                + String(try row.decode(column: "seven", as: Int.self))
                        )
                    }
            }
            try #require(stored.count == doubles.count)
            for (i, row) in stored.enumerated() {
                #expect(row.0 == i)
                #expect(row.1 == texts[i % texts.count])
                if i % 5 == 0 { #expect(row.2 == nil) } else { #expect(row.2 == doubles[i], "row \(i): \(doubles[i])") }
                #expect(row.3 == Int64(i) * 10_000_000_000)
                #expect(row.4 == (i % 3 == 0 ? nil : "n\(i)"))
                #expect(row.5 == "same ' \" value|true|7")
            }
        }
    }

    @Test(arguments: Backend.all)
    func conflictsAreIgnoredOrUpdatedAsAsked(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            try await database.write { db in
                try await db.raw("CREATE TABLE bulk_probe (k TEXT PRIMARY KEY, v BIGINT, note TEXT)").run()
                try await db.insertBatched(
                    into: "bulk_probe",
                    columns: ["k", "v", "note"],
                    rows: [[SQLBind("a"), SQLBind(1), SQLBind("first")], [SQLBind("b"), SQLBind(2), SQLBind("first")]]
                )
                try await db.insertBatched(
                    into: "bulk_probe",
                    columns: ["k", "v", "note"],
                    rows: [[SQLBind("a"), SQLBind(10), SQLBind("ignored")], [SQLBind("c"), SQLBind(3), SQLBind("new")]],
                    ignoringConflicts: true
                )
                try await db.insertBatched(
                    into: "bulk_probe",
                    columns: ["k", "v", "note"],
                    rows: [[SQLBind("b"), SQLBind(20), SQLBind("updated")]],
                    upsertOn: ["k"],
                    updating: ["v"]
                )
            }
            let stored = try await database.read { db in
                try await db.select().columns("k", "v", "note").from("bulk_probe").orderBy("k").all().map {
                    "\(try $0.decode(column: "k", as: String.self))=\(try $0.decode(column: "v", as: Int.self)):\(try $0.decode(column: "note", as: String.self))"
                }
            }
            #expect(stored == ["a=1:first", "b=20:first", "c=3:new"])
        }
    }

    @Test func rowsWithOtherExpressionsOrMixedColumnsTakeTheOrdinaryPath() {
        #expect(BulkRows(columns: ["a"], rows: [[SQLLiteral.default]]) == nil)
        #expect(BulkRows(columns: ["a"], rows: [[SQLBind("x")], [SQLBind(1)]]) == nil)
        #expect(BulkRows(columns: ["a"], rows: [[SQLBind(Double.nan)]]) == nil)
        #expect(BulkRows(columns: ["a"], rows: [[SQLBind(1)], [SQLBind(1.5)]])?.types.first == .real)
    }
}
