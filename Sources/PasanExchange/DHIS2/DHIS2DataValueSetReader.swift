import Foundation
import PasanDomain

/// Reads a DHIS2 data value set from JSON, CSV or XML (`docs/dhis2.md` 2.1–2.3), as DHIS2 ≤ 2.42
/// and ≥ 2.43 write it and as people edit it.
///
/// JSON: the envelope (`dataSet`, `completeDate` or `completedDate`, `period`, `orgUnit`,
/// `attributeOptionCombo`, `dryRun`, the id-scheme keys) and `dataValues[]`. Each value's
/// `value` may be a string, a number (kept as written) or a boolean (`true`/`false`);
/// `followup` and `followUp` are both read; a `comment` that is `null` or empty is none (a
/// placeholder such as `N/A` is kept as written); `storedBy` and `lastUpdated` are kept as text;
/// unknown keys are ignored. A value without its own period, organisation unit or attribute
/// option combo takes the envelope's.
///
/// CSV: when most fields of the first row are known column names (full or abbreviated, any case:
/// `dataelement`/`de`, `period`/`pe`, `orgunit`/`ou`, `categoryoptioncombo`/`catoptcombo`/`coc`,
/// `attributeoptioncombo`/`attroptcombo`/`aoc`, `value`, `storedby`, `lastupdated`/`timestamp`,
/// `comment`, `followup`, `deleted`), columns are matched by name; otherwise every row is read in
/// the documented order (`dataelement, period, orgunit, catoptcombo, attroptcombo, value,
/// storedby, lastupdated, comment, followup, deleted`). Missing trailing fields are empty; an empty
/// field is none.
///
/// Every problem is collected: a file that is not JSON (with its line), not an object,
/// `dataValues` not an array, a value without data element, period or organisation unit
/// (`dataValues[3].period`), a field of the wrong kind; in CSV the line and the column. Nothing is
/// returned while any is left. Files over `DHIS2Limits.maximumBytes` are refused unread.
public enum DHIS2DataValueSetReader {
    /// The data value set of a JSON document (`/api/dataValueSets.json`, a push, or
    /// `/api/analytics/dataValueSet.json`).
    public static func readJSON(_ data: Data, file: String) throws -> DHIS2DataValueSet {
        let root = try JSONDocument.read(data, file: file).get()
        var reader = JSONFieldReader(file: file)
        let set = dataValueSet(root, reader: &reader)
        try reader.finish()
        return set
    }

