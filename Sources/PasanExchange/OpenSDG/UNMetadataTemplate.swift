import Foundation
import PasanDomain
import ZIPFoundation

#if canImport(FoundationXML)
import FoundationXML
#endif

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

    /// Headings and prompts of the template's versions (2017–2020 and 2021), which an unfilled
    /// copy carries in its text cells ("Quality assurance", "Institutional information
    /// Organization(s)", "Treatment of missing values * At country level: * At regional or global
    /// levels:"). Every LSB Word file fills its gaps so.
    static let templateHeadings: [String] =
        concepts.map { String($0.name.split(separator: " ", maxSplits: 1).last ?? "") } + [
            "Institutional information", "Organization(s)", "Organisation(s)", "Concepts and definitions", "Definition", "Rationale",
            "Concepts", "Comments and limitations", "Methodology", "Computation method", "Disaggregation",
            "Treatment of missing values", "At country level", "At regional and global levels", "At regional or global levels",
            "Regional aggregates", "Sources of discrepancies", "Quality assurance", "Quality management", "Quality assessment",
            "Data sources", "Description", "Collection process", "Data availability", "Time series", "Calendar", "Data collection",
            "Data release", "Data providers", "Data compilers", "References", "URL", "Related indicators", "Unit of measure",
            "Classifications", "Validation", "Adjustments", "Institutional mandate", "Metadata update", "Goal", "Target",
            "Indicator", "Series",
        ]

    /// The headings as letters only, longest first.
    static let headingLetters: [String] = Array(Set(templateHeadings.map(letters))).filter { !$0.isEmpty }.sorted {
        $0.count > $1.count
    }

    static func letters(_ text: String) -> String {
        String(text.lowercased().filter { $0.isLetter })
    }

    /// Whether a text cell holds nothing but headings of the template (an unfilled field).
    static func isOnlyHeadings(_ value: String) -> Bool {
        let text = Array(letters(value))
        guard !text.isEmpty else { return true }
        // reachable[i]: the first i letters are a sequence of headings.
        var reachable = [Bool](repeating: false, count: text.count + 1)
        reachable[0] = true
        let headings = headingLetters.map(Array.init)
        for i in 0..<text.count where reachable[i] {
            for heading in headings where i + heading.count <= text.count && !reachable[i + heading.count] {
                if text[i..<(i + heading.count)].elementsEqual(heading) { reachable[i + heading.count] = true }
            }
        }
        return reachable[text.count]
    }

    static func normalized(_ name: String) -> String {
        name.lowercased().replacingOccurrences(of: ".", with: "").trimmedWhitespace
    }

    static let conceptByName: [String: String] = Dictionary(
        concepts.map { (normalized($0.name), $0.id) },
        uniquingKeysWith: { a, _ in a }
    )

    /// The metadata fields of a template file, as plain text (paragraphs separated by blank lines).
    public static func read(contentsOf url: URL, file: String) throws -> [String: String] {
        let zip: ZipReader
        do { zip = try ZipReader(Data(contentsOf: url, options: .alwaysMapped)) } catch {
            throw ExchangeProblems([ExchangeProblem(file: file, expected: Message("exchange.word.zip"))])
        }
        guard let (entry, item) = zip.entries.first(where: { $0.entry.path == "word/document.xml" }) else {
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
        var total: Int64 = 0
        do {
            // The declared size can lie: inflating stops at the limit whatever it says.
            _ = try SafeUnzip.inflate(
                item,
                in: zip.bytes,
                total: &total,
                maximumTotal: Int64(maximumDocumentBytes),
                maximumRatio: .max,
                ratioAllowance: .max
            ) { chunk in xml.append(chunk) }
        } catch SafeUnzip.Limit.total {
            throw ExchangeProblems([
                ExchangeProblem(file: file, expected: Message("exchange.zip.entryTooLarge", ["bytes": .number(maximumDocumentBytes)]))
            ])
        } catch {
            throw ExchangeProblems([ExchangeProblem(file: file, expected: Message("exchange.word.zip"))])
        }
        return try fields(ofDocument: xml, file: "\(file)/word/document.xml")
    }

    /// Every table row whose first cell names a concept gives that concept its second cell's text
    /// (paragraphs separated by blank lines). Read in one pass, without building a tree: the
    /// template's XML is large and only its table cells matter.
    static func fields(ofDocument xml: Data, file: String) throws -> [String: String] {
        if let line = SafeXML.declarationLine(in: xml) {
            throw ExchangeProblems([
                ExchangeProblem(file: file, line: line, found: "<!DOCTYPE", expected: Message("exchange.xml.noDoctype"))
            ])
        }
        try SafeXML.refuseParserTraps(xml, file: file)
        let collector = CellCollector()
        let parser = XMLParser(data: xml)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = collector
        guard parser.parse() else {
            throw ExchangeProblems([ExchangeProblem(file: file, line: parser.lineNumber, expected: Message("exchange.xml.wellFormed"))])
        }
        return collector.fields
    }

    private final class CellCollector: NSObject, XMLParserDelegate {
        var fields: [String: String] = [:]
        /// Cells of the rows being read (a stack: tables nest), each a list of paragraphs.
        var rows: [[[String]]] = []
        var paragraph: String?
        var inText = false
        /// Set at the first error: the document is refused, so the parse stops at the next event
        /// rather than recovering through the rest (as `SafeXML`'s tree builder does, and why).
        var failed = false

        func parser(
            _ parser: XMLParser,
            didStartElement name: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if failed { return parser.abortParsing() }
            switch name {
            case "tr": rows.append([])
            case "tc": if !rows.isEmpty { rows[rows.count - 1].append([]) }
            case "p": paragraph = ""
            case "t": inText = true
            case "tab": paragraph? += "\t"
            default: break
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if failed { return parser.abortParsing() }
            switch name {
            case "t": inText = false
            case "p":
                if let text = paragraph?.trimmedWhitespace, !text.isEmpty, !rows.isEmpty,
                    !rows[rows.count - 1].isEmpty
                {
                    rows[rows.count - 1][rows[rows.count - 1].count - 1].append(text)
                }
                paragraph = nil
            case "tr":
                guard let cells = rows.popLast() else { return }
                if cells.count >= 2, let id = UNMetadataTemplate.conceptByName[UNMetadataTemplate.normalized(cells[0].joined())] {
                    let value = cells[1].joined(separator: "\n\n")
                    if value.contains(where: { $0.isLetter || $0.isNumber }), !UNMetadataTemplate.isOnlyHeadings(value), fields[id] == nil {
                        fields[id] = value
                    }
                }
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if failed { return parser.abortParsing() }
            if inText { paragraph? += string }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if SafeXML.isError(parseError) { failed = true }
        }
    }
}
