import Foundation
import PasanDomain
import Testing

@testable import PasanExchange

/// Found by the SDMX fuzzing harness (Fuzz/corpus/sdmx/crash-attribute-name-not-utf8.xml): an
/// attribute name that is not valid UTF-8 made Foundation's XML parser trap, ending the process
/// (a server reading an upload). Such a document is now refused as not well-formed, by every
/// reader that hands XML to Foundation's parser; documents in an encoding libxml2 converts are
/// still read.
@Suite struct XMLEncodingFuzzTests {
    /// `<a AG\xC4="x"/>` on its second line: a lone UTF-8 lead byte in an attribute name.
    static let badAttribute = Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a AG".utf8) + Data([0xC4]) + Data("=\"x\"/>".utf8)

    static func problems(_ body: () throws -> Void) -> [ExchangeProblem] {
        do {
            try body()
            return []
        } catch let error as ExchangeProblems {
            return error.problems
        } catch {
            return [ExchangeProblem(file: "?", expected: .init("unexpected \(error)"))]
        }
    }

    @Test func safeXMLRefusesAnAttributeNameThatIsNotUTF8() {
        let problems = Self.problems { _ = try SafeXML.parse(Self.badAttribute, file: "bad.xml") }
        #expect(problems.count == 1)
        #expect(problems.first?.line == 2)
        #expect(problems.first?.expected == Message("exchange.xml.wellFormed"))
    }

    @Test func theFuzzersReproducerIsRefusedBySDMXReading() throws {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpus/sdmx/crash-attribute-name-not-utf8.xml")
        let data = try Data(contentsOf: url)
        #expect(SafeXML.invalidUTF8Line(in: data) != nil)
        let problems = Self.problems { _ = try SDMXDataReader.read(data, file: "crash.xml") }
        #expect(problems.map(\.expected) == [Message("exchange.xml.wellFormed")])
    }

    @Test func iatiAndTheWordTemplateRefuseItToo() {
        #expect(!Self.problems { _ = try IATIXML.parse(Self.badAttribute, file: "iati.xml") }.isEmpty)
        #expect(!Self.problems { _ = try UNMetadataTemplate.fields(ofDocument: Self.badAttribute, file: "document.xml") }.isEmpty)
    }

    /// Found by the SDMX harness too (Fuzz/corpus/sdmx/crash-empty-processing-instruction.xml):
    /// a processing instruction without data made Foundation's parser read a null pointer.
    @Test func anEmptyProcessingInstructionIsRefused() throws {
        let problems = Self.problems { _ = try SafeXML.parse(Data("<a>\n<?pi?></a>".utf8), file: "pi.xml") }
        #expect(problems.map(\.line) == [2])
        #expect(problems.map(\.expected) == [Message("exchange.xml.wellFormed")])
        #expect(!Self.problems { _ = try IATIXML.parse(Data("<?pi?><a/>".utf8), file: "iati.xml") }.isEmpty)
        #expect(!Self.problems { _ = try UNMetadataTemplate.fields(ofDocument: Data("<a><?pi?></a>".utf8), file: "d.xml") }.isEmpty)
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpus/sdmx/crash-empty-processing-instruction.xml")
        #expect(throws: ExchangeProblems.self) { try SDMXDataReader.read(try Data(contentsOf: url), file: "crash.xml") }
        // With data, or white space before `?>`, an instruction is read (and ignored) as before.
        #expect(try SafeXML.parse(Data("<?xml version=\"1.0\"?>\n<a><?pi x?><?pi ?></a>".utf8), file: "ok.xml").name == "a")
    }

    @Test func validDocumentsAreStillReadAndDeclaredEncodingsNotTrusted() throws {
        let lao = try SafeXML.parse(Data("<a ນ=\"ລາວ\">ສະບາຍດີ</a>".utf8), file: "lao.xml")
        #expect(lao.attributes["ນ"] == "ລາວ")
        // A declared 8-bit encoding is not trusted (a malformed declaration is read as UTF-8):
        // its bytes outside ASCII are refused, an ASCII document in it is read.
        let latin = Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a b=\"caf".utf8) + Data([0xE9]) + Data("\"/>".utf8)
        #expect(Self.problems { _ = try SafeXML.parse(latin, file: "latin.xml") }.map(\.line) == [2])
        let ascii = Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a b=\"cafe\"/>".utf8)
        #expect(try SafeXML.parse(ascii, file: "ascii.xml").attributes["b"] == "cafe")
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpus/sdmx/crash-malformed-encoding-declaration.xml")
        #expect(throws: ExchangeProblems.self) { try SDMXDataReader.read(try Data(contentsOf: url), file: "crash.xml") }
        #expect(SafeXML.invalidUTF8Line(in: Data("<a>\n\n".utf8) + Data([0xFF])) == 3)
        #expect(SafeXML.invalidUTF8Line(in: Data("<a b=\"\u{10FFFF}\"/>".utf8)) == nil)
    }
}

