import Foundation
import PasanDomain
import PasanTestSupport
import Testing

@testable import PasanExchange

/// Issue 12's independent checks of the XLSX path: openpyxl opens Pasan's template and sees its
/// drop-downs, protection and values; LibreOffice converts it to XLSX and to CSV; and Pasan reads
/// the files openpyxl and LibreOffice write, filled with values.
///
/// They run when the tools are there and are skipped with a note otherwise:
/// - `PASAN_TEST_PYTHON`: a python with openpyxl (tests/exchange/requirements-sdmx.txt), which
///   runs tests/exchange/test_xlsx.py;
/// - `PASAN_TEST_SOFFICE`: LibreOffice's `soffice`; when unset, `soffice` is looked up on `PATH`.
@Suite struct XLSXPeerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let script = root.appendingPathComponent("tests/exchange/test_xlsx.py")

    static var python: String? { PeerTools.python }
    static var soffice: String? { PeerTools.soffice }

    static func run(_ program: String, _ arguments: [String]) throws -> String { try PeerTools.run(program, arguments) }

    static func folder() throws -> URL { try PeerTools.folder("xlsx-peer") }

    /// openpyxl's view of a workbook (`test_xlsx.py dump`).
    static func dump(_ python: String, _ file: URL) throws -> [String: Any] {
        let json = try run(python, [script.path, "dump", file.path])
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test(
        .enabled(if: XLSXPeerTests.python != nil, "PASAN_TEST_PYTHON (a python with openpyxl) is not set: the openpyxl checks are skipped")
    )
    func openpyxlSeesTheTemplatesDropDownsProtectionAndValues() throws {
        let python = try #require(Self.python)
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("template.xlsx")
        try XLSXWriter.data(XLSXTests.template()).write(to: file)
        let seen = try Self.dump(python, file)
        #expect(seen["title"] as? String == "Template 3.1.2")
        #expect(seen["creator"] as? String == "Pasan")
        let sheets = try #require(seen["sheets"] as? [[String: Any]])
        #expect(sheets.map { $0["name"] as? String } == ["3.1.2", "codes"])
        #expect(sheets.map { $0["state"] as? String } == ["visible", "hidden"])
        let sheet = sheets[0]
        #expect(sheet["protected"] as? Bool == true)
        #expect(sheet["frozen"] as? String == "A3")
        #expect(sheet["fonts"] as? [String] == ["Noto Sans Lao"])
        let widths = try #require(sheet["widths"] as? [String: Double])
        #expect(widths["A"] == 8)
        #expect(widths["F"] == 40.5)
        let validations = try #require(sheet["validations"] as? [[String: Any]])
        #expect(validations.count == 2)
        #expect(validations.map { $0["type"] as? String } == ["list", "list"])
        #expect(validations.map { $0["sqref"] as? String } == ["C3:C1000", "D3:D1000"])
        #expect(validations.map { $0["formula1"] as? String } == ["\"F,M,_T\"", "'codes'!$A$1:$A$3"])
        #expect(validations.map { $0["showErrorMessage"] as? Bool } == [true, true])
        #expect(validations.map { $0["allowBlank"] as? Bool } == [true, false])
        #expect(validations.map { $0["errorTitle"] as? String } == ["Sex", "Area"])
        #expect(validations.first?["error"] as? String == "Choose a code of the list: F, M or _T. \"Quotes\" & <brackets>.")
        let cells = try #require(sheet["cells"] as? [String: Any])
        #expect(cells["A1"] as? String == XLSXTests.lao + " / Year")
        #expect(cells["E2"] as? String == "Value")
        #expect((cells["A3"] as? NSNumber)?.doubleValue == 2023)
        #expect((cells["E3"] as? NSNumber)?.doubleValue == 18.3)
        let locked = try #require(sheet["locked"] as? [String: Bool])
        #expect(locked["A2"] == true)
        #expect(locked["E3"] == true)
        #expect(locked["E4"] == false)
        #expect(locked["C4"] == false)
    }

    @Test(
        .enabled(if: XLSXPeerTests.python != nil, "PASAN_TEST_PYTHON (a python with openpyxl) is not set: the openpyxl checks are skipped")
    )
    func aTemplateFilledWithOpenpyxlIsRead() throws {
        let python = try #require(Self.python)
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let template = folder.appendingPathComponent("template.xlsx")
        let filled = folder.appendingPathComponent("filled.xlsx")
        try XLSXWriter.data(XLSXTests.template()).write(to: template)
        let cells = #"{"3.1.2": {"C4": "F", "E4": 0.1, "C5": "M", "E5": 123456789012, "F5": "\u0e9e & <ok>"}}"#
        _ = try Self.run(python, [Self.script.path, "fill", template.path, filled.path, cells])
        let document = try XLSXReader.read(try Data(contentsOf: filled), file: "filled.xlsx")
        let sheet = try #require(document.sheet(named: "3.1.2"))
        let table = XLSXTable(sheet, headerRow: 2, file: "filled.xlsx")
        #expect(table.problems.isEmpty)
        #expect(
            table.rows.map(\.fields) == [
                ["2023", "SH_STA_BRTC", "F", "LA", "18.3", ""],
                ["2024", "SH_STA_BRTC", "F", "LA01", "0.1", ""],
                ["2024", "SH_STA_BRTC", "M", "LA02", "123456789012", "\u{0E9E} & <ok>"],
            ]
        )
    }

    @Test(
        .enabled(if: XLSXPeerTests.python != nil, "PASAN_TEST_PYTHON (a python with openpyxl) is not set: the openpyxl checks are skipped")
    )
    func aWorkbookOpenpyxlBuildsIsRead() throws {
        let python = try #require(Self.python)
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("fresh.xlsx")
        _ = try Self.run(python, [Self.script.path, "fresh", file.path])
        let document = try XLSXReader.read(try Data(contentsOf: file), file: "fresh.xlsx")
        #expect(document.sheets.map(\.name) == ["3.1.2", "notes"])
        #expect(
            document.sheet(named: "notes")?.cell("A1")?.value == .text("\u{0E9E}\u{0EB2}\u{0EAA}\u{0EB2}\u{0EA5}\u{0EB2}\u{0EA7} & <ok>")
        )
        let sheet = try #require(document.sheet(named: "3.1.2"))
        #expect(sheet.mergedRanges.map(\.reference) == ["B6:C6"])
        #expect(sheet.cell("A5")?.isDate == true)
        // openpyxl saves a formula without a result: Pasan says so rather than calculate it.
        #expect(sheet.problems.map(\.location) == ["3.1.2!E4"])
        #expect(sheet.problems.map(\.expected.key) == ["xlsx.cell.formulaWithoutValue"])
        let table = XLSXTable(sheet, headerRow: 1, file: "fresh.xlsx")
        #expect(table.rows.first?.fields == ["2023", "SH_STA_BRTC", "F", "LA", "18.3"])
        #expect(Set(table.problems.map(\.location)) == ["3.1.2!E4", "3.1.2!A5", "3.1.2!B6"])
    }

    @Test(
        .enabled(
            if: XLSXPeerTests.soffice != nil,
            "soffice (LibreOffice Calc) is not on PATH nor in PASAN_TEST_SOFFICE: the LibreOffice checks are skipped"
        )
    )
    func libreOfficeConvertsTheTemplateAndPasanReadsItsFile() throws {
        let soffice = try #require(Self.soffice)
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("in/template.xlsx")
        try FileManager.default.createDirectory(at: source.deletingLastPathComponent(), withIntermediateDirectories: true)
        try XLSXWriter.data(XLSXTests.template()).write(to: source)
        let profile = "-env:UserInstallation=file://\(folder.path)/profile"
        let out = folder.appendingPathComponent("out")
        _ = try Self.run(soffice, [profile, "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", out.path, source.path])
        _ = try Self.run(
            soffice,
            [
                profile, "--headless", "--norestore", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", out.path,
                source.path,
            ]
        )
        // LibreOffice's XLSX: the same sheets, values and drop-downs.
        let converted = try Data(contentsOf: out.appendingPathComponent("template.xlsx"))
        let document = try XLSXReader.read(converted, file: "libreoffice.xlsx")
        #expect(document.sheets.map(\.name) == ["3.1.2", "codes"])
        #expect(document.sheets.map(\.isHidden) == [false, true])
        let sheet = try #require(document.sheet(named: "3.1.2"))
        #expect(sheet.cell("A1")?.value == .text(XLSXTests.lao + " / Year"))
        let table = XLSXTable(sheet, headerRow: 2, file: "libreoffice.xlsx")
        #expect(table.problems.isEmpty)
        #expect(table.header == ["Year", "SERIES", "SEX", "GeoCode", "Value", "COMMENT_OBS"])
        #expect(
            table.rows.map(\.fields) == [
                ["2023", "SH_STA_BRTC", "F", "LA", "18.3", ""],
                ["2024", "SH_STA_BRTC", "", "LA01", "", ""],
                ["2024", "SH_STA_BRTC", "", "LA02", "", ""],
            ]
        )
        let xml = try XLSXTests.part(converted, "xl/worksheets/sheet1.xml")
        #expect(xml.contains("type=\"list\""))
        #expect(xml.contains("&quot;F,M,_T&quot;") || xml.contains("\"F,M,_T\""))
        #expect(xml.contains("<sheetProtection"))
        // LibreOffice's CSV of the first sheet.
        let csv = String(decoding: try Data(contentsOf: out.appendingPathComponent("template.csv")), as: UTF8.self)
        // LibreOffice quotes the texts.
        let lines = csv.split(whereSeparator: \.isNewline).map { $0.replacingOccurrences(of: "\"", with: "") }
        #expect(lines.count == 5)
        #expect(lines.first?.hasPrefix(XLSXTests.lao + " / Year,") == true)
        #expect(lines[1] == "Year,SERIES,SEX,GeoCode,Value,COMMENT_OBS")
        #expect(lines[2] == "2023,SH_STA_BRTC,F,LA,18.3,")
    }
}
