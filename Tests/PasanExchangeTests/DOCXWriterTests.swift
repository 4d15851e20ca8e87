import Foundation
import Testing

@testable import PasanExchange

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The WordprocessingML Pasan writes by hand (issue 17): well-formed XML whatever the text,
/// Word's built-in heading styles, A4 in both orientations, tables that Word does not join.
/// python-docx and LibreOffice read the real annex in Tests/PasanWebTests/VNRWebTests.swift.
@Suite struct DOCXWriterTests {
    static func parts(_ document: WordDocument) throws -> [String: String] {
        let extracted = try SafeUnzip.extract(try DOCXWriter.data(document), file: "test.docx")
        defer { extracted.remove() }
        var parts: [String: String] = [:]
        let root = extracted.directory.standardizedFileURL.path + "/"
        for case let url as URL in FileManager.default.enumerator(at: extracted.directory, includingPropertiesForKeys: nil)! {
            guard !url.hasDirectoryPath else { continue }
            parts[String(url.standardizedFileURL.path.dropFirst(root.count))] = try String(contentsOf: url, encoding: .utf8)
        }
        return parts
    }

    static func isWellFormed(_ xml: String) -> Bool {
        XMLParser(data: Data(xml.utf8)).parse()
    }

    @Test func everyPartIsWellFormedWhateverTheText() throws {
        let awkward = "R&D <b>\"quoted\" 'x'\u{1}\u{FFFE} ສປປ ລາວ\nsecond line"
        let document = WordDocument(
            title: awkward,
            language: "lo-LA",
            blocks: [
                .paragraph(awkward, style: .title), .heading(level: 7, text: awkward),
                .table(.init(header: [awkward], rows: [[awkward, "1,234.5"]], numericColumns: [1])),
                .table(.init(header: [], rows: [["second table"]])), .pageBreak,
                .table(.init(header: ["after a page break"], rows: [])),
            ]
        )
        let parts = try Self.parts(document)
        #expect(
            Set(parts.keys) == [
                "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/_rels/document.xml.rels",
                "word/styles.xml", "word/document.xml",
            ]
        )
        for (path, xml) in parts { #expect(Self.isWellFormed(xml), "\(path) is not well-formed") }
        let body = try #require(parts["word/document.xml"])
        #expect(
            body.contains("R&amp;D &lt;b&gt;&quot;quoted&quot; &apos;x&apos; ສປປ ລາວ</w:t><w:br/><w:t xml:space=\"preserve\">second line")
        )
        #expect(!body.contains("\u{1}") && !body.contains("\u{FFFE}"))
        // A heading level past 3 is a level-3 heading; two tables in a row are kept apart, and
        // the last table is followed by a paragraph, as Word requires.
        #expect(body.contains("<w:pStyle w:val=\"Heading3\"/>"))
        #expect(body.contains("</w:tbl><w:p/><w:tbl>"))
        #expect(body.contains("</w:tbl><w:p><w:pPr><w:pStyle w:val=\"Normal\"/><w:pageBreakBefore/>"))
        #expect(body.contains("</w:tbl><w:p/><w:sectPr>"))
        #expect(body.contains("<w:jc w:val=\"right\"/></w:pPr><w:r><w:t xml:space=\"preserve\">1,234.5"))
        #expect(body.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"))
        let styles = try #require(parts["word/styles.xml"])
        #expect(styles.contains("<w:name w:val=\"heading 1\"/>") && styles.contains("w:cs=\"Noto Sans Lao\""))
        #expect(styles.contains("<w:lang w:val=\"lo-LA\" w:eastAsia=\"lo-LA\" w:bidi=\"lo-LA\"/>"))
        #expect(parts["docProps/core.xml"]?.contains("<dc:title>R&amp;D") == true)
    }

    @Test func landscapeTurnsTheA4Page() throws {
        let body = try #require(
            try Self.parts(WordDocument(title: "t", language: "en-GB", landscape: true, blocks: []))["word/document.xml"]
        )
        #expect(body.contains("<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"))
        #expect(Self.isWellFormed(body))
    }

    @Test func theSameDocumentGivesTheSameBytes() throws {
        let document = WordDocument(title: "Annex", language: "en-GB", blocks: [.paragraph("x")])
        #expect(try DOCXWriter.data(document) == DOCXWriter.data(document))
    }
}
