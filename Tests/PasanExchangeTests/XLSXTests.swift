import Foundation
import PasanDomain
import Testing
import ZIPFoundation

@testable import PasanExchange

/// Issue 12, part 2: the XLSX writer's workbook reads back as written (texts in Lao, XML's
/// special characters, control characters dropped; numbers exact, without exponents), with its
/// styles, protection, frozen rows, widths and drop-downs in the XML.
@Suite struct XLSXTests {
    /// Lao text, written in the tests as escapes (no Lao letters in Swift files).
    static let lao = "\u{0E9E}\u{0EB2}\u{0EAA}\u{0EB2}\u{0EA5}\u{0EB2}\u{0EA7}"

    /// A template such as Pasan writes: a label row, a code row, rows to fill, a hidden code list.
    static func template() -> XLSXWorkbook {
        let header: [XLSXCell] = ["Year", "SERIES", "SEX", "GeoCode", "Value", "COMMENT_OBS"].map { .text($0, style: .header) }
        let labels: [XLSXCell] = [lao + " / Year", "Series", "Sex", "Area", "Value", "Comment"].map { .text($0, style: .header) }
        var rows: [[XLSXCell]] = [labels, header]
        rows.append([
            .number(2023, style: .reference), .text("SH_STA_BRTC", style: .reference), .text("F", style: .reference),
            .text("LA", style: .reference), .number(18.3, style: .reference), .empty(style: .reference),
        ])
        rows.append([
            .number(2024), .text("SH_STA_BRTC"), .empty(style: .inputText), .text("LA01"), .empty(style: .input), .empty(style: .input),
        ])
        rows.append([
            .number(2024), .text("SH_STA_BRTC"), .empty(style: .inputText), .text("LA02"), .empty(style: .input), .empty(style: .input),
        ])
        let sheet = XLSXSheet(
            name: "3.1.2",
            rows: rows,
            columns: [1: XLSXColumn(width: 8), 5: XLSXColumn(width: 12, style: .input), 6: XLSXColumn(width: 40.5, style: .input)],
            frozenRows: 2,
            isProtected: true,
            validations: [
                XLSXValidation(
                    firstColumn: 3,
                    firstRow: 3,
                    lastRow: 1000,
                    list: .inline(["F", "M", "_T"]),
                    errorTitle: "Sex",
                    errorMessage: "Choose a code of the list: F, M or _T. \"Quotes\" & <brackets>."
                ),
                XLSXValidation(
                    firstColumn: 4,
                    firstRow: 3,
                    lastRow: 1000,
                    list: .range(sheet: "codes", column: 1, firstRow: 1, lastRow: 3),
                    errorTitle: "Area",
                    errorMessage: "An area code of the list",
                    allowsBlank: false
                ),
            ]
        )
        let codes = XLSXSheet(name: "codes", rows: [[.text("LA")], [.text("LA01")], [.text("LA02")]], isHidden: true)
        return XLSXWorkbook(sheets: [sheet, codes], title: "Template 3.1.2")
    }

