import Foundation

/// Writes an `XLSXWorkbook` as an Office Open XML workbook (`.xlsx`), built in memory: a zip of
/// deflated XML parts written by hand. Texts go into a shared-strings table; numbers are written
/// as their shortest exact decimal without an exponent (`SDMXNumber.format`). Characters XML 1.0
/// cannot hold (control characters other than tab, line feed and carriage return; U+FFFE, U+FFFF)
/// are dropped, and a literal `_x0041_` in a text is escaped so a spreadsheet does not read it as
/// an escaped character.
public enum XLSXWriter {
    /// The workbook as `.xlsx` bytes. Throws `XLSXWriteError` when the workbook itself is wrong
    /// (bad or duplicate sheet names, an inline list too long, a list on an unknown sheet).
    public static func data(_ workbook: XLSXWorkbook) throws -> Data {
        try check(workbook)
        var strings = SharedStrings()
        var parts: [(path: String, xml: String)] = []
        for (index, sheet) in workbook.sheets.enumerated() {
            parts.append(
                (
                    "xl/worksheets/sheet\(index + 1).xml",
                    worksheet(sheet, isFirstVisible: index == firstVisible(workbook), strings: &strings)
                )
            )
        }
        let all: [(path: String, xml: String)] =
            [
                ("[Content_Types].xml", contentTypes(workbook)),
                ("_rels/.rels", packageRelationships),
                ("docProps/core.xml", OPCPackage.coreProperties(title: workbook.title)),
                ("docProps/app.xml", OPCPackage.appProperties),
                ("xl/workbook.xml", workbookPart(workbook)),
                ("xl/_rels/workbook.xml.rels", workbookRelationships(workbook)),
                ("xl/styles.xml", styles),
                ("xl/sharedStrings.xml", strings.xml),
            ] + parts
        guard let data = try OPCPackage.data(all) else { throw XLSXWriteError.noSheets }
        return data
    }

    static func firstVisible(_ workbook: XLSXWorkbook) -> Int {
        workbook.sheets.firstIndex { !$0.isHidden } ?? 0
    }

    static func check(_ workbook: XLSXWorkbook) throws {
        guard !workbook.sheets.isEmpty else { throw XLSXWriteError.noSheets }
        guard workbook.sheets.contains(where: { !$0.isHidden }) else { throw XLSXWriteError.noVisibleSheet }
        var names: Set<String> = []
        for sheet in workbook.sheets {
            let name = sheet.name
            if name.isEmpty || name.count > XLSXWorkbook.maximumSheetNameLength
                || name.contains(where: { XLSXWorkbook.forbiddenSheetNameCharacters.contains($0) })
                || name.hasPrefix("'") || name.hasSuffix("'") || name != XMLText.cleaned(name)
            {
                throw XLSXWriteError.invalidSheetName(name)
            }
            guard names.insert(name.lowercased()).inserted else { throw XLSXWriteError.duplicateSheetName(name) }
        }
        for sheet in workbook.sheets {
            if sheet.rows.count > XLSXReader.maximumRow || sheet.rows.contains(where: { $0.count > XLSXReader.maximumColumn }) {
                throw XLSXWriteError.cellOutOfRange(sheet: sheet.name)
            }
            for validation in sheet.validations {
                let columns = [validation.firstColumn, validation.lastColumn]
                let rows = [validation.firstRow, validation.lastRow]
                if columns.contains(where: { !(1...XLSXReader.maximumColumn).contains($0) })
                    || rows.contains(where: { !(1...XLSXReader.maximumRow).contains($0) })
                {
                    throw XLSXWriteError.cellOutOfRange(sheet: sheet.name)
                }
                switch validation.list {
                case .inline(let codes):
                    if !XLSXList.fitsInline(codes) { throw XLSXWriteError.inlineListTooLong(sheet: sheet.name) }
                case .range(let list, let column, let first, let last):
                    if !names.contains(list.lowercased()) { throw XLSXWriteError.unknownListSheet(sheet: sheet.name, list: list) }
                    if !(1...XLSXReader.maximumColumn).contains(column) || !(1...XLSXReader.maximumRow).contains(first)
                        || !(1...XLSXReader.maximumRow).contains(last)
                    {
                        throw XLSXWriteError.cellOutOfRange(sheet: sheet.name)
                    }
                }
            }
        }
    }