    /// The values of a CSV data value set; `dataSet` is the `dataSet` query parameter that comes
    /// with a CSV upload.
    public static func readCSV(_ data: Data, file: String, dataSet: String? = nil) throws -> DHIS2DataValueSet {
        let records = try DHIS2CSV.records(data, file: file)
        var problems: [ExchangeProblem] = []
        var columns: [(field: Column, index: Int, name: String)]
        var rows = records[...]
        // A header row names columns: most of its fields are known names (a data row may hold a
        // word such as `comment` as a value, never most of them).
        if let first = records.first, first.fields.filter({ Column(header: $0) != nil }).count * 2 > first.fields.count {
            columns = []
            var seen: Set<Column> = []
            for (index, name) in first.fields.enumerated() {
                guard let column = Column(header: name), seen.insert(column).inserted else { continue }
                columns.append((column, index, name))
            }
            for required in [Column.dataElement, .period, .orgUnit, .value] where !seen.contains(required) {
                problems.append(
                    ExchangeProblem(
                        file: file,
                        line: first.line,
                        expected: Message("dhis2_exchange.csv.column", ["column": .text(required.exportName)])
                    )
                )
            }
            rows = records.dropFirst()
        } else {
            columns = Column.documentedOrder.enumerated().map { ($1, $0, $1.exportName) }
        }
        var values: [DHIS2DataValue] = []
        values.reserveCapacity(rows.count)
        for record in rows where problems.count < maximumProblems {
            var value = DHIS2DataValue(dataElement: "", period: "", orgUnit: "", value: nil)
            for (column, index, name) in columns {
                guard index < record.fields.count else { continue }
                let text = record.fields[index]
                guard !text.isEmpty else { continue }
                func flag() -> Bool? {
                    if let flag = DHIS2Boolean.parse(text) { return flag }
                    problems.append(
                        ExchangeProblem(
                            file: file,
                            line: record.line,
                            location: name,
                            found: text,
                            expected: Message("dhis2_exchange.csv.boolean")
                        )
                    )
                    return nil
                }
                switch column {
                case .dataElement: value.dataElement = text
                case .period: value.period = text
                case .orgUnit: value.orgUnit = text
                case .categoryOptionCombo: value.categoryOptionCombo = text
                case .attributeOptionCombo: value.attributeOptionCombo = text
                case .value: value.value = text
                case .storedBy: value.storedBy = text
                case .lastUpdated: value.lastUpdated = text
                case .comment: value.comment = text
                case .followup: value.followup = flag()
                case .deleted: value.deleted = flag()
                case .created: break
                }
            }
            guard value.dataElement.isEmpty || value.period.isEmpty || value.orgUnit.isEmpty else {
                values.append(value)
                continue
            }
            for (column, text) in [(Column.dataElement, value.dataElement), (.period, value.period), (.orgUnit, value.orgUnit)]
            where text.isEmpty {
                let name = columns.first { $0.field == column }?.name ?? column.exportName
                problems.append(
                    ExchangeProblem(
                        file: file,
                        line: record.line,
                        location: name,
                        expected: Message("dhis2_exchange.value.required", ["field": .text(column.exportName)])
                    )
                )
            }
        }
        if !problems.isEmpty { throw ExchangeProblems(problems) }
        return DHIS2DataValueSet(dataSet: dataSet, values: values)
    }

    /// A file with a problem on every row stops being read after this many problems.
    static let maximumProblems = 1000

    /// The data value set of a DXF2 XML document (`<dataValueSet>` with `<dataValue>` elements,
    /// everything in attributes; `docs/dhis2.md` 2.3), read by `SafeXML` (no DTD, bounded). The
    /// envelope's attributes apply as in JSON; `timestamp` is read as `lastUpdated`.
    public static func readXML(_ data: Data, file: String) throws -> DHIS2DataValueSet {
        let root = try SafeXML.parse(data, file: file)
        var reader = JSONFieldReader(file: file)
        guard root.name == "dataValueSet" else {
            throw ExchangeProblems([
                ExchangeProblem(file: file, line: root.line, found: "<\(root.name)>", expected: Message("dhis2_exchange.xml.root"))
            ])
        }
        func text(_ node: XMLNode, _ name: String) -> String? {
            guard let text = node.attributes[name], !text.isEmpty else { return nil }
            return text
        }
        func flag(_ node: XMLNode, _ name: String, _ path: String) -> Bool? {
            guard let text = text(node, name) else { return nil }
            if let flag = DHIS2Boolean.parse(text) { return flag }
            reader.problems.append(
                ExchangeProblem(
                    file: file,
                    line: node.line,
                    location: "\(path).\(name)",
                    found: text,
                    expected: Message("dhis2_exchange.json.boolean")
                )
            )
            return nil
        }
        var set = DHIS2DataValueSet(
            dataSet: text(root, "dataSet"),
            completeDate: text(root, "completeDate") ?? text(root, "completedDate"),
            period: text(root, "period"),
            orgUnit: text(root, "orgUnit"),
            attributeOptionCombo: text(root, "attributeOptionCombo"),
            values: []
        )
        set.dryRun = flag(root, "dryRun", "dataValueSet")
        for entry in set.idSchemes.entries { set.idSchemes.set(entry.key, text(root, entry.key)) }
        for (index, node) in root.children("dataValue").enumerated() where reader.problems.count < maximumProblems {
            let path = "dataValue[\(index)]"
            let value = DHIS2DataValue(
                dataElement: text(node, "dataElement") ?? "",
                period: text(node, "period") ?? "",
                orgUnit: text(node, "orgUnit") ?? "",
                categoryOptionCombo: text(node, "categoryOptionCombo"),
                attributeOptionCombo: text(node, "attributeOptionCombo"),
                value: text(node, "value"),
                comment: text(node, "comment"),
                followup: flag(node, "followup", path) ?? flag(node, "followUp", path),
                deleted: flag(node, "deleted", path),
                storedBy: text(node, "storedBy"),
                lastUpdated: text(node, "lastUpdated") ?? text(node, "timestamp")
            )
            if let value = completed(value, envelope: set, path: { path }, line: node.line, reader: &reader) { set.values.append(value) }
        }
        try reader.finish()
        return set
    }

