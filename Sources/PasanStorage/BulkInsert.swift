import Foundation
import SQLKit

/// Many rows inserted by one short statement per chunk: the rows travel as a single JSON
/// parameter, which the database unpacks itself (SQLite `jsonb_each`, whose rows are binary
/// JSON the `->>` operator reads without parsing text again; PostgreSQL
/// `json_array_elements`), so neither SQLKit nor the database's parser works per value. A
/// statement of thousands of bound values costs more to build, send and parse than the rows
/// cost to store.
///
/// Values are written as JSON the way both databases read them back unchanged: text escaped,
/// integers as integers, doubles in Swift's shortest round-trip form (at most 17 significant
/// digits, which both SQLite's `sqlite3AtoF` and PostgreSQL's `float8in` round correctly).
/// PostgreSQL casts each column to the type of its values (text, bigint or double precision).
/// A column with the same value in every row is bound once instead (a NULL as an untyped NULL,
/// which takes the column's type).
struct BulkRows {
    enum Cell: Equatable {
        case text(String)
        case integer(Int64)
        case real(Double)
        case null

        /// Text, or NULL for `nil`.
        static func text(_ value: String?) -> Cell { value.map { .text($0) } ?? .null }
        /// An integer, or NULL for `nil`.
        static func integer(_ value: Int64?) -> Cell { value.map { .integer($0) } ?? .null }
        /// A double, or NULL for `nil` (a non-finite double is a programming error: it has no JSON form).
        static func real(_ value: Double?) -> Cell {
            guard let value else { return .null }
            precondition(value.isFinite, "a bulk cell cannot hold \(value)")
            return .real(value)
        }
    }

    /// What one column's values are, for PostgreSQL's cast.
    enum ColumnType {
        case text, integer, real, null
        var postgres: String? {
            switch self {
            case .text: "text"
            case .integer: "bigint"
            case .real: "double precision"
            case .null: nil
            }
        }
    }

    let columns: [String]
    let rows: [[Cell]]
    let types: [ColumnType]
    /// A column's value when every row has the same (the submission, cycle or institution a
    /// batch belongs to; attributes nobody filled in): bound once, not repeated in the JSON.
    var constants: [Cell?] { Self.constants(rows, count: columns.count) }

    /// The rows as cells, or `nil` when a value is something else than a bound text, integer,
    /// finite double or boolean, or NULL (the caller then uses SQLKit's ordinary insert), or
    /// when a column mixes text with numbers.
    init?(columns: [String], rows: [[any SQLExpression]]) {
        var types = Array(repeating: ColumnType.null, count: columns.count)
        var cells: [[Cell]] = []
        cells.reserveCapacity(rows.count)
        for row in rows {
            guard row.count == columns.count else { return nil }
            var out: [Cell] = []
            out.reserveCapacity(row.count)
            for (i, expression) in row.enumerated() {
                guard let cell = Self.cell(expression) else { return nil }
                let type: ColumnType
                switch cell {
                case .text: type = .text
                case .integer: type = .integer
                case .real: type = .real
                case .null: type = .null
                }
                switch (types[i], type) {
                case (_, .null), (.text, .text), (.integer, .integer), (.real, .real): break
                case (.null, _): types[i] = type
                case (.integer, .real), (.real, .integer): types[i] = .real
                default: return nil
                }
                out.append(cell)
            }
            cells.append(out)
        }
        self.columns = columns
        self.rows = cells
        self.types = types
    }

    /// Rows already as cells; a column's type is that of its values (integers and doubles
    /// together are doubles; text with numbers is a programming error).
    init(columns: [String], cells: [[Cell]]) {
        var types = Array(repeating: ColumnType.null, count: columns.count)
        for row in cells {
            precondition(row.count == columns.count, "a bulk row of \(row.count) cells for \(columns.count) columns")
            for (i, cell) in row.enumerated() {
                switch (types[i], cell) {
                case (_, .null), (.text, .text), (.integer, .integer), (.real, .real), (.real, .integer): break
                case (.null, .text): types[i] = .text
                case (.null, .integer): types[i] = .integer
                case (.null, .real), (.integer, .real): types[i] = .real
                default: preconditionFailure("column \(columns[i]) mixes text and numbers")
                }
            }
        }
        self.columns = columns
        self.rows = cells
        self.types = types
    }