    /// The text of one part of a written workbook.
    static func part(_ data: Data, _ path: String) throws -> String {
        let archive = try Archive(data: data, accessMode: .read)
        let entry = try #require(archive[path], "no \(path)")
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func textsAndNumbersReadBackAsWritten() throws {
        let texts = [
            Self.lao, "&<>\"'", "a\u{1}b\u{7}c\u{1B}d", "tab\tand\nline", "  spaces kept  ", "_x0041_ stays", "\u{FFFE}gone", "a\r\nb",
            "\u{1F600} \u{0E81}\u{0EB0}",
        ]
        let numbers: [Double] = [0.1, 1e-7, 123456789012, -0.0, 2024, -18.25, 1e21, .leastNonzeroMagnitude]
        var rows: [[XLSXCell]] = texts.map { [.text($0)] }
        rows.append(numbers.map { .number($0) })
        rows.append([.empty(), .empty(style: .input), .text("after empties")])
        rows.append([.number(.nan), .number(.infinity)])
        let workbook = XLSXWorkbook(sheets: [XLSXSheet(name: "Round trip", rows: rows)])
        let data = try XLSXWriter.data(workbook)
        let document = try XLSXReader.read(data, file: "round.xlsx")
        let sheet = try #require(document.sheet(named: "Round trip"))
        #expect(sheet.problems.isEmpty)
        let expected = [
            Self.lao, "&<>\"'", "abcd", "tab\tand\nline", "  spaces kept  ", "_x0041_ stays", "gone", "a\r\nb",
            "\u{1F600} \u{0E81}\u{0EB0}",
        ]
        for (index, text) in expected.enumerated() {
            #expect(sheet.cell(column: 1, row: index + 1)?.value == .text(text), "row \(index + 1)")
        }
        let numberRow = texts.count + 1
        for (index, number) in numbers.enumerated() {
            let cell = try #require(sheet.cell(column: index + 1, row: numberRow))
            #expect(cell.value == .number(number), "\(number)")
            #expect(!cell.isDate)
        }
        #expect(
            sheet.row(numberRow)?.cells.map(\.text)
                == [
                    "0.1", "0.0000001", "123456789012", "0", "2024", "-18.25", "1000000000000000000000",
                    SDMXNumber.format(.leastNonzeroMagnitude),
                ]
        )
        // Empty cells are not cells; a styled empty cell holds nothing either.
        #expect(sheet.cell(column: 1, row: numberRow + 1) == nil)
        #expect(sheet.cell(column: 2, row: numberRow + 1) == nil)
        #expect(sheet.cell(column: 3, row: numberRow + 1)?.value == .text("after empties"))
        #expect(sheet.row(numberRow + 2) == nil)
        // No exponent in the XML.
        let xml = try Self.part(data, "xl/worksheets/sheet1.xml")
        #expect(xml.contains("<v>0.0000001</v>"))
        #expect(!xml.contains("e-"))
        let strings = try Self.part(data, "xl/sharedStrings.xml")
        #expect(strings.contains("&amp;&lt;&gt;&quot;&apos;"))
        #expect(strings.contains("_x005F_x0041_ stays"))
        #expect(strings.contains("a&#13;\nb"))
    }

