import Foundation
import PasanDomain

/// Reads the glossary of SDG terms shipped in `Resources/pasan/glossary.csv` (English term, the
/// Lao word translators are asked to use, and where it comes from).
public enum GlossaryLoader {
    public static func bundled() throws(DataFileIssues) -> Glossary {
        try load(Bundle.module.url(forResource: "Resources", withExtension: nil)!.appendingPathComponent("pasan/glossary.csv"))
    }

    public static func load(_ url: URL) throws(DataFileIssues) -> Glossary {
        let path = "pasan/glossary.csv"
        var terms: [GlossaryTerm] = []
        try CSVTable.readRows(url, file: path, columns: ["english", "lao", "source"]) { row in
            let english = row.required("english")
            let lao = row.required("lao")
            let source = row.required("source")
            if !english.isEmpty, !lao.isEmpty { terms.append(GlossaryTerm(english: english, lao: lao, note: source)) }
        }
        return Glossary(terms: terms)
    }
}

extension CSVTable {
    /// Reads a small CSV file of Pasan's own and walks its rows; every problem of the file (unreadable,
    /// a missing column, a bad row) is thrown together, with file, line and column.
    static func readRows(_ url: URL, file: String, columns: [String], _ body: (inout RowReader) -> Void) throws(DataFileIssues) {
        let table: CSVTable
        do {
            table = try CSVTable(contentsOf: url, file: file)
            try table.requireColumns(columns)
        } catch {
            throw DataFileIssues([error])
        }
        let issues = table.rows(body)
        if !issues.isEmpty { throw DataFileIssues(issues) }
    }
}
