import Foundation
import PasanDomain

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An element of a parsed XML document: local name, namespace URI, attributes by local name
/// (prefixes dropped: SDMX matches on names, and its few qualified attributes — `ss:action`,
/// `xml:lang` — do not collide with unqualified ones), text and children, with its line.
public final class XMLNode: @unchecked Sendable {
    public let name: String
    public let namespace: String?
    public let attributes: [String: String]
    public let line: Int
    public internal(set) var children: [XMLNode] = []
    public internal(set) var text: String = ""

    init(name: String, namespace: String?, attributes: [String: String], line: Int) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.line = line
    }

    /// The first child with this local name.
    public func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }
    /// Every child with this local name.
    public func children(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }
    /// The first element with this local name at any depth below (depth first).
    public func descendant(_ name: String) -> XMLNode? {
        for child in children {
            if child.name == name { return child }
            if let found = child.descendant(name) { return found }
        }
        return nil
    }
    /// Follows a path of local names (`["Structure", "Ref"]`).
    public func path(_ names: String...) -> XMLNode? {
        var node: XMLNode? = self
        for name in names { node = node?.child(name) }
        return node
    }
    public var trimmedText: String { text.trimmedWhitespace }
}

/// Reads XML without ever expanding a DTD: a document that declares one (`<!DOCTYPE`, `<!ENTITY`)
/// is refused before parsing, so neither an entity-expansion bomb nor an external entity (XXE)
/// can reach the parser; external entities are off as well. Sizes and nesting are bounded.
public enum SafeXML {
    /// The largest document read, in bytes (Pasan's default).
    public static let maximumBytes = 256 * 1024 * 1024
    /// The deepest element nesting accepted (SDMX structure messages nest about 12 deep).
    public static let maximumDepth = 64

    /// Parses a whole document into a tree, or throws `ExchangeProblems` naming the file and line.
    public static func parse(_ data: Data, file: String) throws -> XMLNode {
        if data.count > maximumBytes {
            throw ExchangeProblems([
                ExchangeProblem(
                    file: file,
                    found: "\(data.count)",
                    expected: Message("exchange.xml.tooLarge", ["bytes": .number(maximumBytes)])
                )
            ])
        }
        if let line = declarationLine(in: data) {
            throw ExchangeProblems([
                ExchangeProblem(file: file, line: line, found: "<!DOCTYPE", expected: Message("exchange.xml.noDoctype"))
            ])
        }
        try refuseParserTraps(data, file: file)
        let builder = TreeBuilder()
        // Fed as a stream, in chunks: given the whole document at once, Foundation's parser on
        // Linux fails at its end when it is over 10 MB (an SDMX-ML message of 100,000
        // observations is 12 MB).
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let ok = parser.parse()
        if let problem = builder.problem {
            throw ExchangeProblems([ExchangeProblem(file: file, line: problem.line, expected: problem.message)])
        }
        // An element still open at the end: the document was cut short (the parser, fed in
        // chunks, does not always say so).
        guard ok, let root = builder.root, builder.stack.isEmpty else {
            let detail = parser.parserError.map { String(describing: $0) } ?? ""
            throw ExchangeProblems([
                ExchangeProblem(
                    file: file,
                    line: parser.lineNumber,
                    found: detail,
                    expected: Message("exchange.xml.wellFormed")
                )
            ])
        }
        return root
    }