    private static func constants(_ rows: [[Cell]], count: Int) -> [Cell?] {
        guard let first = rows.first else { return Array(repeating: nil, count: count) }
        var constants: [Cell?] = first
        for row in rows.dropFirst() {
            for i in 0..<count where constants[i] != nil && constants[i] != row[i] { constants[i] = nil }
        }
        return constants
    }

    static func cell(_ expression: any SQLExpression) -> Cell? {
        if let literal = expression as? SQLLiteral {
            if case .null = literal { return .null }
            return nil
        }
        guard let bind = expression as? SQLBind else { return nil }
        switch bind.encodable {
        case let text as String: return .text(text)
        case let number as Int: return .integer(Int64(number))
        case let number as Int64: return .integer(number)
        case let number as Int32: return .integer(Int64(number))
        case let flag as Bool: return .integer(flag ? 1 : 0)
        case let number as Double: return number.isFinite ? .real(number) : nil
        case let optional as String?: return optional.map { .text($0) } ?? .null
        default: return nil
        }
    }

    /// The rows `range` as a JSON array of arrays of the columns at `varying`.
    func json(_ range: Range<Int>, varying: [Int]) -> String {
        // Built as bytes: appending many small strings to a String costs more than the rows.
        var out: [UInt8] = []
        out.reserveCapacity(range.count * (columns.count * 10 + 3) + 2)
        out.append(UInt8(ascii: "["))
        for r in range {
            if r != range.lowerBound { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "["))
            let row = rows[r]
            for (n, i) in varying.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                switch row[i] {
                case .text(let text): Self.appendJSONString(text, to: &out)
                case .integer(let number): out.append(contentsOf: String(number).utf8)
                case .real(let number): out.append(contentsOf: number.description.utf8)
                case .null: out.append(contentsOf: "null".utf8)
                }
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Only `"`, `\` and control characters need escaping; the rest (Lao included) is UTF-8 as is.
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// `INSERT … SELECT` from one JSON parameter (see `BulkRows`), the columns that are the same in
/// every row bound once each.
struct BulkInsertStatement: SQLExpression {
    enum Piece {
        case sql(String)
        case json
        case constant(BulkRows.Cell)
    }

    let pieces: [Piece]
    let json: String

    func serialize(to serializer: inout SQLSerializer) {
        for piece in pieces {
            switch piece {
            case .sql(let text): serializer.write(text)
            case .json: serializer.write(bind: json)
            case .constant(.text(let text)): serializer.write(bind: text)
            case .constant(.integer(let number)): serializer.write(bind: number)
            case .constant(.real(let number)): serializer.write(bind: number)
            case .constant(.null): serializer.write("NULL")
            }
        }
    }

    /// The statement around the JSON parameter, for a database and conflict handling, and the
    /// columns the JSON carries.
    static func template(
        table: String,
        rows: BulkRows,
        postgres: Bool,
        ignoringConflicts: Bool,
        conflictColumns: [String],
        updating updated: [String]
    ) -> (pieces: [Piece], varying: [Int]) {
        func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let constants = rows.constants
        var pieces: [Piece] = [.sql("INSERT INTO \(quoted(table)) (\(rows.columns.map(quoted).joined(separator: ", "))) SELECT ")]
        var varying: [Int] = []
        for i in rows.columns.indices {
            if i > 0 { pieces.append(.sql(", ")) }
            if let constant = constants[i] {
                pieces.append(.constant(constant))
                continue
            }
            let n = varying.count
            varying.append(i)
            if postgres {
                // JSON null reads as SQL NULL; a column of only NULLs is constant, above.
                let type = rows.types[i].postgres ?? "text"
                pieces.append(.sql(type == "text" ? "e->>\(n)" : "(e->>\(n))::\(type)"))
            } else {
                pieces.append(.sql("value->>\(n)"))
            }
        }
        pieces.append(.sql(postgres ? " FROM json_array_elements(" : " FROM jsonb_each("))
        pieces.append(.json)
        // `WHERE true`: SQLite needs a WHERE before an upsert clause after a SELECT.
        var tail = (postgres ? "::json) AS e" : ")") + " WHERE true"
        if !conflictColumns.isEmpty {
            tail += " ON CONFLICT (\(conflictColumns.map(quoted).joined(separator: ", ")))"
            tail +=
                updated.isEmpty
                ? " DO NOTHING" : " DO UPDATE SET " + updated.map { "\(quoted($0)) = excluded.\(quoted($0))" }.joined(separator: ", ")
        } else if ignoringConflicts {
            tail += " ON CONFLICT DO NOTHING"
        }
        pieces.append(.sql(tail))
        return (pieces, varying)
    }
}
