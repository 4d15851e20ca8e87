import Foundation
import PasanDomain

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses an IATI file as `SafeXML` does (any DTD refused before parsing, no external entities,
/// bounded size and depth, streamed), but keeps each attribute under its qualified name
/// (`xml:lang`, `pasan:vocabulary-uri`, `code`): the IATI schema allows attributes of other
/// namespaces on most elements and not the same names unqualified, so the reader must tell
/// `vocabulary-uri` from `pasan:vocabulary-uri`.
enum IATIXML {
    static func parse(_ data: Data, file: String) throws -> XMLNode {
        if data.count > SafeXML.maximumBytes {
            throw ExchangeProblems([
                ExchangeProblem(
                    file: file,
                    found: "\(data.count)",
                    expected: Message("exchange.xml.tooLarge", ["bytes": .number(SafeXML.maximumBytes)])
                )
            ])
        }
        if let line = SafeXML.declarationLine(in: data) {
            throw ExchangeProblems([
                ExchangeProblem(file: file, line: line, found: "<!DOCTYPE", expected: Message("exchange.xml.noDoctype"))
            ])
        }
        try SafeXML.refuseParserTraps(data, file: file)
        let builder = Builder()
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let ok = parser.parse()
        if let problem = builder.problem {
            throw ExchangeProblems([ExchangeProblem(file: file, line: problem.line, expected: problem.message)])
        }
        guard ok, let root = builder.root, builder.stack.isEmpty else {
            let detail = parser.parserError.map { String(describing: $0) } ?? ""
            throw ExchangeProblems([
                ExchangeProblem(file: file, line: parser.lineNumber, found: detail, expected: Message("exchange.xml.wellFormed"))
            ])
        }
        return root
    }

    final class Builder: NSObject, XMLParserDelegate {
        var root: XMLNode?
        var stack: [XMLNode] = []
        var problem: (line: Int, message: Message)?

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName qName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            // Stopped at the first event after an error (see SafeXML's tree builder).
            if problem != nil { return parser.abortParsing() }
            if stack.count >= SafeXML.maximumDepth {
                problem = (parser.lineNumber, Message("exchange.xml.tooDeep", ["depth": .number(SafeXML.maximumDepth)]))
                parser.abortParsing()
                return
            }
            let local = elementName.lastIndex(of: ":").map { String(elementName[elementName.index(after: $0)...]) } ?? elementName
            let node = XMLNode(name: local, namespace: namespaceURI, attributes: attributeDict, line: parser.lineNumber)
            if let parent = stack.last {
                parent.children.append(node)
            } else if root == nil {
                root = node
            }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            if problem != nil { return parser.abortParsing() }
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if problem != nil { return parser.abortParsing() }
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            if problem != nil { return parser.abortParsing() }
            stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if problem == nil {
                problem = (parser.lineNumber, Message("exchange.xml.wellFormed"))
            }
        }
    }
}