    // MARK: - Parts

    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationshipNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let declaration = OPCPackage.declaration

    static func contentTypes(_ workbook: XLSXWorkbook) -> String {
        var xml = declaration
        xml += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        xml +=
            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for index in workbook.sheets.indices {
            xml +=
                "<Override PartName=\"/xl/worksheets/sheet\(index + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        xml +=
            "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        xml +=
            "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
        xml += "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        xml +=
            "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        xml += "</Types>"
        return xml
    }

    static let packageRelationships =
        declaration + "<Relationships xmlns=\"\(packageRelationshipNamespace)\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
        + "</Relationships>"

    static func workbookPart(_ workbook: XLSXWorkbook) -> String {
        var xml = declaration
        xml += "<workbook xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\">"
        xml += "<bookViews><workbookView activeTab=\"\(firstVisible(workbook))\"/></bookViews><sheets>"
        for (index, sheet) in workbook.sheets.enumerated() {
            xml += "<sheet name=\"\(XMLText.escaped(sheet.name, attribute: true))\" sheetId=\"\(index + 1)\""
            if sheet.isHidden { xml += " state=\"hidden\"" }
            xml += " r:id=\"rId\(index + 1)\"/>"
        }
        xml += "</sheets></workbook>"
        return xml
    }

    static func workbookRelationships(_ workbook: XLSXWorkbook) -> String {
        var xml = declaration + "<Relationships xmlns=\"\(packageRelationshipNamespace)\">"
        let type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        for index in workbook.sheets.indices {
            xml += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(type)worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }
        let n = workbook.sheets.count
        xml += "<Relationship Id=\"rId\(n + 1)\" Type=\"\(type)styles\" Target=\"styles.xml\"/>"
        xml += "<Relationship Id=\"rId\(n + 2)\" Type=\"\(type)sharedStrings\" Target=\"sharedStrings.xml\"/>"
        xml += "</Relationships>"
        return xml
    }

    /// The default font (font 0) and the cell formats, in the order of `XLSXStyle`'s raw values.
    static let styles: String = {
        let font = "<sz val=\"11\"/><name val=\"Noto Sans Lao\"/><family val=\"2\"/>"
        var xml = declaration + "<styleSheet xmlns=\"\(mainNamespace)\">"
        xml += "<fonts count=\"3\">"
        xml += "<font>\(font)</font>"
        xml += "<font><b/>\(font)</font>"
        xml += "<font><color rgb=\"FF595959\"/>\(font)</font>"
        xml += "</fonts>"
        xml += "<fills count=\"4\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
        xml += "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFDDEBF7\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        xml += "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFEDEDED\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        xml += "</fills>"
        xml += "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        xml += "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        xml += "<cellXfs count=\"6\">"
        // normal
        xml += "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        // header
        xml +=
            "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"
        // input
        xml +=
            "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyProtection=\"1\"><protection locked=\"0\"/></xf>"
        // inputText
        xml +=
            "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyProtection=\"1\"><protection locked=\"0\"/></xf>"
        // reference
        xml += "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"/>"
        // note
        xml +=
            "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"
        xml += "</cellXfs>"
        xml += "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        xml += "</styleSheet>"
        return xml
    }()

    /// A worksheet, its parts in the order the schema requires.
    static func worksheet(_ sheet: XLSXSheet, isFirstVisible: Bool, strings: inout SharedStrings) -> String {
        var xml = declaration
        xml += "<worksheet xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\">"
        let width = sheet.rows.map(\.count).max() ?? 0
        if !sheet.rows.isEmpty && width > 0 {
            xml += "<dimension ref=\"A1:\(XLSXReader.reference(column: width, row: sheet.rows.count))\"/>"
        }
        xml += "<sheetViews><sheetView workbookViewId=\"0\"\(isFirstVisible ? " tabSelected=\"1\"" : "")>"
        if sheet.frozenRows > 0 {
            let topLeft = XLSXReader.reference(column: 1, row: sheet.frozenRows + 1)
            xml += "<pane ySplit=\"\(sheet.frozenRows)\" topLeftCell=\"\(topLeft)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            xml += "<selection pane=\"bottomLeft\" activeCell=\"\(topLeft)\" sqref=\"\(topLeft)\"/>"
        }
        xml += "</sheetView></sheetViews>"
        xml += "<sheetFormatPr defaultRowHeight=\"15\"/>"
        if !sheet.columns.isEmpty {
            xml += "<cols>"
            for (column, format) in sheet.columns.sorted(by: { $0.key < $1.key })
            where (1...XLSXReader.maximumColumn).contains(column) {
                xml += "<col min=\"\(column)\" max=\"\(column)\""
                xml += " width=\"\(SDMXNumber.format(format.width ?? 9.140625))\""
                if format.width != nil { xml += " customWidth=\"1\"" }
                if let style = format.style, style != .normal { xml += " style=\"\(style.rawValue)\"" }
                xml += "/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            let r = rowIndex + 1
            var cells = ""
            for (columnIndex, cell) in row.enumerated() {
                let reference = XLSXReader.reference(column: columnIndex + 1, row: r)
                let style = cell.style == .normal ? "" : " s=\"\(cell.style.rawValue)\""
                switch cell.value {
                case .text(let text):
                    let index = strings.index(of: XMLText.cleaned(text))
                    cells += "<c r=\"\(reference)\"\(style) t=\"s\"><v>\(index)</v></c>"
                case .number(let number) where number.isFinite:
                    cells += "<c r=\"\(reference)\"\(style)><v>\(SDMXNumber.format(number))</v></c>"
                case .number, .empty:
                    if !style.isEmpty { cells += "<c r=\"\(reference)\"\(style)/>" }
                }
            }
            if !cells.isEmpty { xml += "<row r=\"\(r)\">\(cells)</row>" }
        }
        xml += "</sheetData>"
        if sheet.isProtected {
            // Locked cells stay locked; columns and rows may still be resized.
            xml += "<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\" formatColumns=\"0\" formatRows=\"0\"/>"
        }
        if !sheet.validations.isEmpty {
            xml += "<dataValidations count=\"\(sheet.validations.count)\">"
            for validation in sheet.validations { xml += dataValidation(validation) }
            xml += "</dataValidations>"
        }
        xml += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        xml += "</worksheet>"
        return xml
    }

    static func dataValidation(_ validation: XLSXValidation) -> String {
        let first = XLSXReader.reference(column: validation.firstColumn, row: validation.firstRow)
        let last = XLSXReader.reference(column: validation.lastColumn, row: validation.lastRow)
        var xml = "<dataValidation type=\"list\" errorStyle=\"stop\""
        if validation.allowsBlank { xml += " allowBlank=\"1\"" }
        xml += " showInputMessage=\"1\" showErrorMessage=\"1\""
        xml += " errorTitle=\"\(XMLText.escaped(cut(validation.errorTitle, 32), attribute: true))\""
        xml += " error=\"\(XMLText.escaped(cut(validation.errorMessage, 255), attribute: true))\""
        if let title = validation.promptTitle { xml += " promptTitle=\"\(XMLText.escaped(cut(title, 32), attribute: true))\"" }
        if let prompt = validation.prompt { xml += " prompt=\"\(XMLText.escaped(cut(prompt, 255), attribute: true))\"" }
        xml += " sqref=\"\(first == last ? first : "\(first):\(last)")\">"
        switch validation.list {
        case .inline(let codes):
            xml += "<formula1>\(XMLText.escaped("\"" + codes.joined(separator: ",") + "\""))</formula1>"
        case .range(let sheet, let column, let firstRow, let lastRow):
            let letters = XLSXReader.columnName(column)
            let quoted = "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
            xml += "<formula1>\(XMLText.escaped("\(quoted)!$\(letters)$\(firstRow):$\(letters)$\(lastRow)"))</formula1>"
        }
        xml += "</dataValidation>"
        return xml
    }

    /// `text` cut to `limit` UTF-16 units (a spreadsheet counts them), on a character boundary.
    static func cut(_ text: String, _ limit: Int) -> String {
        let cleaned = XMLText.cleaned(text)
        guard cleaned.utf16.count > limit else { return cleaned }
        var result = ""
        var units = 0
        for character in cleaned {
            let n = character.utf16.count
            if units + n > limit { break }
            units += n
            result.append(character)
        }
        return result
    }

    /// The workbook's texts, each stored once.
    struct SharedStrings {
        var indices: [String: Int] = [:]
        var texts: [String] = []
        var references = 0

        mutating func index(of text: String) -> Int {
            references += 1
            if let index = indices[text] { return index }
            indices[text] = texts.count
            texts.append(text)
            return texts.count - 1
        }

        var xml: String {
            var xml = declaration
            xml += "<sst xmlns=\"\(mainNamespace)\" count=\"\(references)\" uniqueCount=\"\(texts.count)\">"
            for text in texts {
                let preserve =
                    text.first.map { $0.isWhitespace } == true || text.last.map { $0.isWhitespace } == true
                    || text.contains("\n") || text.contains("\t")
                xml += preserve ? "<si><t xml:space=\"preserve\">" : "<si><t>"
                xml += XMLText.escaped(XMLText.escapingUnderscoreCodes(text))
                xml += "</t></si>"
            }
            xml += "</sst>"
            return xml
        }
    }
}

