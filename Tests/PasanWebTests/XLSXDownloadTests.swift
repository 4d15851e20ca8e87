import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanExchange
import PasanReferenceData
import PasanStorage
import PasanTestSupport
import Testing
import ZIPFoundation

@testable import PasanWeb

/// Issue 12: every CSV download has an XLSX twin with the same content (numbers as number cells,
/// codes and other texts as text cells, never a formula), and the assignments import takes a
/// workbook as it takes a CSV file: all rows or nothing, each problem at its sheet and cell.
///
/// The openpyxl checks run when `PASAN_TEST_PYTHON` names a python with openpyxl (as
/// `XLSXPeerTests`), and are skipped with a note otherwise.
@Suite struct XLSXDownloadTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let peerScript = root.appendingPathComponent("tests/exchange/test_xlsx.py")
    static let workbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    static var python: String? { PeerTools.python }

    /// A downloaded table as its reader sees it: header and rows of text.
    struct Seen: Equatable, CustomStringConvertible {
        var header: [String]
        var rows: [[String]]
        var description: String { ([header] + rows).map { $0.joined(separator: "|") }.joined(separator: "\n") }
    }

    /// A CSV download read by `CSVTable`, without the apostrophe `CSVWriter` puts before a text a
    /// spreadsheet would run as a formula (the workbook holds such a text as it is).
    static func seen(csv text: String) throws -> Seen {
        let table = try CSVTable(text: text, file: "download.csv")
        let unneutralised = table.records.map { record in
            record.fields.map { field in
                field.hasPrefix("'") && field.dropFirst().first.map { "=+-@\t\r".contains($0) } == true ? String(field.dropFirst()) : field
            }
        }
        return Seen(header: table.header, rows: unneutralised)
    }

    /// A workbook download: its only sheet, read by `XLSXReader` and `XLSXTable`.
    static func seen(workbook data: Data) throws -> (Seen, XLSXReadSheet) {
        let document = try XLSXReader.read(data, file: "download.xlsx")
        #expect(document.sheets.count == 1)
        let sheet = try #require(document.sheets.first)
        let table = XLSXTable(sheet, headerRow: 1, file: "download.xlsx")
        #expect(table.problems.isEmpty, "\(table.problems)")
        #expect(table.formulas.isEmpty)
        return (Seen(header: table.header, rows: table.rows.map(\.fields)), sheet)
    }

    /// The text of one part of a zip.
    static func part(_ data: Data, _ path: String) throws -> String {
        let archive = try Archive(data: data, accessMode: .read)
        let entry = try #require(archive[path])
        var bytes = Data()
        _ = try archive.extract(entry, consumer: { bytes.append($0) })
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - The mechanism

    @Test func aTablesNumbersAreNumberCellsAndItsTextsNeverFormulas() throws {
        let texts = ["=1+2", "+SUM(A1)", "@cmd", "-x", "01", "\tTAB", "=HYPERLINK(\"http://x\")", "ພາສາລາວ"]
        let table = TableDownload(
            header: ["code", "Year", "Value"],
            rows: texts.enumerated().map { index, text in
                [
                    .text(text), .numberOrText(String(2015 + index)),
                    .number([-3.5, 0.0000001, 123456789012, 0.1, 18.3, 0, -0.0, 1e15][index]),
                ]
            } + [[.empty, .numberOrText("2015-2017"), .empty]],
            filename: "table",
            sheet: "data",
            title: "Pasan — test"
        )
        // CSV: formulas neutralised, numbers exact without exponents.
        let csv = table.csv
        #expect(
            csv.hasPrefix("code,Year,Value\r\n'=1+2,2015,-3.5\r\n'+SUM(A1),2016,0.0000001\r\n'@cmd,2017,123456789012\r\n'-x,2018,0.1\r\n")
        )
        #expect(csv.hasSuffix(",2015-2017,\r\n"))
        // XLSX: the same values; texts as texts (no formula kept or written), numbers as numbers.
        let data = try XLSXWriter.data(table.workbook)
        let (seen, sheet) = try Self.seen(workbook: data)
        #expect(seen == (try Self.seen(csv: csv)))
        for (index, text) in texts.enumerated() {
            let row = index + 2
            #expect(sheet.cell(column: 1, row: row)?.value == .text(text), "A\(row)")
            #expect(sheet.cell(column: 2, row: row)?.value == .number(Double(2015 + index)), "B\(row)")
            #expect(sheet.cell(column: 3, row: row).map { if case .number = $0.value { true } else { false } } == true, "C\(row)")
        }
        #expect(sheet.cell(column: 3, row: 3)?.value == .number(0.0000001))
        #expect(sheet.cell(column: 2, row: 10)?.value == .text("2015-2017"))
        #expect(sheet.cells.allSatisfy { $0.formula == nil })
        let xml = try Self.part(data, "xl/worksheets/sheet1.xml")
        #expect(!xml.contains("<f>") && !xml.contains("<f "))
        // The header row is bold and frozen; every style is Noto Sans Lao; text columns are formatted as text.
        #expect(xml.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(xml.contains("<c r=\"A1\" s=\"\(XLSXStyle.header.rawValue)\" t=\"s\">"))
        #expect(xml.contains("<col min=\"1\" max=\"1\"") && xml.contains("style=\"\(XLSXStyle.inputText.rawValue)\""))
        let styles = try Self.part(data, "xl/styles.xml")
        #expect(styles.components(separatedBy: "<name val=\"Noto Sans Lao\"/>").count - 1 == 3)
        #expect(!styles.contains("<name val=\"Calibri\"/>"))
    }

    @Test func plainDecimalsBecomeNumbersAndEverythingElseStaysText() {
        for number in ["2024", "0", "-0.5", "18.3", "123456789012"] {
            #expect(TableDownload.Value.numberOrText(number) == .number(Double(number)!), "\(number)")
        }
        for text in ["01", "2015-2017", "1e5", "+1", " 1", "1.", ".5", "inf", "nan", "0x10", "1,000", "-", "--1"] {
            #expect(TableDownload.Value.numberOrText(text) == .text(text), "\(text)")
        }
        #expect(TableDownload.Value.numberOrText("") == .empty)
        #expect(DownloadFormat(path: "/en/admin/gaps.xlsx") == .xlsx)
        #expect(DownloadFormat(path: "/en/admin/gaps.XLSX") == .xlsx)
        #expect(DownloadFormat(path: "/en/admin/gaps.csv") == .csv)
    }

    @Test(
        .enabled(
            if: XLSXDownloadTests.python != nil,
            "PASAN_TEST_PYTHON (a python with openpyxl) is not set: the openpyxl checks are skipped"
        )
    )
    func openpyxlReadsNumbersAsNumbersAndCodesAsText() throws {
        let python = try #require(Self.python)
        let table = TableDownload(
            header: ["GeoCode", "Year", "Value", "COMMENT_OBS"],
            rows: [
                [.text("01"), .numberOrText("2024"), .number(18.3), .text("=1+2")],
                [.text("LA"), .numberOrText("2025"), .number(0.0000001), .text("ພາສາລາວ")],
            ],
            filename: "t",
            sheet: "3.1.2"
        )
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-download-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("t.xlsx")
        try XLSXWriter.data(table.workbook).write(to: file)
        let json = try PeerTools.run(python, [Self.peerScript.path, "dump", file.path])
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let sheet = try #require((seen["sheets"] as? [[String: Any]])?.first)
        #expect(sheet["name"] as? String == "3.1.2")
        #expect(sheet["frozen"] as? String == "A2")
        #expect(sheet["protected"] as? Bool == false)
        #expect(sheet["fonts"] as? [String] == ["Noto Sans Lao"])
        let cells = try #require(sheet["cells"] as? [String: Any])
        #expect(cells["A1"] as? String == "GeoCode")
        #expect(cells["A2"] as? String == "01")
        #expect((cells["B2"] as? NSNumber)?.doubleValue == 2024 && !(cells["B2"] is String))
        #expect((cells["C2"] as? NSNumber)?.doubleValue == 18.3 && !(cells["C2"] is String))
        #expect((cells["C3"] as? NSNumber)?.doubleValue == 0.0000001)
        #expect(cells["D2"] as? String == "=1+2")
        #expect(cells["D3"] as? String == "ພາສາລາວ")
    }

    // MARK: - Every download, both forms

    @Test(arguments: Backend.all)
    func everyCSVDownloadHasAnXLSXTwinWithTheSameContent(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let accounts = AccountRepository(database: database)
            func session(_ email: String) async throws -> TestSession {
                try await TestSession.open(database, userID: try #require(try await accounts.account(email: email)).id)
            }
            let officer = try await session("officer@pasan.demo"), owner = try await session("moh.owner@pasan.demo")
            let cycle = try #require(try await CycleRepository(database: database).all().first { $0.status == .open }?.id)
            let submission = try #require(
                try await SubmissionRepository(database: database).latest(cycleID: cycle, institution: "MOH", indicator: "3.1.2")
            )
            // The address without its extension, the query, who asks, the file's name, the sheet,
            // and the columns that hold numbers.
            let downloads: [(path: String, query: String, session: TestSession?, file: String, sheet: String, numbers: Set<String>)] = [
                ("/en/indicators/18.1.1/data", "", nil, "indicator_18-1-1", "18.1.1", ["Year", "Value"]),
                ("/lo/indicators/18.1.1/data", "?series=_L_LA_180101_00", nil, "indicator_18-1-1", "18.1.1", ["Year", "Value"]),
                ("/en/admin/gaps", "", officer, "pasan-gaps", "gaps", []),
                ("/en/admin/assignments/export", "", officer, "pasan-assignments", "assignments", []),
                (
                    "/en/cycles/\(cycle)/submissions/MOH/3.1.2/export", "", owner, "pasan-\(cycle)-MOH-3.1.2-r\(submission.revision)",
                    "3.1.2",
                    ["Year", "Value"]
                ),
            ]
            try await app.test(.router) { client in
                for download in downloads {
                    let csv = try await get(client, download.path + ".csv" + download.query, session: download.session)
                    let xlsx = try await get(client, download.path + ".xlsx" + download.query, session: download.session)
                    #expect(csv.status == .ok && xlsx.status == .ok, "\(download.path)")
                    #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
                    #expect(xlsx.headers[.contentType] == Self.workbookType)
                    #expect(csv.headers[.contentDisposition] == "attachment; filename=\"\(download.file).csv\"")
                    #expect(xlsx.headers[.contentDisposition] == "attachment; filename=\"\(download.file).xlsx\"")
                    #expect(xlsx.headers[.cacheControl] == "no-store")
                    let fromCSV = try Self.seen(csv: String(buffer: csv.body))
                    let (fromXLSX, sheet) = try Self.seen(workbook: Data(buffer: xlsx.body))
                    #expect(sheet.name == download.sheet)
                    #expect(!fromCSV.rows.isEmpty, "\(download.path) has no rows to compare")
                    #expect(fromXLSX.header == fromCSV.header, "\(download.path)")
                    #expect(fromXLSX.rows == fromCSV.rows, "\(download.path)")
                    // Numbers are number cells; every other value is a text cell.
                    for (index, name) in fromXLSX.header.enumerated() {
                        let cells = sheet.rows.dropFirst().compactMap { $0.cell(index + 1) }
                        for cell in cells {
                            let isNumber = if case .number = cell.value { true } else { false }
                            let expected = download.numbers.contains(name) && TableDownload.Value.isPlainDecimal(cell.text)
                            #expect(isNumber == expected, "\(download.path) \(cell.reference) (\(name)): \(cell.value)")
                        }
                    }
                }
                // Another extension is no download.
                let other = try await get(client, "/en/admin/gaps.pdf", session: officer)
                #expect(other.status == .notFound)
            }
        }
    }

    /// The submission's workbook keeps a comment a spreadsheet would run as a formula as text,
    /// and its sheet, named by the indicator, can be uploaded again as it is.
    @Test func aSubmissionsWorkbookHoldsFormulaLikeCommentsAsText() async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let owner = try await TestSession.open(
                database,
                userID: try #require(try await AccountRepository(database: database).account(email: "moh.owner@pasan.demo")).id
            )
            let cycle = try #require(try await CycleRepository(database: database).all().first { $0.status == .open }?.id)
            let page = "/en/cycles/\(cycle)/submissions/MOH/3.b.1"
            try await app.test(.router) { client in
                let current = String(buffer: try await get(client, page, session: owner).body)
                let upload = try await CycleWebTests.upload(
                    client,
                    page + "/upload",
                    session: owner,
                    csv:
                        "Year,SERIES,COMMENT_OBS,GeoCode,Value\n2022,SH_ACS_DTP3,\"=HYPERLINK(\"\"http://x\"\")\",LA,84\n2023,SH_ACS_DTP3,@SUM(A1),LA,86.5\n",
                    fields: ["version": CycleWebTests.version(current)]
                )
                #expect(upload.status == .seeOther)
                let xlsx = try await get(client, page + "/export.xlsx", session: owner)
                let data = Data(buffer: xlsx.body)
                let (seen, sheet) = try Self.seen(workbook: data)
                let comment = try #require(seen.header.firstIndex(of: "COMMENT_OBS"))
                let value = try #require(seen.header.firstIndex(of: "Value"))
                #expect(Set(seen.rows.map { $0[comment] }) == ["=HYPERLINK(\"http://x\")", "@SUM(A1)"])
                #expect(sheet.cells.allSatisfy { $0.formula == nil })
                #expect(sheet.rows.dropFirst().compactMap { $0.cell(value + 1)?.value } == [.number(84), .number(86.5)])
                let xml = try Self.part(data, "xl/worksheets/sheet1.xml")
                #expect(!xml.contains("<f>") && !xml.contains("<f "))
                // Uploaded again as it is: accepted (the same values).
                let again = try await Self.upload(
                    client,
                    page + "/upload",
                    session: owner,
                    file: "export.xlsx",
                    data: data,
                    fields: ["version": CycleWebTests.version(String(buffer: try await get(client, page, session: owner).body))]
                )
                #expect(again.status == .seeOther, "\(String(buffer: again.body).prefix(3000))")
            }
        }
    }

    // MARK: - The assignments import

    /// A multipart upload of any bytes.
    static func upload(
        _ client: any TestClientProtocol,
        _ uri: String,
        session: TestSession,
        file: String,
        data: Data,
        fields: [String: String] = [:]
    ) async throws -> TestResponse {
        let boundary = "PasanXLSX12"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(session.csrf)\r\n".utf8)
        for (k, v) in fields { body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8) }
        body += Data(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file)\"\r\nContent-Type: \(workbookType)\r\n\r\n"
                .utf8
        )
        body += data + Data("\r\n--\(boundary)--\r\n".utf8)
        return try await client.execute(
            uri: uri,
            method: .post,
            headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: session.cookie],
            body: ByteBuffer(data: body)
        )
    }

    /// A workbook with one sheet of texts.
    static func workbook(_ rows: [[String]], sheet: String = "assignments") throws -> Data {
        try XLSXWriter.data(XLSXWorkbook(sheets: [XLSXSheet(name: sheet, rows: rows.map { $0.map { XLSXCell.text($0) } })]))
    }

    /// Runs the test's assignments import against a fresh database: `body` gets an upload
    /// function and the repository.
    static func withImport(
        _ backend: Backend,
        _ body:
            @escaping @Sendable (_ upload: @Sendable (String, Data) async throws -> TestResponse, AssignmentRepository) async throws -> Void
    ) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let officer = try #require(try await AccountRepository(database: database).account(email: "officer@pasan.demo"))
            let session = try await TestSession.open(database, userID: officer.id)
            try await app.test(.router) { client in
                try await body(
                    { name, data in try await Self.upload(client, "/en/admin/assignments/import", session: session, file: name, data: data)
                    },
                    AssignmentRepository(database: database)
                )
            }
        }
    }

    @Test(arguments: Backend.all)
    func anAssignmentWorkbookImportsEveryRowOrNone(backend: Backend) async throws {
        try await Self.withImport(backend) { upload, repository in
            let before = try await repository.all().count
            let header = ["indicator", "owners", "reporter", "frequency"]
            let bad = try await upload(
                "owners.xlsx",
                try Self.workbook([
                    header, ["6.1.1", "MPWT", "LSB", "annual"], ["99.1.1", "MPWT", "LSB", "annual"],
                    ["6.2.1", "MOH;NOBODY", "LSB", "weekly"],
                ])
            )
            #expect(bad.status == .badRequest)
            let html = String(buffer: bad.body)
            #expect(html.contains("Nothing was imported"))
            for needle in [
                "<td>—</td><td><code>assignments!A3 (indicator)</code></td><td>99.1.1</td>",
                "<code>assignments!B4 (owners)</code>", "<code>assignments!D4 (frequency)</code>", "NOBODY",
            ] {
                #expect(html.contains(needle), "the error list lacks \(needle)")
            }
            #expect(try await repository.all().count == before)
            // Columns missing or unknown are named at the header row.
            let columns = String(
                buffer: try await upload("c.xlsx", try Self.workbook([["indicator", "owners", "colour"], ["6.1.1", "MPWT", "red"]])).body
            )
            #expect(columns.contains("<code>assignments!1:1</code>") && columns.contains("a column reporter"))
            #expect(columns.contains("<code>assignments!C1 (colour)</code>") && columns.contains("known columns: indicator, series"))
            // Not a workbook at all.
            let broken = try await upload("broken.xlsx", Data("PK\u{3}\u{4}not a zip".utf8))
            #expect(broken.status == .badRequest && String(buffer: broken.body).contains("saved as .xlsx"))
            #expect(try await repository.all().count == before)
            // A good workbook: its rows are added, as from a CSV file.
            let good = try await upload(
                "owners.xlsx",
                try Self.workbook([
                    header + ["valid_from", "collection_due"], ["6.1.1", "MPWT", "LSB", "annual", "2025-01-01", "03-31"],
                ])
            )
            #expect(good.status == .seeOther)
            let all = try await repository.all()
            #expect(all.count == before + 1)
            let added = try #require(all.first { $0.indicator == "6.1.1" && $0.validFrom == LocalDate(iso: "2025-01-01") })
            #expect(added.owners == ["MPWT"] && added.reporter == "LSB" && added.collectionDue == DayOfYear("03-31"))
        }
    }

    /// The export, CSV or XLSX, reads back as the same assignments without a problem.
    @Test(arguments: Backend.all)
    func theExportReadsBackAsTheSameAssignments(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let stored = try await AssignmentRepository(database: database).all()
            #expect(!stored.isEmpty)
            func withoutIDs(_ list: [Assignment]) -> [Assignment] {
                list.map {
                    var a = $0; a.id = nil; return a
                }
            }
            for (name, data) in [
                ("export.csv", Data(AssignmentFile.csv(stored).utf8)), ("export.xlsx", try AssignmentFile.workbook(stored)),
            ] {
                let (assignments, problems) = AssignmentFile.read(data, file: name, catalog: state.catalog)
                #expect(problems.isEmpty, "\(name): \(problems.map { "\($0.location ?? "") \($0.expected.text(in: .en))" })")
                #expect(withoutIDs(assignments) == withoutIDs(stored), "\(name)")
            }
        }
    }

    @Test func dateCellsOfTheDateColumnsAreReadAsDays() {
        let header = ["indicator", "owners", "reporter", "valid_from", "collection_due", "note"]
        var sheet = XLSXReadSheet(
            name: "assignments",
            rows: [
                XLSXReadRow(number: 1, cells: header.enumerated().map { XLSXReadCell(column: $0 + 1, row: 1, value: .text($1)) }),
                XLSXReadRow(
                    number: 2,
                    cells: [
                        XLSXReadCell(column: 4, row: 2, value: .number(45658), isDate: true),
                        XLSXReadCell(column: 5, row: 2, value: .number(45747), isDate: true),
                        XLSXReadCell(column: 6, row: 2, value: .number(45658), isDate: true),
                    ]
                ),
            ]
        )
        sheet = AssignmentFile.readingDates(sheet, headerRow: 1, date1904: false)
        #expect(sheet.cell("D2")?.value == .text("2025-01-01") && sheet.cell("D2")?.isDate == false)
        #expect(sheet.cell("E2")?.value == .text("03-31"))
        // Elsewhere a date stays a date, which the table refuses at its cell.
        #expect(sheet.cell("F2")?.isDate == true)
    }

    @Test(
        .enabled(
            if: XLSXDownloadTests.python != nil,
            "PASAN_TEST_PYTHON (a python with openpyxl) is not set: the openpyxl checks are skipped"
        ),
        arguments: Backend.all
    )
    func assignmentWorkbooksMadeByOpenpyxlAreImported(backend: Backend) async throws {
        let python = try #require(Self.python)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-assignments-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Pasan's empty export, filled by openpyxl as a user would.
        let empty = folder.appendingPathComponent("empty.xlsx"), filled = folder.appendingPathComponent("filled.xlsx")
        try AssignmentFile.workbook([]).write(to: empty)
        let cells = #"{"assignments": {"A2": "6.1.1", "E2": "MPWT", "F2": "LSB", "I2": 12, "H2": "Decree", "M2": "annual"}}"#
        _ = try PeerTools.run(python, [Self.peerScript.path, "fill", empty.path, filled.path, cells])
        // A workbook openpyxl builds from nothing, with real dates in the date columns, a title
        // row above the header and another sheet before it.
        let fresh = folder.appendingPathComponent("fresh.xlsx"), faulty = folder.appendingPathComponent("faulty.xlsx")
        let script = """
            import datetime, sys, openpyxl
            book = openpyxl.Workbook()
            book.active.title = "read me"
            book.active["A1"] = "notes"
            sheet = book.create_sheet("Owners 2025")
            sheet.append(["Assignments of 2025"])
            sheet.append(["indicator", "owners", "reporter", "valid_from", "collection_due", "legal_instrument", "legal_date", "note"])
            sheet.append(["6.2.1", "MPWT", "LSB", datetime.date(2025, 1, 1), datetime.date(2025, 3, 31), "Decree", datetime.date(2024, 5, 2), None])
            book.save(sys.argv[1])
            sheet.append(["6.2.1", "MPWT", "LSB", None, None, None, None, datetime.date(2024, 5, 2)])
            sheet["E4"] = "=1/0"
            book.save(sys.argv[2])
            """
        _ = try PeerTools.run(python, ["-c", script, fresh.path, faulty.path])
        try await Self.withImport(backend) { upload, repository in
            let before = try await repository.all().count
            // A faulty one first: a date in a column of text, a formula without a saved value.
            let refused = try await upload("faulty.xlsx", try Data(contentsOf: faulty))
            #expect(refused.status == .badRequest)
            let html = String(buffer: refused.body)
            #expect(html.contains("<code>Owners 2025!H4</code>"), "\(html)")
            #expect(html.contains("<code>Owners 2025!E4</code>"))
            #expect(try await repository.all().count == before)
            for file in [filled, fresh] {
                let response = try await upload(file.lastPathComponent, try Data(contentsOf: file))
                #expect(response.status == .seeOther, "\(file.lastPathComponent): \(String(buffer: response.body).prefix(4000))")
            }
            let all = try await repository.all()
            #expect(all.count == before + 2)
            let decree = try #require(all.first { $0.indicator == "6.1.1" && $0.legalBasis?.instrument == "Decree" })
            #expect(decree.legalBasis?.number == "12" && decree.frequency == .annual)
            let dated = try #require(all.first { $0.indicator == "6.2.1" && $0.validFrom == LocalDate(iso: "2025-01-01") })
            #expect(dated.collectionDue == DayOfYear("03-31") && dated.legalBasis?.date == LocalDate(iso: "2024-05-02"))
        }
    }
}
