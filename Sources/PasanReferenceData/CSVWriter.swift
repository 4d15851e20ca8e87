import Foundation

/// Writes CSV (RFC 4180), neutralising spreadsheet formulas: a cell starting with = + - @ (or a
/// tab or carriage return) gets a leading apostrophe, so exported data cannot run as a formula.
public enum CSVWriter {
    public static func write(header: [String], rows: [[String]]) -> String {
        var out = line(header)
        for row in rows { out += line(row.map(neutralise)) }
        return out
    }

    static func neutralise(_ cell: String) -> String {
        guard let first = cell.first, "=+-@\t\r".contains(first) else { return cell }
        // Negative numbers stay numbers.
        if first == "-", Double(cell) != nil { return cell }
        return "'" + cell
    }

    static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\r\n"
    }
}
