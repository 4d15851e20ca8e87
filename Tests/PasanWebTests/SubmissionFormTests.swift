import Foundation
import PasanDomain
import PasanExchange
import PasanMessages
import Testing

@testable import PasanWeb

/// Issue 9, typed forms: the submission forms decode in one place, with the messages the page shows.
@Suite struct SubmissionFormTests {
    func form(_ fields: [String: String], files: [String: FormData.File] = [:]) -> FormData {
        var form = FormData()
        form.fields = fields
        form.files = files
        return form
    }

    @Test func gridCellsBecomeTidyRowsWithTheirLabels() {
        let grid = SubmissionGridForm(
            form(["v~SH_ACS_DTP3~LA~~2022": " 85 ", "v~SH_ACS_DTP3~01~SEX=F~2023": "86.5", "v~bad": "1", "version": "3", "comment": "ok"])
        )
        #expect(grid.rows.count == 2)
        // Trimmed, in field-name order; a malformed field name is no cell.
        #expect(grid.rows.contains { $0.fields.first == "2022" && $0.fields.last == "85" })
        #expect(grid.cells.values.contains("SH_ACS_DTP3 · 01 · SEX=F · 2023"))
        #expect(grid.version == 3 && grid.comment == "ok")
    }

    @Test func uploadsThatCannotBeReadAreRefusedAtTheFile() {
        func refusal(_ data: Data) -> String? {
            guard
                case .failure(.unreadable(let issues)) = SubmissionUploadForm.decode(
                    form([:], files: ["file": .init(filename: "x.csv", data: data)]),
                    indicator: "3.1.2"
                )
            else { return nil }
            return issues.first?.expected.text(in: .en)
        }
        guard case .failure(.noFile) = SubmissionUploadForm.decode(form([:]), indicator: "3.1.2") else {
            Issue.record("a missing file was not refused")
            return
        }
        #expect(refusal(Data())?.contains("empty") == true)
        #expect(refusal(Data([0xFF, 0xFE, 0x00]))?.contains("UTF-8") == true)
        #expect(refusal(Data("Year;SERIES;Value\n2022;X;1\n".utf8))?.contains("semicolons") == true)
        guard
            case .success(let upload) = SubmissionUploadForm.decode(
                form(
                    ["version": "2"],
                    files: ["file": .init(filename: "x.csv", data: Data("Year,SERIES,GeoCode,Value\n2022,X,LA,1\n".utf8))]
                ),
                indicator: "3.1.2"
            )
        else {
            Issue.record("a good file was refused")
            return
        }
        #expect(upload.header == ["Year", "SERIES", "GeoCode", "Value"] && upload.version == 2)
    }

    /// A workbook: the indicator's sheet of Pasan's template is read below its row of codes,
    /// numbers as written, and a row's problem is located at its sheet and cell.
    @Test func aWorkbookIsReadFromTheIndicatorsSheet() throws {
        let template = SubmissionTemplate(
            indicator: "3.1.2",
            header: ["Year", "SERIES", "UNIT_MEASURE", "GeoCode", "Value"],
            rows: [["2024", "SH_STA_BRTC", "PT", "LA", ""], ["2024", "SH_STA_BRTC", "PT", "01", ""]],
            allowedCodes: ["GeoCode": ["01", "LA"]],
            reference: []
        )
        var book = SubmissionWorkbook.workbook([template], title: "test", text: { MessageCatalogue.shipped.localized($0) })
        let sheet = try #require(book.sheets.firstIndex { $0.name == "3.1.2" })
        book.sheets[sheet].rows[2][4] = .number(86.5, style: .input)
        book.sheets[sheet].rows[3][4] = .number(71.25, style: .input)
        let data = try XLSXWriter.data(book)
        guard
            case .success(let upload) = SubmissionUploadForm.decode(
                form([:], files: ["file": .init(filename: "request.xlsx", data: data)]),
                indicator: "3.1.2"
            )
        else {
            Issue.record("Pasan's own template was refused")
            return
        }
        #expect(upload.header == ["Year", "SERIES", "UNIT_MEASURE", "GeoCode", "Value"])
        #expect(upload.rows.map(\.line) == [3, 4])
        #expect(upload.rows.map { $0.fields.last } == ["86.5", "71.25"])
        #expect(upload.rows[1].fields[3] == "01")
        let locate = try #require(upload.locate)
        let located = locate(TidyIssue(line: 4, column: "Value", value: "71.25", expected: Message("imports.tidy.year")))
        #expect(located.column.hasPrefix("3.1.2!E4") && located.line == 0)
        // Another indicator's sheet is not there, and the one data sheet is 3.1.2's: it is read.
        guard
            case .success = SubmissionUploadForm.decode(
                form([:], files: ["file": .init(filename: "r.xlsx", data: data)]),
                indicator: "1.2.1"
            )
        else {
            Issue.record("the only data sheet was not read")
            return
        }
        // A file that only looks like a workbook is refused at the file.
        guard
            case .failure(.unreadable(let issues)) = SubmissionUploadForm.decode(
                form([:], files: ["file": .init(filename: "broken.xlsx", data: Data("PK\u{3}\u{4}not a zip".utf8))]),
                indicator: "3.1.2"
            )
        else {
            Issue.record("a broken workbook was not refused")
            return
        }
        #expect(!issues.isEmpty)
    }

    @Test func stepsAndCorrections() {
        #expect(StepForm.decode(form(["step": "approve-statistics", "comment": "fine"])).map(\.step) == .success(.approveStatistics))
        #expect(StepForm.decode(form(["step": "delete"])).problems(in: .lo) == ["ບໍ່ມີຂັ້ນຕອນນີ້."])
        #expect(CorrectionForm.decode(form(["reason": "  "])).problems(in: .en) == ["Give the reason for the correction."])
        #expect(CorrectionForm.decode(form(["reason": "LSIS final report"])).map(\.reason) == .success("LSIS final report"))
    }
}
