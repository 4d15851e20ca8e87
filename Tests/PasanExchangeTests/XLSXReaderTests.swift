import Foundation
import PasanDomain
import Testing
import ZIPFoundation

@testable import PasanExchange

/// Issue 12, "what bad input gets", for XLSX uploads: workbooks built here part by part (as other
/// programs write them, or as an attacker would) are read safely, and each problem names the
/// file, the sheet and the cell.
@Suite struct XLSXReaderTests {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A zip of `parts`, deflated.
    static func zip(_ parts: [(String, Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, bytes) in parts {
            try archive.addEntry(
                with: path,
                type: .file,
                uncompressedSize: Int64(bytes.count),
                compressionMethod: .deflate,
                provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
            )
        }
        return try #require(archive.data)
    }

    /// A workbook of `sheets` (name, the worksheet's XML), their parts named `xl/worksheets/
    /// data-N.xml` with relationship ids `rIdSheetN` (not the names Excel gives); `omit` leaves
    /// parts out, `listed` adds sheets that workbook.xml names with their relationship id.
    static func workbook(
        _ sheets: [(name: String, xml: String)],
        sharedStrings: String? = nil,
        styles: String? = nil,
        listed: [(name: String, id: String)] = [],
        omit: Set<String> = []
    ) throws -> Data {
        var parts: [(String, Data)] = []
        func add(_ path: String, _ text: String) {
            if !omit.contains(path) { parts.append((path, Data(text.utf8))) }
        }
        add(
            "[Content_Types].xml",
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
        )
        add(
            "_rels/.rels",
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(relationships)/officeDocument\" Target=\"/xl/workbook.xml\"/></Relationships>"
        )
        var list = ""
        var rels = ""
        for (index, sheet) in sheets.enumerated() {
            list += "<sheet name=\"\(sheet.name)\" sheetId=\"\(index + 1)\" r:id=\"rIdSheet\(index + 1)\"/>"
            rels +=
                "<Relationship Id=\"rIdSheet\(index + 1)\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/data-\(index + 1).xml\"/>"
            add("xl/worksheets/data-\(index + 1).xml", sheet.xml)
        }
        for sheet in listed { list += "<sheet name=\"\(sheet.name)\" sheetId=\"99\" r:id=\"\(sheet.id)\"/>" }
        rels += "<Relationship Id=\"rIdGone\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/gone.xml\"/>"
        if let sharedStrings {
            rels += "<Relationship Id=\"rIdS\" Type=\"\(relationships)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            add("xl/sharedStrings.xml", sharedStrings)
        }
        if let styles {
            rels += "<Relationship Id=\"rIdT\" Type=\"\(relationships)/styles\" Target=\"./styles.xml\"/>"
            add("xl/styles.xml", styles)
        }
        add("xl/workbook.xml", "<workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\"><sheets>\(list)</sheets></workbook>")
        add(
            "xl/_rels/workbook.xml.rels",
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)</Relationships>"
        )
        return try zip(parts)
    }