    /// The data value set of a parsed JSON document, its problems in `reader`.
    static func dataValueSet(_ root: JSONNode, reader: inout JSONFieldReader) -> DHIS2DataValueSet {
        var set = DHIS2DataValueSet(values: [])
        guard let members = reader.object(root, at: "") else { return set }
        var list: JSONNode?
        for (key, node) in members {
            switch key {
            case "dataSet": set.dataSet = reader.text(node, at: key)
            case "completeDate": set.completeDate = reader.text(node, at: key)
            case "completedDate": set.completeDate = set.completeDate ?? reader.text(node, at: key)
            case "period": set.period = reader.text(node, at: key)
            case "orgUnit": set.orgUnit = reader.text(node, at: key)
            case "attributeOptionCombo": set.attributeOptionCombo = reader.text(node, at: key)
            case "dryRun": set.dryRun = reader.bool(node, at: key)
            case "idScheme", "dataElementIdScheme", "orgUnitIdScheme", "categoryOptionComboIdScheme", "attributeOptionComboIdScheme",
                "dataSetIdScheme":
                set.idSchemes.set(key, reader.text(node, at: key))
            case "dataValues": list = node
            default: break
            }
        }
        switch list {
        case nil, .null?: return set
        default:
            guard let items = reader.array(list, at: "dataValues") else { return set }
            set.values.reserveCapacity(items.count)
            for (index, item) in items.enumerated() where reader.problems.count < maximumProblems {
                if let value = dataValue(item, index: index, envelope: set, reader: &reader) { set.values.append(value) }
            }
            return set
        }
    }

    /// One item of `dataValues`, with the envelope's period, organisation unit and attribute
    /// option combo where it has none.
    static func dataValue(_ item: JSONNode, index: Int, envelope: DHIS2DataValueSet, reader: inout JSONFieldReader) -> DHIS2DataValue? {
        func path() -> String { "dataValues[\(index)]" }
        guard let members = reader.object(item, at: path()) else { return nil }
        var value = DHIS2DataValue(dataElement: "", period: "", orgUnit: "", value: nil)
        var followup: Bool?
        var followUp: Bool?
        for (key, node) in members {
            switch key {
            case "dataElement": value.dataElement = reader.text(node, at: "\(path()).\(key)") ?? ""
            case "period": value.period = reader.text(node, at: "\(path()).\(key)") ?? ""
            case "orgUnit": value.orgUnit = reader.text(node, at: "\(path()).\(key)") ?? ""
            case "categoryOptionCombo": value.categoryOptionCombo = combo(node, at: "\(path()).\(key)", reader: &reader)
            case "attributeOptionCombo": value.attributeOptionCombo = combo(node, at: "\(path()).\(key)", reader: &reader)
            case "value":
                switch node {
                case .array, .object: reader.fail("\(path()).\(key)", node, Message("dhis2_exchange.json.value"))
                default: value.value = node.scalarText
                }
            case "comment":
                let comment = reader.text(node, at: "\(path()).\(key)")
                value.comment = comment?.isEmpty == false ? comment : nil
            case "followup": followup = reader.bool(node, at: "\(path()).\(key)")
            case "followUp": followUp = reader.bool(node, at: "\(path()).\(key)")
            case "deleted": value.deleted = reader.bool(node, at: "\(path()).\(key)")
            case "storedBy": value.storedBy = reader.text(node, at: "\(path()).\(key)")
            case "lastUpdated": value.lastUpdated = reader.text(node, at: "\(path()).\(key)")
            default: break
            }
        }
        value.followup = followup ?? followUp
        return completed(value, envelope: envelope, path: path, reader: &reader)
    }