/// Found by the XLSX fuzzing harness (Fuzz/corpus/xlsx/crash-offset-past-end.xlsx): a zip whose
/// central directory points past the end of the data made ZIPFoundation's in-memory archive trap
/// (a negative length in its read callback), ending the process. Zips are now read through a
/// file, where the same read comes back short and the zip is refused.
@Suite struct ZipOffsetFuzzTests {
    /// A workbook Pasan writes, with its first central-directory entry's local-header offset
    /// (bytes 42–45 of the entry) set far past the end.
    static func workbookWithOffsetPastEnd() throws -> Data {
        var bytes = [UInt8](try XLSXWriter.data(XLSXWorkbook(sheets: [XLSXSheet(name: "3.1.2", rows: [[.text("Year")]])])))
        let eocd = try #require((0...(bytes.count - 22)).reversed().first { bytes[$0..<($0 + 4)].elementsEqual([0x50, 0x4B, 0x05, 0x06]) })
        let central = bytes[(eocd + 16)..<(eocd + 20)].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(bytes[central..<(central + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]))
        bytes.replaceSubrange((central + 42)..<(central + 46), with: [0xF0, 0xFF, 0xFF, 0x7F])
        return Data(bytes)
    }

    @Test func aWorkbookWhoseOffsetPointsPastTheEndIsRefused() throws {
        let data = try Self.workbookWithOffsetPastEnd()
        #expect(throws: ExchangeProblems.self) { try XLSXReader.read(data, file: "bad.xlsx") }
        #expect(throws: ExchangeProblems.self) { try SafeUnzip.extract(data, file: "bad.zip").remove() }
    }

    @Test func theFuzzersReproducerIsRefusedAndNothingIsLeftBehind() throws {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpus/xlsx/crash-offset-past-end.xlsx")
        let data = try Data(contentsOf: url)
        let before = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("pasan-zip-") }
        #expect(throws: ExchangeProblems.self) { try XLSXReader.read(data, file: "crash.xlsx") }
        let after = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("pasan-zip-") }
        #expect(Set(after).isSubset(of: Set(before)))
    }

    @Test func aGoodWorkbookIsStillRead() throws {
        let data = try XLSXWriter.data(XLSXWorkbook(sheets: [XLSXSheet(name: "3.1.2", rows: [[.text("Year"), .number(2024)]])]))
        let document = try XLSXReader.read(data, file: "good.xlsx")
        #expect(document.sheet(named: "3.1.2") != nil)
    }
}

/// Found by the SDMX and XLSX harnesses' memory (docs/operations/fuzzing.md): Foundation's
/// parser recovers through a broken document reporting every problem, and keeps memory for each
/// report. Reading stops at the first error now; the document is refused as before, at the line
/// of its first error, and a warning alone (a relative namespace URI) still does not refuse it.
@Suite struct XMLFirstErrorTests {
    @Test func aBrokenDocumentIsRefusedAtItsFirstError() {
        let broken = Data(("<a>\n<b>\n</c>\n" + String(repeating: "<d x=1>&undefined;</e>\n", count: 500) + "</a>").utf8)
        let tree = XMLEncodingFuzzTests.problems { _ = try SafeXML.parse(broken, file: "broken.xml") }
        #expect(tree.count == 1)
        #expect(tree.first?.line == 3, "\(tree)")
        let word = XMLEncodingFuzzTests.problems { _ = try UNMetadataTemplate.fields(ofDocument: broken, file: "document.xml") }
        #expect(word.count == 1)
        #expect(word.first?.line == 3, "\(word)")
        #expect(throws: ExchangeProblems.self) { try IATIXML.parse(broken, file: "broken.xml") }
    }

    @Test func aWarningAloneDoesNotRefuseADocument() throws {
        let relative = try SafeXML.parse(Data("<a xmlns=\"relative/uri\"><b>1</b></a>".utf8), file: "relative.xml")
        #expect(relative.child("b")?.trimmedText == "1")
        #expect(try UNMetadataTemplate.fields(ofDocument: Data("<a xmlns=\"relative/uri\"><tr/></a>".utf8), file: "d.xml").isEmpty)
        #expect(SafeXML.isError(NSError(domain: "NSXMLParserErrorDomain", code: 76)))
        #expect(!SafeXML.isError(NSError(domain: "NSXMLParserErrorDomain", code: 100)))
    }
}