    /// The line of a `<!DOCTYPE` or `<!ENTITY` declaration, if the document has one.
    static func declarationLine(in data: Data) -> Int? {
        let needles: [[UInt8]] = [Array("<!DOCTYPE".utf8), Array("<!ENTITY".utf8)]
        return data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int? in
            let bytes = buffer.bindMemory(to: UInt8.self)
            var line = 1
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                if b == 0x0A {
                    line += 1
                } else if b == 0x3C, i + 1 < n, bytes[i + 1] == 0x21 {  // "<!"
                    for needle in needles where i + needle.count <= n {
                        var match = true
                        for j in 0..<needle.count where bytes[i + j] != needle[j] {
                            match = false
                            break
                        }
                        if match { return line }
                    }
                }
                i += 1
            }
            return nil
        }
    }

    /// Refuses, as not well-formed XML, what makes Foundation's parser on Linux crash — ending the
    /// whole process — before it reaches a delegate; both found by the fuzzing harnesses (Fuzz/,
    /// docs/operations/fuzzing.md):
    /// - a document read as UTF-8 whose bytes are not valid UTF-8: an attribute name that is not
    ///   (`<a AG…="x"/>` with the lone byte 0xC4 for the dots) makes it trap, libxml2 passing the
    ///   name on as it is. Only UTF-16 (which libxml2 converts itself) is left to it: a declared
    ///   8-bit encoding is not trusted, as libxml2 reads a malformed declaration as UTF-8 (found
    ///   by the fuzzer too). Located at the line of the first bad byte.
    /// - a processing instruction with no data (`<?pi?>`): libxml2 hands it a null pointer, which
    ///   it reads. Located at its line.
    static func refuseParserTraps(_ data: Data, file: String) throws {
        if let line = invalidUTF8Line(in: data) {
            throw ExchangeProblems([ExchangeProblem(file: file, line: line, found: "UTF-8", expected: Message("exchange.xml.wellFormed"))])
        }
        if let line = emptyProcessingInstructionLine(in: data) {
            throw ExchangeProblems([ExchangeProblem(file: file, line: line, found: "<?…?>", expected: Message("exchange.xml.wellFormed"))])
        }
    }

    /// The line of the first processing instruction without data (`<?name?>`: no white space
    /// between its target and `?>`), if there is one.
    static func emptyProcessingInstructionLine(in data: Data) -> Int? {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int? in
            let bytes = buffer.bindMemory(to: UInt8.self)
            var line = 1
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                if b == 0x0A {
                    line += 1
                } else if b == 0x3C, i + 1 < n, bytes[i + 1] == 0x3F {  // "<?"
                    var j = i + 2
                    while j < n, ![0x20, 0x09, 0x0A, 0x0D, 0x3F, 0x3E, 0x3C].contains(bytes[j]) { j += 1 }
                    if j + 1 < n, bytes[j] == 0x3F, bytes[j + 1] == 0x3E { return line }  // "?>"
                }
                i += 1
            }
            return nil
        }
    }

    /// The line of the first byte that is not valid UTF-8; `nil` when every byte is, or the
    /// document is UTF-16 (see `refuseParserTraps`).
    static func invalidUTF8Line(in data: Data) -> Int? {
        if data.starts(with: [0xFE, 0xFF]) || data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0x00, 0x3C])
            || data.starts(with: [0x3C, 0x00])
        {
            return nil
        }
        return data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int? in
            var iterator = buffer.bindMemory(to: UInt8.self).makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            var line = 1
            while true {
                switch parser.parseScalar(from: &iterator) {
                case .valid(let scalar): if scalar.count == 1 && scalar.first == 0x0A { line += 1 }
                case .emptyInput: return nil
                case .error: return line
                }
            }
        }
    }

    /// libxml2's warning codes (`XML_WAR_…`): reported, but the document is still well formed.
    static let warningCodes: Set<Int> = [27, 93, 97, 98, 99, 100, 102, 106, 107]

    /// Whether a reported problem makes the document not well formed (an error, not a warning).
    static func isError(_ error: any Error) -> Bool {
        !warningCodes.contains((error as NSError).code)
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var root: XMLNode?
        var stack: [XMLNode] = []
        var problem: (line: Int, message: Message)?
        /// Set at the first error. The document is refused then, so the parse stops at the next
        /// event instead of recovering through the rest: Foundation's parser runs libxml2 in its
        /// recovering mode, which reports every later problem too, and on Linux it keeps memory
        /// for each report (the SDMX fuzzer's memory grew by about 0.5 KB a document until this).
        /// Not in the error callback itself: stopping libxml2 from there crashes it.
        var failed = false

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName qName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            if failed { return parser.abortParsing() }
            if stack.count >= SafeXML.maximumDepth {
                problem = (parser.lineNumber, Message("exchange.xml.tooDeep", ["depth": .number(SafeXML.maximumDepth)]))
                parser.abortParsing()
                return
            }
            var attributes: [String: String] = [:]
            attributes.reserveCapacity(attributeDict.count)
            for (key, value) in attributeDict {
                if let colon = key.lastIndex(of: ":") {
                    let local = String(key[key.index(after: colon)...])
                    if attributes[local] == nil { attributes[local] = value }
                } else {
                    attributes[key] = value
                }
            }
            let local = elementName.lastIndex(of: ":").map { String(elementName[elementName.index(after: $0)...]) } ?? elementName
            let node = XMLNode(name: local, namespace: namespaceURI, attributes: attributes, line: parser.lineNumber)
            if let parent = stack.last { parent.children.append(node) } else if root == nil { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            if failed { return parser.abortParsing() }
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if failed { return parser.abortParsing() }
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            if failed { return parser.abortParsing() }
            stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if SafeXML.isError(parseError) { failed = true }
        }
    }
}
