import Foundation
import PasanDomain

/// A data request's XLSX template, written from the same `SubmissionTemplate`s as the CSV ones:
///
/// - `Instructions`: how to fill it, in Lao and in English.
/// - one sheet per indicator, named by its code (`3.1.2`): row 1 the columns' names in both
///   languages, row 2 their codes (the tidy header the upload reads), then one row per expected
///   cell with its year, series, unit, breakdown and place filled in. The two header rows are
///   locked (the sheet is protected without a password: a guard against slips); the rows below are
///   open, with drop-downs of the allowed codes and code columns kept as text (`01` stays `01`).
/// - `<code> ref` beside it when earlier years have published values: those values, locked, for
///   reference; the upload never reads them.
/// - a hidden `codes` sheet holding the lists too long to be written into a drop-down.
///
/// `text` gives a catalogue entry in both languages.
public enum SubmissionWorkbook {
    /// The row of codes an upload reads as its header.
    public static let headerRow = 2
    /// Rows below the template's that keep drop-downs and open cells, for rows the owner adds.
    public static let spareRows = 500

    public static func workbook(
        _ templates: [SubmissionTemplate],
        title: String,
        text: (Message) -> LocalizedText
    ) -> XLSXWorkbook {
        var sheets: [XLSXSheet] = [instructions(text)]
        var taken: Set<String> = [sheets[0].name, codesSheet]
        var codes: [[String]] = []
        for template in templates {
            let name = XLSXWorkbook.sheetName(template.indicator, avoiding: taken)
            taken.insert(name)
            sheets.append(dataSheet(template, name: name, codes: &codes, text: text))
            if !template.reference.isEmpty {
                let referenceName = XLSXWorkbook.sheetName("\(template.indicator) ref", avoiding: taken)
                taken.insert(referenceName)
                sheets.append(referenceSheet(template, name: referenceName, text: text))
            }
        }
        if !codes.isEmpty {
            let height = codes.map(\.count).max() ?? 0
            let rows = (0..<height).map { row in codes.map { row < $0.count ? XLSXCell.text($0[row]) : XLSXCell.empty() } }
            sheets.append(XLSXSheet(name: codesSheet, rows: rows, isHidden: true, isProtected: true))
        }
        return XLSXWorkbook(sheets: sheets, title: title)
    }

    static let codesSheet = "codes"

    /// The label of a tidy column in both languages (`Year / ປີ`).
    static func label(_ column: String, _ text: (Message) -> LocalizedText) -> String {
        let message: Message =
            switch column {
            case "Year": Message("templates.column.year")
            case "SERIES": Message("templates.column.series")
            case "UNIT_MEASURE": Message("templates.column.unit")
            case "OBS_STATUS": Message("templates.column.status")
            case "COMMENT_OBS": Message("templates.column.comment")
            case "SOURCE_DETAIL": Message("templates.column.source")
            case "GeoCode": Message("templates.column.place")
            case "Value": Message("templates.column.value")
            default: Message("templates.column.breakdown", ["dimension": .text(column)])
            }
        return text(message).both
    }

    static func dataSheet(
        _ template: SubmissionTemplate,
        name: String,
        codes: inout [[String]],
        text: (Message) -> LocalizedText
    )
        -> XLSXSheet
    {
        let header = template.header
        let valueColumn = header.count
        var rows: [[XLSXCell]] = [
            header.map { XLSXCell.text(label($0, text), style: .header) },
            header.map { XLSXCell.text($0, style: .header) },
        ]
        for row in template.rows {
            rows.append(
                row.enumerated().map { index, field in
                    let style: XLSXStyle = index + 1 == valueColumn ? .input : .inputText
                    return field.isEmpty ? XLSXCell.empty(style: style) : XLSXCell.text(field, style: style)
                }
            )
        }
        var columns: [Int: XLSXColumn] = [:]
        for (index, column) in header.enumerated() {
            let width: Double =
                switch column {
                case "COMMENT_OBS", "SOURCE_DETAIL": 28
                case "SERIES": 18
                default: 12
                }
            columns[index + 1] = XLSXColumn(width: width, style: index + 1 == valueColumn ? .input : .inputText)
        }
        let lastRow = headerRow + template.rows.count + spareRows
        var validations: [XLSXValidation] = []
        for (index, column) in header.enumerated() {
            guard let allowed = template.allowedCodes[column], !allowed.isEmpty else { continue }
            let list: XLSXList
            if XLSXList.fitsInline(allowed) {
                list = .inline(allowed)
            } else {
                codes.append(allowed)
                list = .range(sheet: codesSheet, column: codes.count, firstRow: 1, lastRow: allowed.count)
            }
            validations.append(
                XLSXValidation(
                    firstColumn: index + 1,
                    firstRow: headerRow + 1,
                    lastRow: lastRow,
                    list: list,
                    errorTitle: text(Message("templates.validation.title")).en,
                    errorMessage: text(Message("templates.validation.message", ["column": .text(column)])).both
                )
            )
        }
        return XLSXSheet(
            name: name,
            rows: rows,
            columns: columns,
            frozenRows: headerRow,
            isProtected: true,
            validations: validations
        )
    }

    static func referenceSheet(_ template: SubmissionTemplate, name: String, text: (Message) -> LocalizedText) -> XLSXSheet {
        let header = ["Year", "SERIES", "GeoCode", "Value"]
        var rows: [[XLSXCell]] = [
            header.map { XLSXCell.text(label($0, text), style: .header) } + [
                XLSXCell.text(text(Message("templates.column.breakdowns")).both, style: .header)
            ],
            header.map { XLSXCell.text($0, style: .header) } + [XLSXCell.text("BREAKDOWN", style: .header)],
        ]
        for r in template.reference {
            rows.append([
                .text(r.period, style: .reference), .text(r.series, style: .reference), .text(r.area, style: .reference),
                .number(r.value, style: .reference), .text(r.dimensions, style: .reference),
            ])
        }
        return XLSXSheet(
            name: name,
            rows: rows,
            columns: [
                1: XLSXColumn(width: 10), 2: XLSXColumn(width: 18), 3: XLSXColumn(width: 10), 4: XLSXColumn(width: 12),
                5: XLSXColumn(width: 24),
            ],
            frozenRows: headerRow,
            isProtected: true
        )
    }

    static func instructions(_ text: (Message) -> LocalizedText) -> XLSXSheet {
        let lines = [
            Message("templates.instructions.title"), Message("templates.instructions.sheets"), Message("templates.instructions.rows"),
            Message("templates.instructions.codes"), Message("templates.instructions.blank"), Message("templates.instructions.reference"),
            Message("templates.instructions.upload"),
        ]
        var rows: [[XLSXCell]] = [
            [XLSXCell.text(text(Message("templates.instructions.lao")).both, style: .header), XLSXCell.text("English", style: .header)]
        ]
        for line in lines {
            let entry = text(line)
            rows.append([XLSXCell.text(entry.lo ?? entry.en, style: .note), XLSXCell.text(entry.en, style: .note)])
        }
        return XLSXSheet(
            name: "Instructions",
            rows: rows,
            columns: [1: XLSXColumn(width: 70), 2: XLSXColumn(width: 70)],
            isProtected: true
        )
    }
}

extension LocalizedText {
    /// English and Lao side by side (`Year / ປີ`), English alone when there is no Lao.
    var both: String {
        guard let lo, !lo.isEmpty, lo != en else { return en }
        return "\(en) / \(lo)"
    }
}
