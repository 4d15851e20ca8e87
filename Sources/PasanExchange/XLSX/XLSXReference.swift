extension XLSXReader {
    /// The last column a spreadsheet has (`XFD`).
    public static let maximumColumn = 16_384
    /// The last row a spreadsheet has.
    public static let maximumRow = 1_048_576

    /// A cell's reference from its 1-based column and row: `reference(column: 4, row: 14)` is `D14`.
    public static func reference(column: Int, row: Int) -> String {
        columnName(column) + String(row)
    }

    /// A 1-based column's letters: 1 is `A`, 27 is `AA`, 16,384 is `XFD`.
    public static func columnName(_ column: Int) -> String {
        var n = max(column, 1)
        var letters: [UInt8] = []
        while n > 0 {
            let remainder = (n - 1) % 26
            letters.append(UInt8(ascii: "A") + UInt8(remainder))
            n = (n - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// The 1-based column and row of a reference (`D14` → (4, 14); `$D$14` too), or `nil` when it
    /// is not one or lies beyond a spreadsheet's last column or row.
    public static func position(of reference: some StringProtocol) -> (column: Int, row: Int)? {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "$") where digits == 0:
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0,
                UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                letters += 1
                guard letters <= 3 else { return nil }
                column = column * 26 + Int((byte & 0xDF) - UInt8(ascii: "A")) + 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where letters > 0:
                digits += 1
                guard digits <= 7 else { return nil }
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
            default:
                return nil
            }
        }
        guard letters > 0, digits > 0, (1...maximumColumn).contains(column), (1...maximumRow).contains(row) else { return nil }
        return (column, row)
    }

    /// The 1-based column of a column's letters alone (`D` → 4).
    public static func column(named letters: some StringProtocol) -> Int? {
        position(of: "\(letters)1")?.column
    }

    /// A cell as a problem locates it: `Sheet!D14`.
    public static func location(sheet: String, column: Int, row: Int) -> String {
        "\(sheet)!\(reference(column: column, row: row))"
    }
}