    /// The value with the envelope's period, organisation unit and attribute option combo where
    /// it has none, or `nil` (and a problem for each) when it lacks a data element, period or
    /// organisation unit.
    static func completed(
        _ value: DHIS2DataValue,
        envelope: DHIS2DataValueSet,
        path: () -> String,
        line: Int? = nil,
        reader: inout JSONFieldReader
    ) -> DHIS2DataValue? {
        var value = value
        if value.period.isEmpty, let period = envelope.period { value.period = period }
        if value.orgUnit.isEmpty, let orgUnit = envelope.orgUnit { value.orgUnit = orgUnit }
        if value.attributeOptionCombo?.isEmpty ?? true, let combo = envelope.attributeOptionCombo { value.attributeOptionCombo = combo }
        guard value.dataElement.isEmpty || value.period.isEmpty || value.orgUnit.isEmpty else { return value }
        for (field, text) in [("dataElement", value.dataElement), ("period", value.period), ("orgUnit", value.orgUnit)] where text.isEmpty {
            reader.problems.append(
                ExchangeProblem(
                    file: reader.file,
                    line: line,
                    location: "\(path()).\(field)",
                    expected: Message("dhis2_exchange.value.required", ["field": .text(field)])
                )
            )
        }
        return nil
    }

    /// A category or attribute option combo: a UID or code. DHIS2 ≥ 2.43 also takes a
    /// `{category: option}` object, which Pasan does not resolve: a problem.
    static func combo(_ node: JSONNode, at path: @autoclosure () -> String, reader: inout JSONFieldReader) -> String? {
        if case .object = node {
            reader.fail(path(), node, Message("dhis2_exchange.value.comboObject"))
            return nil
        }
        let text = reader.text(node, at: path())
        return text?.isEmpty == false ? text : nil
    }

    /// The columns of DHIS2's data value CSV.
    enum Column: Hashable, CaseIterable {
        case dataElement, period, orgUnit, categoryOptionCombo, attributeOptionCombo, value, storedBy, lastUpdated, comment, followup
        case deleted, created

        /// The order DHIS2 documents, read when the file has no header.
        static let documentedOrder: [Column] = [
            .dataElement, .period, .orgUnit, .categoryOptionCombo, .attributeOptionCombo, .value, .storedBy, .lastUpdated, .comment,
            .followup,
            .deleted,
        ]

        /// A header field's column: its name folded to lower case without spaces, `_` or `-`.
        init?(header: String) {
            let folded = String(header.lowercased().unicodeScalars.filter { !" _-\t".unicodeScalars.contains($0) })
            switch folded {
            case "dataelement", "de": self = .dataElement
            case "period", "pe": self = .period
            case "orgunit", "ou", "organisationunit", "organizationunit": self = .orgUnit
            case "categoryoptioncombo", "catoptcombo", "coc", "co": self = .categoryOptionCombo
            case "attributeoptioncombo", "attroptcombo", "aoc", "ao": self = .attributeOptionCombo
            case "value": self = .value
            case "storedby": self = .storedBy
            case "lastupdated", "timestamp": self = .lastUpdated
            case "comment": self = .comment
            case "followup": self = .followup
            case "deleted": self = .deleted
            case "created": self = .created
            default: return nil
            }
        }

        /// The name in DHIS2's export header.
        var exportName: String {
            switch self {
            case .dataElement: return "dataelement"
            case .period: return "period"
            case .orgUnit: return "orgunit"
            case .categoryOptionCombo: return "categoryoptioncombo"
            case .attributeOptionCombo: return "attributeoptioncombo"
            case .value: return "value"
            case .storedBy: return "storedby"
            case .lastUpdated: return "lastupdated"
            case .comment: return "comment"
            case .followup: return "followup"
            case .deleted: return "deleted"
            case .created: return "created"
            }
        }
    }
}
