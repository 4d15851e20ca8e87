import Foundation

/// Writes a `WordDocument` as WordprocessingML (`.docx`) by hand, in memory: the document, its
/// styles (Word's built-in names, so Word and LibreOffice treat the headings as headings),
/// A4 pages, tables with a repeated header row. Latin text is set in Noto Sans and Lao — a
/// complex script to Word and LibreOffice — in Noto Sans Lao, with the document's language
/// as the complex-script language. Characters XML 1.0 cannot hold are dropped.
public enum DOCXWriter {
    static let mainNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationshipNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// A4 in twentieths of a point, and the margins (2 cm).
    static let a4 = (short: 11906, long: 16838)
    static let margin = 1134

    /// The document as `.docx` bytes.
    public static func data(_ document: WordDocument) throws -> Data {
        let parts: [(path: String, xml: String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRelationships),
            ("docProps/core.xml", OPCPackage.coreProperties(title: document.title)),
            ("docProps/app.xml", OPCPackage.appProperties),
            ("word/_rels/document.xml.rels", documentRelationships),
            ("word/styles.xml", styles(document)),
            ("word/document.xml", body(document)),
        ]
        guard let data = try OPCPackage.data(parts) else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// The media types of OOXML parts share these stems.
    static let officeDocument = "application/vnd.openxmlformats-officedocument"
    static let package = "application/vnd.openxmlformats-package"

    static let contentTypes =
        OPCPackage.declaration
        + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"\(package).relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        + "<Override PartName=\"/word/document.xml\" ContentType=\"\(officeDocument).wordprocessingml.document.main+xml\"/>"
        + "<Override PartName=\"/word/styles.xml\" ContentType=\"\(officeDocument).wordprocessingml.styles+xml\"/>"
        + "<Override PartName=\"/docProps/core.xml\" ContentType=\"\(package).core-properties+xml\"/>"
        + "<Override PartName=\"/docProps/app.xml\" ContentType=\"\(officeDocument).extended-properties+xml\"/>"
        + "</Types>"

    static let packageRelationships =
        OPCPackage.declaration
        + "<Relationships xmlns=\"\(packageRelationshipNamespace)\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationshipNamespace)/officeDocument\" Target=\"word/document.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"\(packageRelationshipNamespace)/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"\(relationshipNamespace)/extended-properties\" Target=\"docProps/app.xml\"/>"
        + "</Relationships>"

    static let documentRelationships =
        OPCPackage.declaration
        + "<Relationships xmlns=\"\(packageRelationshipNamespace)\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationshipNamespace)/styles\" Target=\"styles.xml\"/>"
        + "</Relationships>"

    static func styles(_ document: WordDocument) -> String {
        let language = XMLText.escaped(document.language, attribute: true)
        let (latin, lao) = (WordDocument.latinFont, WordDocument.laoFont)
        let fonts = "<w:rFonts w:ascii=\"\(latin)\" w:hAnsi=\"\(latin)\" w:eastAsia=\"\(lao)\" w:cs=\"\(lao)\"/>"
        func paragraphStyle(_ id: String, _ name: String, _ properties: String, _ run: String, level: Int? = nil) -> String {
            var xml = "<w:style w:type=\"paragraph\" w:styleId=\"\(id)\"><w:name w:val=\"\(name)\"/>"
            if id != "Normal" { xml += "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>" }
            xml += "<w:qFormat/><w:pPr>\(properties)"
            if let level { xml += "<w:outlineLvl w:val=\"\(level)\"/>" }
            xml += "</w:pPr><w:rPr>\(run)</w:rPr></w:style>"
            return xml
        }
        var xml = OPCPackage.declaration + "<w:styles xmlns:w=\"\(mainNamespace)\">"
        xml += "<w:docDefaults><w:rPrDefault><w:rPr>\(fonts)<w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>"
        xml += "<w:lang w:val=\"\(language)\" w:eastAsia=\"\(language)\" w:bidi=\"\(language)\"/></w:rPr></w:rPrDefault>"
        xml += "<w:pPrDefault><w:pPr><w:spacing w:after=\"80\" w:line=\"276\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
        xml += paragraphStyle("Normal", "Normal", "", "")
        xml += paragraphStyle("Title", "Title", "<w:spacing w:after=\"240\"/>", "<w:b/><w:bCs/><w:sz w:val=\"36\"/><w:szCs w:val=\"36\"/>")
        let headingSizes = [1: 30, 2: 24, 3: 21]
        for level in 1...3 {
            let size = headingSizes[level]!
            xml += paragraphStyle(
                "Heading\(level)",
                "heading \(level)",
                "<w:keepNext/><w:spacing w:before=\"\(level == 1 ? 240 : 160)\" w:after=\"80\"/>",
                "<w:b/><w:bCs/><w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>",
                level: level - 1
            )
        }
        xml += paragraphStyle("Note", "Note", "", "<w:color w:val=\"555555\"/><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/>")
        xml += "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:tblPr>"
        xml += "<w:tblBorders>"
        for edge in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            xml += "<w:\(edge) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"999999\"/>"
        }
        xml += "</w:tblBorders><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar>"
        xml += "</w:tblPr></w:style>"
        xml += "</w:styles>"
        return xml
    }

