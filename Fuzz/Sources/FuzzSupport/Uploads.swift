import Foundation
import PasanDomain
import PasanExchange
import PasanReferenceData

/// The steps an upload goes through after the form is read, for the CSV and XLSX harnesses, as
/// `SubmissionUploadForm.decode` and `AssignmentFile.read` (PasanWeb) take them — reproduced
/// here so that these harnesses build without the web layer (`FuzzEntryPoints` in PasanWeb runs
/// the originals, for the multipart harness). The validators get a context built once from the
/// shipped reference data instead of a database. Each function returns a count of what it read,
/// so that nothing is optimised away.
public enum Uploads {
    static let reference: ReferenceDataSet = (try? ReferenceDataLoader.bundled.load()) ?? ReferenceDataSet()

    /// Indicator 3.1.2 and its shipped series, reference years 2015–2030, every shipped area,
    /// every series and level owned.
    static let tidyContext: TidyContext = {
        let levels = Dictionary(reference.areas.map { ($0.code, $0.level) }, uniquingKeysWith: { a, _ in a })
        let series = Dictionary(
            reference.series.filter { $0.indicator == "3.1.2" }.map { ($0.code, $0.unit) },
            uniquingKeysWith: { a, _ in a }
        )
        return TidyContext(
            indicator: "3.1.2",
            institution: "MOH",
            series: series.isEmpty ? ["SH_STA_BRTC": "PT"] : series,
            referenceYears: Set(2015...2030),
            knownAreas: Set(levels.keys),
            ownedScopes: [(series: nil, level: nil)],
            areaLevel: { levels[$0] }
        )
    }()

    static let catalog = FrameworkCatalog(
        goals: reference.goals,
        targets: reference.targets,
        indicators: reference.indicators,
        series: reference.series,
        institutions: reference.institutions,
        successions: reference.successions,
        provinces: reference.areas.filter { $0.level == .province },
        districts: reference.areas.filter { $0.level == .district }
    )

    /// Loads the reference data before the first input (libFuzzer's `LLVMFuzzerInitialize`).
    public static func prepare() -> Int { tidyContext.knownAreas.count + catalog.indicators.count }

    /// A submission's CSV file: UTF-8, `CSVTable`, the comma check, `TidyValidator`.
    public static func submissionCSV(_ data: Data) -> Int {
        guard let text = String(data: data, encoding: .utf8) else { return 0 }
        let table: CSVTable
        do { table = try CSVTable(text: text, file: "upload.csv") } catch { return error.message.count }
        if table.header.count == 1 && (table.header[0].contains(";") || table.header[0].contains("\t")) { return 1 }
        return validate(header: table.header, rows: table.records.map { ($0.line, $0.fields) })
    }

    /// An assignment CSV file: UTF-8, `CSVTable`, the required columns, each record as a row of
    /// named fields, `AssignmentImport` against the shipped catalogue.
    public static func assignmentCSV(_ data: Data) -> Int {
        guard let text = String(data: data, encoding: .utf8) else { return 0 }
        let table: CSVTable
        do {
            table = try CSVTable(text: text, file: "assignments.csv")
            try table.requireColumns(Array(AssignmentImport.required).sorted())
        } catch { return error.message.count }
        var rows: [(line: Int, fields: [String: String])] = []
        for record in table.records where record.fields.count == table.header.count {
            rows.append((record.line, Dictionary(zip(table.header, record.fields), uniquingKeysWith: { a, _ in a })))
        }
        let (assignments, issues) = AssignmentImport(catalog: catalog).validate(rows)
        return assignments.count + issues.count
    }

    /// A submission's workbook: `XLSXReader`, the sheet named by the indicator or the only visible
    /// one with a tidy header, `XLSXTable`, `TidyValidator`, each problem located at its cell.
    public static func submissionWorkbook(_ data: Data) -> Int {
        let document: XLSXDocument
        do { document = try XLSXReader.read(data, file: "upload.xlsx") } catch { return 1 }
        let tidy: Set<String> = ["Year", "Value"]
        let withHeader = document.sheets.filter { !$0.isHidden && XLSXTable.headerRow(in: $0, containing: tidy) != nil }
        guard let sheet = document.sheet(named: tidyContext.indicator) ?? (withHeader.count == 1 ? withHeader.first : nil),
            let headerRow = XLSXTable.headerRow(in: sheet, containing: tidy)
        else { return 0 }
        let table = XLSXTable(sheet, headerRow: headerRow, file: "upload.xlsx", usesDate1904: document.usesDate1904)
        guard table.problems.isEmpty else { return table.problems.count }
        let result = TidyValidator.validate(header: table.header, rows: table.rows, context: tidyContext)
        return result.values.count + result.errors.map { table.location(of: $0) }.count + result.warnings.count
    }

    static func validate(header: [String], rows: [(line: Int, fields: [String])]) -> Int {
        let result = TidyValidator.validate(header: header, rows: rows, context: tidyContext)
        return result.values.count + result.errors.count + result.warnings.count
    }
}