/// Text as XML 1.0 and Office Open XML hold it.
enum XMLText {
    /// Whether XML 1.0 can hold the character at all.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000
    }

    /// `text` without the characters XML 1.0 cannot hold.
    static func cleaned(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !isAllowed($0) }) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter(isAllowed))
        return String(scalars)
    }

    /// `text` escaped for an element or a double-quoted attribute; a carriage return is written
    /// as a character reference so that no parser folds it into a line feed, and so are a tab
    /// and a line feed in an attribute, where a parser would make them spaces.
    static func escaped(_ text: String, attribute: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            default:
                if isAllowed(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Office Open XML reads `_xHHHH_` in a text as the character U+HHHH; a text that holds such a
    /// sequence literally has its underscore written `_x005F_`.
    static func escapingUnderscoreCodes(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var out = ""
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "_", underscoreCode(in: scalars, at: i) != nil {
                out += "_x005F_"
            } else {
                out.unicodeScalars.append(scalars[i])
            }
            i += 1
        }
        return out
    }

    /// The scalar coded `_xHHHH_` at `i`, if there is one.
    static func underscoreCode(in scalars: [Unicode.Scalar], at i: Int) -> Unicode.Scalar? {
        guard i + 6 < scalars.count, scalars[i] == "_", scalars[i + 1] == "x", scalars[i + 6] == "_" else { return nil }
        var value: UInt32 = 0
        for j in 2...5 {
            let v = scalars[i + j].value
            let digit: UInt32
            switch v {
            case 0x30...0x39: digit = v - 0x30
            case 0x41...0x46: digit = v - 0x41 + 10
            case 0x61...0x66: digit = v - 0x61 + 10
            default: return nil
            }
            value = value * 16 + digit
        }
        return Unicode.Scalar(value)
    }

    /// `text` with every `_xHHHH_` read as its character (a spreadsheet writes a carriage return
    /// `_x000D_`); characters XML cannot hold are dropped.
    static func decodingUnderscoreCodes(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if let scalar = underscoreCode(in: scalars, at: i) {
                if isAllowed(scalar) { out.append(scalar) }
                i += 7
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }
}