    static func body(_ document: WordDocument) -> String {
        let (width, height) = document.landscape ? (a4.long, a4.short) : (a4.short, a4.long)
        let textWidth = width - 2 * margin
        var xml = OPCPackage.declaration + "<w:document xmlns:w=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\"><w:body>"
        var breakBefore = false
        // Word joins two tables with nothing between, and wants a paragraph last: an empty one
        // goes after a table that is followed by another or ends the document.
        var afterTable = false
        for block in document.blocks {
            if case .pageBreak = block {
                breakBefore = true
                continue
            }
            if afterTable, case .table = block, !breakBefore { xml += "<w:p/>" }
            afterTable = false
            switch block {
            case .heading(let level, let text):
                xml += paragraph(text, style: "Heading\(min(3, max(1, level)))", pageBreakBefore: breakBefore)
            case .paragraph(let text, let style):
                xml += paragraph(text, style: style.rawValue, pageBreakBefore: breakBefore)
            case .table(let table):
                if breakBefore { xml += paragraph("", style: "Normal", pageBreakBefore: true) }
                xml += self.table(table, width: textWidth)
                afterTable = true
            case .pageBreak: break
            }
            breakBefore = false
        }
        if afterTable { xml += "<w:p/>" }
        xml += "<w:sectPr><w:pgSz w:w=\"\(width)\" w:h=\"\(height)\"\(document.landscape ? " w:orient=\"landscape\"" : "")/>"
        xml += "<w:pgMar w:top=\"\(margin)\" w:right=\"\(margin)\" w:bottom=\"\(margin)\" w:left=\"\(margin)\""
        xml += " w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>"
        xml += "</w:sectPr></w:body></w:document>"
        return xml
    }

    static func paragraph(
        _ text: String,
        style: String,
        pageBreakBefore: Bool = false,
        alignRight: Bool = false,
        bold: Bool = false
    )
        -> String
    {
        var xml = "<w:p><w:pPr><w:pStyle w:val=\"\(style)\"/>"
        if pageBreakBefore { xml += "<w:pageBreakBefore/>" }
        if alignRight { xml += "<w:jc w:val=\"right\"/>" }
        xml += "</w:pPr>"
        // One run per line: a line break inside a text is a <w:br/>.
        let lines = XMLText.cleaned(text).split(separator: "\n", omittingEmptySubsequences: false)
        if !text.isEmpty {
            xml += "<w:r>"
            if bold { xml += "<w:rPr><w:b/><w:bCs/></w:rPr>" }
            for (index, line) in lines.enumerated() {
                if index > 0 { xml += "<w:br/>" }
                xml += "<w:t xml:space=\"preserve\">\(XMLText.escaped(String(line)))</w:t>"
            }
            xml += "</w:r>"
        }
        return xml + "</w:p>"
    }

    static func table(_ table: WordDocument.Table, width: Int) -> String {
        let columns = max(table.header.count, table.rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return "" }
        let first = columns == 1 ? width : Int(Double(width) * table.firstColumnShare)
        let other = columns == 1 ? 0 : (width - first) / (columns - 1)
        let widths = (0..<columns).map { $0 == 0 ? first : other }
        var xml = "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"\(width)\" w:type=\"dxa\"/>"
        xml += "<w:tblLayout w:type=\"fixed\"/>"
        xml +=
            "<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/>"
        xml += "</w:tblPr>"
        xml += "<w:tblGrid>" + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        func row(_ cells: [String], header: Bool) -> String {
            var xml = "<w:tr>"
            if header { xml += "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" } else { xml += "<w:trPr><w:cantSplit/></w:trPr>" }
            for column in 0..<columns {
                let text = column < cells.count ? cells[column] : ""
                xml += "<w:tc><w:tcPr><w:tcW w:w=\"\(widths[column])\" w:type=\"dxa\"/>"
                if header { xml += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8ECEF\"/>" }
                xml += "</w:tcPr>"
                xml += paragraph(text, style: "Normal", alignRight: !header && table.numericColumns.contains(column), bold: header)
                xml += "</w:tc>"
            }
            return xml + "</w:tr>"
        }
        if !table.header.isEmpty { xml += row(table.header, header: true) }
        for cells in table.rows { xml += row(cells, header: false) }
        return xml + "</w:tbl>"
    }
}