    static func sheet(_ data: String, after: String = "") -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"\(main)\"><sheetData>\(data)</sheetData>\(after)</worksheet>"
    }

    /// The problems `read` throws (none when it read the workbook).
    static func thrown(_ data: Data, limits: XLSXReader.Limits = .pasanDefault) -> [ExchangeProblem] {
        do {
            _ = try XLSXReader.read(data, file: "upload.xlsx", limits: limits)
            return []
        } catch let error as ExchangeProblems {
            return error.problems
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }

    @Test func cellsWithoutReferencesFollowThePreviousOneAndRichTextIsJoined() throws {
        let strings =
            "<sst xmlns=\"\(Self.main)\"><si><t>Year</t></si><si><r><t>Va</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">lue </t></r><rPh><t>PHONETIC</t></rPh></si><si><t>a_x000D_b</t></si></sst>"
        let data = try Self.workbook(
            [
                (
                    "Data",
                    Self.sheet(
                        "<row r=\"2\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c></row>"
                            + "<row><c><v>2024</v></c><c r=\"D3\" t=\"inlineStr\"><is><r><t>in</t></r><r><t>line</t></r></is></c><c t=\"b\"><v>1</v></c><c t=\"s\"><v>2</v></c></row>"
                    )
                )
            ],
            sharedStrings: strings
        )
        let document = try XLSXReader.read(data, file: "upload.xlsx")
        let sheet = try #require(document.sheet(named: "data"))
        #expect(sheet.problems.isEmpty)
        #expect(sheet.cell("A2")?.value == .text("Year"))
        #expect(sheet.cell("B2")?.value == .text("Value "))
        #expect(sheet.cell("A3")?.value == .number(2024))
        #expect(sheet.cell("D3")?.value == .text("inline"))
        #expect(sheet.cell("E3")?.value == .boolean(true))
        #expect(sheet.cell("F3")?.value == .text("a\rb"))
        #expect(sheet.rows.map(\.number) == [2, 3])
    }

    @Test func aDoctypeIsRefusedBeforeParsing() throws {
        let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
        let inSheet = try Self.workbook([
            (
                "Data",
                xxe
                    + "<worksheet xmlns=\"\(Self.main)\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"
            )
        ])
        let problems = Self.thrown(inSheet)
        #expect(problems.map(\.expected.key) == ["exchange.xml.noDoctype"])
        #expect(problems.first?.location == "xl/worksheets/data-1.xml")
        #expect(problems.first?.line == 2)
        // A billion laughs in the shared strings.
        let laughs =
            "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><sst xmlns=\"\(Self.main)\"><si><t>&b;</t></si></sst>"
        let inStrings = try Self.workbook([("Data", Self.sheet(""))], sharedStrings: laughs)
        #expect(Self.thrown(inStrings).map(\.expected.key) == ["exchange.xml.noDoctype"])
    }

    @Test func aZipBombIsStoppedWhileInflating() throws {
        // 40 MB of one repeated cell packs to about 100 KB: far beyond 250 times its packed size.
        let row = "<row><c><v>0</v></c></row>"
        let bomb = Self.sheet(String(repeating: row, count: 40_000_000 / row.utf8.count))
        let data = try Self.workbook([("Data", bomb)])
        #expect(data.count < 1_000_000)
        let problems = Self.thrown(data)
        #expect(problems.map(\.expected.key) == ["xlsx.zip.ratio"])
        #expect(problems.first?.location == "xl/worksheets/data-1.xml")
        // The total of all parts inflated is bounded too.
        var limits = XLSXReader.Limits.pasanDefault
        limits.maximumInflatedBytes = 10_000
        limits.maximumRatio = 10_000
        let total = Self.thrown(data, limits: limits)
        #expect(total.map(\.expected.key) == ["xlsx.zip.tooLarge"])
    }

    @Test func aFileOver50MBOrNotAZipIsRefused() throws {
        #expect(XLSXReader.Limits.pasanDefault.maximumFileBytes == 50 * 1024 * 1024)
        let large = Self.thrown(Data(count: 50 * 1024 * 1024 + 1))
        #expect(large.map(\.expected.key) == ["xlsx.file.tooLarge"])
        #expect(large.first?.expected.arguments["megabytes"] == .text("50"))
        #expect(Self.thrown(Data("Year,Value\n2024,1\n".utf8)).map(\.expected.key) == ["xlsx.file.notWorkbook"])
        let notWorkbook = try Self.zip([("word/document.xml", Data("<w/>".utf8))])
        #expect(Self.thrown(notWorkbook).map(\.expected.key) == ["xlsx.file.notWorkbook"])
        var limits = XLSXReader.Limits.pasanDefault
        limits.maximumEntries = 3
        let data = try Self.workbook([("Data", Self.sheet(""))])
        #expect(Self.thrown(data, limits: limits).map(\.expected.key) == ["xlsx.zip.tooManyEntries"])
    }

    @Test func aSharedStringOutOfRangeIsAProblemOfItsCell() throws {
        let strings = "<sst xmlns=\"\(Self.main)\"><si><t>only</t></si></sst>"
        let data = try Self.workbook(
            [
                (
                    "3.1.2",
                    Self.sheet(
                        "<row r=\"14\"><c r=\"C14\" t=\"s\"><v>0</v></c><c r=\"D14\" t=\"s\"><v>7</v></c><c r=\"E14\"><v>abc</v></c></row>"
                    )
                )
            ],
            sharedStrings: strings
        )
        let sheet = try #require(try XLSXReader.read(data, file: "upload.xlsx").sheets.first)
        #expect(sheet.cell("C14")?.value == .text("only"))
        #expect(sheet.cell("D14") == nil)
        #expect(sheet.problems.map(\.location) == ["3.1.2!D14", "3.1.2!E14"])
        #expect(sheet.problems.map(\.expected.key) == ["xlsx.cell.sharedString", "xlsx.cell.number"])
        #expect(sheet.problems.first?.found == "7")
        #expect(sheet.problems.first?.file == "upload.xlsx")
        #expect(sheet.problems.first?.expected.arguments["count"] == .number(1))
        // The table carries the sheet's problems (and here says C14 has no header above it).
        let table = XLSXTable(sheet, headerRow: 1, file: "upload.xlsx")
        #expect(table.problems.map(\.location) == ["3.1.2!D14", "3.1.2!E14", "3.1.2!C14"])
    }

    @Test func aFormulaGivesItsSavedValueAndIsNeverEvaluated() throws {
        let data = try Self.workbook([
            (
                "Data",
                Self.sheet(
                    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Value</t></is></c></row>"
                        + "<row r=\"2\"><c r=\"A2\"><f>1+1</f><v>42</v></c></row>"
                        + "<row r=\"3\"><c r=\"A3\" t=\"str\"><f>\"a\"&amp;\"b\"</f><v>ab</v></c></row>"
                        + "<row r=\"4\"><c r=\"A4\"><f>A2*2</f></c></row>"
                        + "<row r=\"5\"><c r=\"A5\" t=\"e\"><f>NA()</f><v>#N/A</v></c></row>"
                )
            )
        ])
        let sheet = try #require(try XLSXReader.read(data, file: "upload.xlsx").sheets.first)
        #expect(sheet.cell("A2") == XLSXReadCell(column: 1, row: 2, value: .number(42), formula: "1+1"))
        #expect(sheet.cell("A3")?.value == .text("ab"))
        #expect(sheet.cell("A4") == nil)
        #expect(sheet.cell("A5")?.value == .error("#N/A"))
        #expect(sheet.problems.map(\.location) == ["Data!A4"])
        #expect(sheet.problems.map(\.expected.key) == ["xlsx.cell.formulaWithoutValue"])
        #expect(sheet.problems.first?.found == "=A2*2")
        let table = XLSXTable(sheet, headerRow: 1, file: "upload.xlsx")
        #expect(table.rows.map(\.fields) == [["42"], ["ab"], ["#N/A"]])
        #expect(table.formulas == ["Data!A2", "Data!A3", "Data!A5"])
        #expect(table.problems.map(\.location) == ["Data!A4", "Data!A5"])
        #expect(table.problems.map(\.expected.key) == ["xlsx.cell.formulaWithoutValue", "xlsx.cell.error"])
    }

    @Test func mergedRangesAreReportedAndRefusedInTheTable() throws {
        let data = try Self.workbook([
            (
                "Data",
                Self.sheet(
                    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Title</t></is></c></row>"
                        + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Year</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>Value</t></is></c></row>"
                        + "<row r=\"3\"><c r=\"A3\"><v>2024</v></c><c r=\"B3\"><v>1</v></c></row>",
                    after: "<mergeCells count=\"2\"><mergeCell ref=\"A1:B1\"/><mergeCell ref=\"A3:B3\"/></mergeCells>"
                )
            )
        ])
        let sheet = try #require(try XLSXReader.read(data, file: "upload.xlsx").sheets.first)
        #expect(sheet.mergedRanges.map(\.reference) == ["A1:B1", "A3:B3"])
        let table = XLSXTable(sheet, headerRow: 2, file: "upload.xlsx")
        // The title's merge above the header is fine; the one in the data is not.
        #expect(table.problems.map(\.location) == ["Data!A3"])
        #expect(table.problems.first?.expected == Message("xlsx.table.merged", ["range": .text("A3:B3")]))
    }

    @Test func aDateFormattedNumberIsFlagged() throws {
        let styles = """
            <styleSheet xmlns="\(Self.main)"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>\
            <numFmt numFmtId="165" formatCode="0.0&quot;m&quot;"/></numFmts>\
            <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>
            """
        let data = try Self.workbook(
            [
                (
                    "Data",
                    Self.sheet(
                        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Year</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>Value</t></is></c></row>"
                            + "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>45658</v></c><c r=\"B2\" s=\"3\"><v>1.5</v></c></row>"
                            + "<row r=\"3\"><c r=\"A3\" s=\"2\"><v>2024</v></c><c r=\"B3\" s=\"0\"><v>2</v></c></row>"
                    )
                )
            ],
            styles: styles
        )
        let sheet = try #require(try XLSXReader.read(data, file: "upload.xlsx").sheets.first)
        #expect(sheet.cell("A2")?.isDate == true)
        #expect(sheet.cell("A2")?.value == .number(45_658))
        #expect(sheet.cell("A3")?.isDate == true)
        #expect(sheet.cell("B2")?.isDate == false)
        #expect(sheet.cell("B3")?.isDate == false)
        let table = XLSXTable(sheet, headerRow: 1, file: "upload.xlsx")
        #expect(table.rows.map(\.fields) == [["45658", "1.5"], ["2024", "2"]])
        #expect(table.problems.map(\.location) == ["Data!A2", "Data!A3"])
        #expect(table.problems.map(\.found) == ["2025-01-01 (45658)", "1905-07-16 (2024)"])
        #expect(table.problems.first?.expected == Message("xlsx.cell.date", ["serial": .text("45658")]))
    }

    @Test func aSheetNamedButMissingIsRefused() throws {
        let data = try Self.workbook(
            [("Data", Self.sheet(""))],
            listed: [("Renamed part", "rIdGone"), ("No relationship", "rIdNowhere")]
        )
        let problems = Self.thrown(data)
        #expect(problems.map(\.expected.key) == ["xlsx.sheet.missing", "xlsx.sheet.missing"])
        #expect(problems.map(\.location) == ["Renamed part", "No relationship"])
        #expect(problems.first?.found == "xl/worksheets/gone.xml")
        #expect(problems.first?.expected.arguments["sheet"] == .text("Renamed part"))
        // Reading only the sheets asked for skips the broken ones.
        let document = try XLSXReader.read(data, file: "upload.xlsx", sheets: ["Data"])
        #expect(document.sheets.map(\.name) == ["Data"])
        // No workbook part at all.
        let noWorkbook = try Self.workbook([("Data", Self.sheet(""))], omit: ["xl/workbook.xml"])
        #expect(Self.thrown(noWorkbook).map(\.expected.key) == ["xlsx.file.notWorkbook"])
    }

    @Test func badReferencesAndBrokenXMLAreLocated() throws {
        let data = try Self.workbook([("Data", Self.sheet("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c><c r=\"B1\"><v>2</v></c></row>"))])
        let sheet = try #require(try XLSXReader.read(data, file: "upload.xlsx").sheets.first)
        #expect(sheet.problems.map(\.location) == ["Data!XFE1"])
        #expect(sheet.problems.map(\.expected.key) == ["xlsx.cell.reference"])
        #expect(sheet.cell("B1")?.value == .number(2))
        let broken = try Self.workbook([("Data", "<worksheet xmlns=\"\(Self.main)\"><sheetData><row>")])
        #expect(Self.thrown(broken).map(\.expected.key) == ["exchange.xml.wellFormed"])
        let deep = try Self.workbook([("Data", String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100))])
        #expect(Self.thrown(deep).map(\.expected.key) == ["exchange.xml.tooDeep"])
    }

    @Test func aHeaderCanBeFoundBelowALabelRowAndEmptyRowsAreSkipped() throws {
        let data = try Self.workbook([
            (
                "Data",
                Self.sheet(
                    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Labels</t></is></c></row>"
                        + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t> Year </t></is></c><c r=\"C2\" t=\"inlineStr\"><is><t>Value</t></is></c></row>"
                        + "<row r=\"3\"><c r=\"A3\"><v>2024</v></c><c r=\"C3\"><v>1E-7</v></c></row>"
                        + "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>  </t></is></c></row>"
                        + "<row r=\"5\"><c r=\"B5\" t=\"inlineStr\"><is><t>stray</t></is></c><c r=\"C5\"><v>123456789012</v></c></row>"
                )
            )
        ])
        let sheet = try #require(try XLSXReader.read(data, file: "upload.xlsx").sheets.first)
        let row = try #require(XLSXTable.headerRow(in: sheet, containing: ["Year", "Value"]))
        #expect(row == 2)
        let table = XLSXTable(sheet, headerRow: row, file: "upload.xlsx")
        #expect(table.header == ["Year", "Value"])
        #expect(table.columns == [1, 3])
        #expect(table.rows.map(\.line) == [3, 5])
        #expect(table.rows.map(\.fields) == [["2024", "0.0000001"], ["", "123456789012"]])
        #expect(table.problems.map(\.location) == ["Data!B5"])
        #expect(table.problems.first?.expected == Message("xlsx.table.noHeader", ["row": .number(2)]))
        #expect(table.location(line: 5, column: "Value") == "Data!C5")
    }

    @Test func aSheetOver10MBIsRead() throws {
        // Foundation's XML parser stops at 10 MB on Linux; a 100,000-row upload is about 30 MB.
        // Rows that differ, as real ones do (identical rows pack beyond the zip-bomb ratio).
        let rows = (1...110_000).map { n in
            "<row><c><v>\(2000 + n % 25)</v></c><c t=\"inlineStr\"><is><t>SH_STA_BRTC &amp; \(n)</t></is></c><c><v>\(Double(n) / 8)</v></c></row>\n"
        }
        let data = try Self.workbook([("Data", Self.sheet(rows.joined()))])
        let sheet = try #require(try XLSXReader.read(data, file: "upload.xlsx").sheets.first)
        #expect(sheet.problems.isEmpty)
        #expect(sheet.rows.count == 110_000)
        #expect(sheet.cell("B110000")?.value == .text("SH_STA_BRTC & 110000"))
        #expect(sheet.cell("C110000")?.value == .number(13_750))
    }

    @Test func theScannerReadsWhatSpreadsheetsWriteAndRefusesBrokenXML() throws {
        final class Recorder: XMLScanHandler {
            var events: [String] = []
            func start(_ name: String, _ attributes: [String: String]) {
                events.append("<\(name)" + attributes.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined() + ">")
            }
            func end(_ name: String) { events.append("</\(name)>") }
            func text(_ text: String) { events.append(text) }
        }
        func scan(_ xml: String) -> (events: [String], error: XMLScanError?) {
            let recorder = Recorder()
            let error = XMLScanner.scan(Data(xml.utf8), handler: recorder, maximumDepth: 64)
            return (recorder.events, error)
        }
        let good = scan(
            "\u{FEFF}<?xml version=\"1.0\"?>\n<!-- a comment -->\n<x:root xmlns:x=\"urn:x\" x:a='1 &amp;\n2' b=\"&#x41;&#66;\">"
                + "a&lt;b&gt;c&quot;&apos;\r\nd<![CDATA[<raw>&amp;]]><x:e/></x:root>\n"
        )
        #expect(good.error == nil)
        #expect(good.events == ["<root a=1 & 2 b=AB>", "a<b>c\"'\nd", "<raw>&amp;", "<e>", "</e>", "</root>"])
        for bad in [
            "<a><b></a></b>", "<a>", "<a></a><b></b>", "text<a/>", "<a>&unknown;</a>", "<a>&#1;</a>", "<a b=c/>", "<a b=\"<\"/>",
            "<a>\u{1}</a>", "<!ELEMENT a ANY><a/>", "", "<a><!-- open </a>",
        ] {
            #expect(scan(bad).error != nil, "\(bad)")
        }
        let deep = scan(String(repeating: "<a>", count: 65) + String(repeating: "</a>", count: 65))
        #expect(deep.error?.tooDeep == true)
        #expect(scan("<a>\n\n<b></c></a>").error?.line == 3)
    }
}
