import Foundation
import PasanDomain
import ZIPFoundation

/// The UN SDG metadata template (`meta/<id>.docm|docx`): a zip of WordprocessingML whose tables
/// pair a concept name (`2.a. Definition and concepts`) with its text. Only `word/document.xml`
/// is read, through the DTD-refusing XML reader; macros (`vbaProject.bin`) and every other part
/// are never opened, and the entry's size is bounded before it is inflated (zip bombs).
public enum UNMetadataTemplate {
    /// The largest `document.xml` inflated (Pasan's default; LSB's are under 2 MB).
    public static let maximumDocumentBytes = 32 * 1024 * 1024

    /// The template's concepts (SDMX SDG metadata concept ids) and their names in the template.
    static let concepts: [(id: String, name: String)] = [
        ("SDG_GOAL", "0.a. Goal"), ("SDG_TARGET", "0.b. Target"), ("SDG_INDICATOR", "0.c. Indicator"),
        ("SDG_SERIES_DESCR", "0.d. Series"), ("META_LAST_UPDATE", "0.e. Metadata update"),
        ("SDG_RELATED_INDICATORS", "0.f. Related indicators"),
        ("SDG_CUSTODIAN_AGENCIES", "0.g. International organisations(s) responsible for global monitoring"),
        ("CONTACT_ORGANISATION", "1.a. Organisation"), ("CONTACT_NAME", "1.b. Contact person(s)"),
        ("ORGANISATION_UNIT", "1.c. Contact organisation unit"), ("CONTACT_FUNCT", "1.d. Contact person function"),
        ("CONTACT_PHONE", "1.e. Contact phone"), ("CONTACT_MAIL", "1.f. Contact mail"), ("CONTACT_EMAIL", "1.g. Contact email"),
        ("STAT_CONC_DEF", "2.a. Definition and concepts"), ("UNIT_MEASURE", "2.b. Unit of measure"),
        ("CLASS_SYSTEM", "2.c. Classifications"), ("SOURCE_TYPE", "3.a. Data sources"),
        ("COLL_METHOD", "3.b. Data collection method"), ("FREQ_COLL", "3.c. Data collection calendar"),
        ("REL_CAL_POLICY", "3.d. Data release calendar"), ("DATA_SOURCE", "3.e. Data providers"),
        ("COMPILING_ORG", "3.f. Data compilers"), ("INST_MANDATE", "3.g. Institutional mandate"),
        ("RATIONALE", "4.a. Rationale"), ("REC_USE_LIM", "4.b. Comment and limitations"),
        ("DATA_COMP", "4.c. Method of computation"), ("DATA_VALIDATION", "4.d. Validation"),
        ("ADJUSTMENT", "4.e. Adjustments"),
        ("IMPUTATION", "4.f. Treatment of missing values (i) at country level and (ii) at regional level"),
        ("REG_AGG", "4.g. Regional aggregations"),
        ("DOC_METHOD", "4.h. Methods and guidance available to countries for the compilation of the data at the national level"),
        ("QUALITY_MGMNT", "4.i. Quality management"), ("QUALITY_ASSURE", "4.j. Quality assurance"),
        ("QUALITY_ASSMNT", "4.k. Quality assessment"), ("COVERAGE", "5. Data availability and disaggregation"),
        ("COMPARABILITY", "6. Comparability/deviation from international standards"),
        ("OTHER_DOC", "7. References and Documentation"),
    ]

    static func normalized(_ name: String) -> String {
        name.lowercased().replacingOccurrences(of: ".", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static let conceptByName: [String: String] = Dictionary(
        concepts.map { (normalized($0.name), $0.id) },
        uniquingKeysWith: { a, _ in a }
    )

    /// The metadata fields of a template file, as plain text (paragraphs separated by blank lines).
    public static func read(contentsOf url: URL, file: String) throws -> [String: String] {
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch {
            throw ExchangeProblems([ExchangeProblem(file: file, expected: Message("exchange.word.zip"))])
        }
        guard let entry = archive["word/document.xml"] else {
            throw ExchangeProblems([ExchangeProblem(file: file, found: "word/document.xml", expected: Message("exchange.word.document"))])
        }
        guard entry.uncompressedSize <= UInt64(maximumDocumentBytes) else {
            throw ExchangeProblems([
                ExchangeProblem(
                    file: file,
                    found: "\(entry.uncompressedSize)",
                    expected: Message("exchange.zip.entryTooLarge", ["bytes": .number(maximumDocumentBytes)])
                )
            ])
        }
        var xml = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                // The declared size can lie: stop inflating at the limit whatever it says.
                guard xml.count + chunk.count <= maximumDocumentBytes else { throw ZipLimit() }
                xml.append(chunk)
            }
        } catch is ZipLimit {
            throw ExchangeProblems([
                ExchangeProblem(file: file, expected: Message("exchange.zip.entryTooLarge", ["bytes": .number(maximumDocumentBytes)]))
            ])
        } catch {
            throw ExchangeProblems([ExchangeProblem(file: file, expected: Message("exchange.word.zip"))])
        }
        let root = try SafeXML.parse(xml, file: "\(file)/word/document.xml")
        var fields: [String: String] = [:]
        collect(root, into: &fields)
        return fields
    }

    struct ZipLimit: Error {}

    /// Every table row whose first cell names a concept gives that concept its second cell's text.
    static func collect(_ node: XMLNode, into fields: inout [String: String]) {
        if node.name == "tr" {
            let cells = node.children("tc")
            if cells.count >= 2, let id = conceptByName[normalized(text(of: cells[0]))] {
                let value = paragraphs(of: cells[1])
                if value.contains(where: { $0.isLetter || $0.isNumber }), fields[id] == nil { fields[id] = value }
            }
        }
        for child in node.children { collect(child, into: &fields) }
    }

    /// The text runs (`w:t`) below a node, joined.
    static func text(of node: XMLNode) -> String {
        var result = ""
        func walk(_ n: XMLNode) {
            if n.name == "t" { result += n.text } else if n.name == "tab" { result += "\t" }
            for c in n.children { walk(c) }
        }
        walk(node)
        return result
    }

    /// The paragraphs (`w:p`) of a cell, each one's text, separated by blank lines.
    static func paragraphs(of cell: XMLNode) -> String {
        var result: [String] = []
        func walk(_ n: XMLNode) {
            if n.name == "p" {
                let t = text(of: n).trimmingCharacters(in: .whitespacesAndNewlines)
                if !t.isEmpty { result.append(t) }
                return
            }
            for c in n.children { walk(c) }
        }
        walk(cell)
        return result.joined(separator: "\n\n")
    }
}