    @Test func theTemplateHoldsStylesProtectionFrozenRowsWidthsAndDropDowns() throws {
        let data = try XLSXWriter.data(Self.template())
        let sheet = try Self.part(data, "xl/worksheets/sheet1.xml")
        #expect(sheet.contains("<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(sheet.contains("<col min=\"1\" max=\"1\" width=\"8\" customWidth=\"1\"/>"))
        #expect(sheet.contains("<col min=\"6\" max=\"6\" width=\"40.5\" customWidth=\"1\" style=\"2\"/>"))
        #expect(sheet.contains("<sheetProtection sheet=\"1\""))
        #expect(sheet.contains("<dataValidations count=\"2\">"))
        #expect(
            sheet.contains(
                "showErrorMessage=\"1\" errorTitle=\"Sex\" error=\"Choose a code of the list: F, M or _T. &quot;Quotes&quot; &amp; &lt;brackets&gt;.\" sqref=\"C3:C1000\"><formula1>&quot;F,M,_T&quot;</formula1>"
            )
        )
        #expect(sheet.contains("sqref=\"D3:D1000\"><formula1>&apos;codes&apos;!$A$1:$A$3</formula1>"))
        #expect(
            !sheet.contains(
                "type=\"list\" errorStyle=\"stop\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" errorTitle=\"Area\""
            )
        )
        // Schema order: sheetData, sheetProtection, dataValidations, pageMargins.
        let order = ["<sheetViews>", "<cols>", "<sheetData>", "<sheetProtection", "<dataValidations", "<pageMargins"].map {
            sheet.range(of: $0)?.lowerBound
        }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
        // Header and reference cells locked (styles 1 and 4), input cells unlocked (2 and 3).
        #expect(sheet.contains("<c r=\"C4\" s=\"3\"/>"))
        #expect(sheet.contains("<c r=\"E4\" s=\"2\"/>"))
        #expect(sheet.contains("<c r=\"A2\" s=\"1\" t=\"s\">"))
        #expect(sheet.contains("<c r=\"E3\" s=\"4\"><v>18.3</v></c>"))
        let styles = try Self.part(data, "xl/styles.xml")
        #expect(styles.contains("<name val=\"Noto Sans Lao\"/>"))
        #expect(styles.components(separatedBy: "<protection locked=\"0\"/>").count == 3)
        #expect(styles.contains("<font><b/>"))
        let workbook = try Self.part(data, "xl/workbook.xml")
        #expect(workbook.contains("<sheet name=\"codes\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/>"))
        let core = try Self.part(data, "docProps/core.xml")
        #expect(core.contains("<dc:title>Template 3.1.2</dc:title>"))
        #expect(core.contains("<dc:creator>Pasan</dc:creator>"))
        // The same workbook gives the same bytes.
        #expect(try XLSXWriter.data(Self.template()) == data)
    }

    @Test func theTemplateReadsBackAsATidyTable() throws {
        let data = try XLSXWriter.data(Self.template())
        let document = try XLSXReader.read(data, file: "template.xlsx")
        #expect(document.sheets.map(\.name) == ["3.1.2", "codes"])
        #expect(document.sheets.map(\.isHidden) == [false, true])
        let sheet = try #require(document.sheet(named: "3.1.2"))
        #expect(XLSXTable.headerRow(in: sheet, containing: ["Year", "Value"]) == 2)
        let table = XLSXTable(sheet, headerRow: 2, file: "template.xlsx")
        #expect(table.header == ["Year", "SERIES", "SEX", "GeoCode", "Value", "COMMENT_OBS"])
        #expect(table.rows.map(\.line) == [3, 4, 5])
        #expect(table.rows.first?.fields == ["2023", "SH_STA_BRTC", "F", "LA", "18.3", ""])
        #expect(table.rows.last?.fields == ["2024", "SH_STA_BRTC", "", "LA02", "", ""])
        #expect(table.problems.isEmpty)
        #expect(table.location(line: 14, column: "GeoCode") == "3.1.2!D14")
        #expect(table.location(line: 1, column: "Value") == "3.1.2!E2")
        #expect(table.location(line: 14, column: "—") == "3.1.2!14:14")
        let issue = TidyIssue(line: 4, column: "Value", value: "x", expected: Message("imports.tidy.header"))
        #expect(table.location(of: issue) == "3.1.2!E4")
    }

    @Test func theWriterRefusesBadSheetNamesAndLists() throws {
        func error(_ workbook: XLSXWorkbook) -> XLSXWriteError? {
            do {
                _ = try XLSXWriter.data(workbook)
                return nil
            } catch let error as XLSXWriteError {
                return error
            } catch {
                return nil
            }
        }
        #expect(error(XLSXWorkbook()) == .noSheets)
        #expect(error(XLSXWorkbook(sheets: [XLSXSheet(name: "a", isHidden: true)])) == .noVisibleSheet)
        #expect(error(XLSXWorkbook(sheets: [XLSXSheet(name: "a/b")])) == .invalidSheetName("a/b"))
        #expect(error(XLSXWorkbook(sheets: [XLSXSheet(name: String(repeating: "x", count: 32))])) != nil)
        #expect(error(XLSXWorkbook(sheets: [XLSXSheet(name: "Data"), XLSXSheet(name: "DATA")])) == .duplicateSheetName("DATA"))
        let long = (1...100).map { "CODE\($0)" }
        let inline = XLSXValidation(firstColumn: 1, firstRow: 2, lastRow: 9, list: .inline(long), errorTitle: "t", errorMessage: "m")
        #expect(error(XLSXWorkbook(sheets: [XLSXSheet(name: "s", validations: [inline])])) == .inlineListTooLong(sheet: "s"))
        let comma = XLSXValidation(firstColumn: 1, firstRow: 2, lastRow: 9, list: .inline(["a,b"]), errorTitle: "t", errorMessage: "m")
        #expect(error(XLSXWorkbook(sheets: [XLSXSheet(name: "s", validations: [comma])])) == .inlineListTooLong(sheet: "s"))
        let range = XLSXValidation(
            firstColumn: 1,
            firstRow: 2,
            lastRow: 9,
            list: .range(sheet: "nowhere", column: 1, firstRow: 1, lastRow: 2),
            errorTitle: "t",
            errorMessage: "m"
        )
        #expect(error(XLSXWorkbook(sheets: [XLSXSheet(name: "s", validations: [range])])) == .unknownListSheet(sheet: "s", list: "nowhere"))
        #expect(XLSXList.fitsInline(["F", "M", "_T"]))
        #expect(!XLSXList.fitsInline(long))
    }

    @Test func sheetNamesAreMadeValidAndUnique() {
        #expect(XLSXWorkbook.sheetName("3.1.2") == "3.1.2")
        #expect(XLSXWorkbook.sheetName("a/b:c*d?e[f]g\\h") == "a_b_c_d_e_f_g_h")
        #expect(XLSXWorkbook.sheetName("'quoted'") == "quoted")
        #expect(XLSXWorkbook.sheetName("") == "Sheet")
        #expect(XLSXWorkbook.sheetName(String(repeating: "x", count: 40)).count == 31)
        #expect(XLSXWorkbook.sheetName("Data", avoiding: ["data"]) == "Data (2)")
        #expect(XLSXWorkbook.sheetName(String(repeating: "y", count: 31), avoiding: [String(repeating: "y", count: 31)]).hasSuffix(" (2)"))
    }

    @Test func referencesAndPositions() {
        #expect(XLSXReader.reference(column: 4, row: 14) == "D14")
        #expect(XLSXReader.reference(column: 27, row: 1) == "AA1")
        #expect(XLSXReader.reference(column: 16_384, row: 1_048_576) == "XFD1048576")
        for column in [1, 2, 25, 26, 27, 52, 53, 701, 702, 703, 16_384] {
            #expect(XLSXReader.position(of: XLSXReader.reference(column: column, row: 7)).map { [$0.column, $0.row] } == [column, 7])
        }
        #expect(XLSXReader.position(of: "$D$14").map { [$0.column, $0.row] } == [4, 14])
        #expect(XLSXReader.position(of: "d14").map { [$0.column, $0.row] } == [4, 14])
        for bad in ["", "14", "D", "D0", "XFE1", "A1048577", "A1B", "1A", "D-1", "AAAA1"] {
            #expect(XLSXReader.position(of: bad) == nil, "\(bad)")
        }
        #expect(XLSXReader.column(named: "AB") == 28)
        #expect(XLSXRange("B3:A1")?.reference == "A1:B3")
        #expect(XLSXRange("C5")?.reference == "C5")
        #expect(XLSXRange("A1:") == nil)
    }

    @Test func daysAndDateFormats() {
        #expect(XLSXReader.isoDate(serial: 45_658) == "2025-01-01")
        #expect(XLSXReader.isoDate(serial: 1) == "1900-01-01")
        #expect(XLSXReader.isoDate(serial: 60) == "1900-02-29")
        #expect(XLSXReader.isoDate(serial: 61) == "1900-03-01")
        #expect(XLSXReader.isoDate(serial: 2024) == "1905-07-16")
        #expect(XLSXReader.isoDate(serial: 0, date1904: true) == "1904-01-01")
        #expect(XLSXReader.isoDate(serial: -1) == nil)
        #expect(XLSXReader.isDateFormat(id: 14, code: nil))
        #expect(XLSXReader.isDateFormat(id: 22, code: nil))
        #expect(!XLSXReader.isDateFormat(id: 0, code: nil))
        #expect(!XLSXReader.isDateFormat(id: 49, code: nil))
        #expect(XLSXReader.isDateFormat(id: 164, code: "yyyy-mm-dd"))
        #expect(XLSXReader.isDateFormat(id: 165, code: "[$-409]d-mmm-yy;@"))
        #expect(XLSXReader.isDateFormat(id: 166, code: "[h]:mm"))
        #expect(!XLSXReader.isDateFormat(id: 167, code: "0.0\"m\""))
        #expect(!XLSXReader.isDateFormat(id: 168, code: "[Red]#,##0;[Blue]-#,##0"))
        #expect(!XLSXReader.isDateFormat(id: 169, code: "General"))
        #expect(!XLSXReader.isDateFormat(id: 170, code: "0.00E+00"))
        #expect(!XLSXReader.isDateFormat(id: 171, code: "#,##0\\ \\d"))
    }
}
