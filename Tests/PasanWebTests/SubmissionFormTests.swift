import Foundation
import PasanDomain
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
                    form([:], files: ["file": .init(filename: "x.csv", data: data)])
                )
            else { return nil }
            return issues.first?.expected.text(in: .en)
        }
        guard case .failure(.noFile) = SubmissionUploadForm.decode(form([:])) else {
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
                )
            )
        else {
            Issue.record("a good file was refused")
            return
        }
        #expect(upload.table.header == ["Year", "SERIES", "GeoCode", "Value"] && upload.version == 2)
    }

    @Test func stepsAndCorrections() {
        #expect(StepForm.decode(form(["step": "approve-statistics", "comment": "fine"])).map(\.step) == .success(.approveStatistics))
        #expect(StepForm.decode(form(["step": "delete"])).problems(in: .lo) == ["ບໍ່ມີຂັ້ນຕອນນີ້."])
        #expect(CorrectionForm.decode(form(["reason": "  "])).problems(in: .en) == ["Give the reason for the correction."])
        #expect(CorrectionForm.decode(form(["reason": "LSIS final report"])).map(\.reason) == .success("LSIS final report"))
    }
}
