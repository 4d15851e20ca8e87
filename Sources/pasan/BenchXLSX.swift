import ArgumentParser
import Foundation
import PasanDomain
import PasanExchange
import PasanMessages
import PasanReferenceData

/// `pasan bench-xlsx`: the XLSX path of issue 12, timed, for scripts/bench. The same synthetic
/// tidy rows (one series, village values over ten years) are read and validated from a CSV file
/// and from an XLSX workbook in Pasan's template layout, side by side; then a data request's
/// workbook of many indicators is written. No database: the validator gets a synthetic context.
struct BenchXLSX: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-xlsx",
        abstract: "Time an XLSX upload beside the same rows as CSV, and a template's generation (for scripts/bench).",
        shouldDisplay: false
    )

    @Option(help: "Rows of the upload.")
    var rows = 100_000

    @Option(help: "Indicators of the generated template.")
    var indicators = 50

    func run() async throws {
        let years = Array(2020..<2030)
        let areaCount = max(1, rows / years.count)
        let areas = (0..<areaCount).map { String(format: "V%06d", $0) }
        let header = ["Year", "SERIES", "UNIT_MEASURE", "OBS_STATUS", "COMMENT_OBS", "SOURCE_DETAIL", "GeoCode", "Value"]
        var table: [[String]] = []
        table.reserveCapacity(areaCount * years.count)
        for year in years {
            for (i, area) in areas.enumerated() {
                table.append([String(year), "SH_STA_BRTC", "PT", "A", "", "", area, String(Double(i % 1000) / 10)])
            }
        }
        let known = Set(areas)
        let context = TidyContext(
            indicator: "3.1.2",
            institution: "MOH",
            series: ["SH_STA_BRTC": "PT"],
            referenceYears: Set(years),
            knownAreas: known,
            ownedScopes: [(series: nil, level: .village)],
            areaLevel: { known.contains($0) ? .village : nil }
        )

        // CSV: read and validate.
        let csv = CSVWriter.write(header: header, rows: table)
        var clock = ContinuousClock.now
        let csvTable = try CSVTable(text: csv, file: "bench.csv")
        let csvResult = TidyValidator.validate(
            header: csvTable.header,
            rows: csvTable.records.map { ($0.line, $0.fields) },
            context: context
        )
        let csvSeconds = seconds(since: clock)

        // XLSX in the template's layout: labels, codes, then the rows (numbers as numbers).
        var sheetRows: [[XLSXCell]] = [header.map { .text($0, style: .header) }, header.map { .text($0, style: .header) }]
        for row in table {
            sheetRows.append(row.enumerated().map { i, field in i == 7 ? .number(Double(field) ?? 0) : .text(field) })
        }
        let workbook = XLSXWorkbook(sheets: [XLSXSheet(name: "3.1.2", rows: sheetRows)])
        let data = try XLSXWriter.data(workbook)
        clock = ContinuousClock.now
        let document = try XLSXReader.read(data, file: "bench.xlsx")
        guard let sheet = document.sheet(named: "3.1.2") else { throw ValidationError("the sheet was not read") }
        let xlsxTable = XLSXTable(sheet, headerRow: SubmissionWorkbook.headerRow, file: "bench.xlsx")
        let xlsxResult = TidyValidator.validate(header: xlsxTable.header, rows: xlsxTable.rows, context: context)
        let xlsxSeconds = seconds(since: clock)
        guard xlsxResult.values.count == csvResult.values.count, xlsxResult.errors.isEmpty, csvResult.errors.isEmpty else {
            throw ValidationError(
                "CSV and XLSX disagree: \(csvResult.values.count) vs \(xlsxResult.values.count) values, "
                    + "\(csvResult.errors.count) and \(xlsxResult.errors.count) errors"
            )
        }

        // A request's workbook: each indicator three series, the country and 18 provinces, two years.
        let provinces = (1...18).map { String(format: "%02d", $0) }
        let templates = (0..<indicators).map { n in
            SubmissionTemplate(
                indicator: "9.\(n).1",
                header: header,
                rows: ["2024", "2025"].flatMap { year in
                    ["S1", "S2", "S3"].flatMap { series in (["LA"] + provinces).map { [year, "X_\(series)", "PT", "", "", "", $0, ""] } }
                },
                allowedCodes: ["GeoCode": ["LA"] + provinces, "OBS_STATUS": TidyFormat.observationStatuses.sorted()],
                reference: (2015..<2024).map { year in
                    SubmissionTemplate.Reference(
                        series: "X_S1",
                        area: "LA",
                        dimensions: "",
                        period: String(year),
                        value: Double(year - 2000)
                    )
                }
            )
        }
        let messages = MessageCatalogue.shipped
        clock = ContinuousClock.now
        let book = try XLSXWriter.data(SubmissionWorkbook.workbook(templates, title: "bench", text: { messages.localized($0) }))
        let templateSeconds = seconds(since: clock)

        let ratio = xlsxSeconds / max(csvSeconds, 0.000_001)
        print(
            "bench-xlsx: \(xlsxResult.values.count) rows; xlsx upload \(format(xlsxSeconds)) s (file \(data.count / 1024) KiB), "
                + "same rows as csv \(format(csvSeconds)) s, xlsx/csv \(format(ratio))x; "
                + "template of \(indicators) indicators \(format(templateSeconds)) s (\(book.count / 1024) KiB)"
        )
    }

    func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
