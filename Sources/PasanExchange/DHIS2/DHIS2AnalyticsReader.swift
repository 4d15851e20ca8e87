import Foundation
import PasanDomain

/// A DHIS2 analytics answer (`/api/analytics`, `/api/analytics/outlierDetection`; `docs/dhis2.md`
/// 4) as a table: the header names, the rows (each cell a text: numbers as written, an empty
/// string or null as `nil`), and the metadata's items and dimensions.
public struct DHIS2AnalyticsTable: Sendable, Hashable {
    /// The `name` of each header (`dx`, `pe`, `ou`, `value`, `numerator`…).
    public var headers: [String]
    /// The cells of each row, in header order; a row shorter than the headers is padded with `nil`.
    public var rows: [[String?]]
    /// `metaData.items` by UID (older servers: `metaData.names`).
    public var items: [String: DHIS2AnalyticsItem]
    /// `metaData.dimensions` (older servers: the `dx`, `pe`, `ou`, `co` lists of `metaData`).
    public var dimensions: [String: [String]]

    public init(headers: [String], rows: [[String?]], items: [String: DHIS2AnalyticsItem] = [:], dimensions: [String: [String]] = [:]) {
        self.headers = headers
        self.rows = rows
        self.items = items
        self.dimensions = dimensions
    }

    /// The rows as data values: `dx` → data element (`de.coc` is split on the dot into data
    /// element and category option combo, `de.coc.aoc` also gives the attribute option combo, `*`
    /// standing for any; a part after the dot that is not a UID, as in `de.REPORTING_RATE`, keeps
    /// `dx` whole), `pe` → period, `ou` → organisation unit, `co` and `ao` (when present) → the
    /// combos, `value` → value. Columns are found by header name, never by position.
    ///
    /// A dimension DHIS2 was asked for as a filter has no column: it is taken from `filters` (the
    /// caller knows what it asked: `["dx": "fbfJHSPpUQD"]`), else from `dimensions` when that lists
    /// exactly one item. Anything still missing is a problem, as is a row without one of its cells.
    public func dataValues(file: String, filters: [String: String] = [:]) throws -> [DHIS2DataValue] {
        var problems: [ExchangeProblem] = []
        func column(_ name: String) -> Int? { headers.firstIndex(of: name) }
        enum Source {
            case column(Int)
            case fixed(String)
        }
        func source(_ name: String) -> Source? {
            if let index = column(name) { return .column(index) }
            if let fixed = filters[name] { return .fixed(fixed) }
            if let listed = dimensions[name], listed.count == 1 { return .fixed(listed[0]) }
            return nil
        }
        var sources: [String: Source] = [:]
        for name in ["dx", "pe", "ou", "value"] {
            if let found = name == "value" ? column(name).map(Source.column) : source(name) {
                sources[name] = found
            } else {
                problems.append(
                    ExchangeProblem(
                        file: file,
                        location: "headers",
                        found: headers.joined(separator: ", "),
                        expected: Message("dhis2_exchange.analytics.column", ["column": .text(name)])
                    )
                )
            }
        }
        guard problems.isEmpty, case .some(let dx) = sources["dx"], case .some(let pe) = sources["pe"], case .some(let ou) = sources["ou"],
            case .column(let valueColumn)? = sources["value"]
        else { throw ExchangeProblems(problems) }
        let co = source("co"), ao = source("ao")
        var values: [DHIS2DataValue] = []
        values.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            func cell(_ source: Source?, _ name: String, required: Bool) -> String? {
                switch source {
                case .fixed(let text)?: return text
                case .column(let column)?:
                    if column < row.count, let text = row[column] { return text }
                    if required {
                        problems.append(
                            ExchangeProblem(
                                file: file,
                                location: "rows[\(index)][\(column)]",
                                expected: Message("dhis2_exchange.analytics.cell", ["column": .text(name)])
                            )
                        )
                    }
                    return nil
                case nil: return nil
                }
            }
            let data = cell(dx, "dx", required: true)
            let period = cell(pe, "pe", required: true)
            let orgUnit = cell(ou, "ou", required: true)
            guard let data, let period, let orgUnit else { continue }
            var value = DHIS2DataValue(
                dataElement: data,
                period: period,
                orgUnit: orgUnit,
                value: cell(.column(valueColumn), "value", required: false)
            )
            let parts = data.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 2 || parts.count == 3, DHIS2UID.isValid(parts[0]),
                parts.dropFirst().allSatisfy({ $0 == "*" || DHIS2UID.isValid($0) })
            {
                value.dataElement = String(parts[0])
                if parts[1] != "*" { value.categoryOptionCombo = String(parts[1]) }
                if parts.count == 3, parts[2] != "*" { value.attributeOptionCombo = String(parts[2]) }
            }
            if let combo = cell(co, "co", required: false) { value.categoryOptionCombo = combo }
            if let combo = cell(ao, "ao", required: false) { value.attributeOptionCombo = combo }
            values.append(value)
        }
        if !problems.isEmpty { throw ExchangeProblems(problems) }
        return values
    }
}

/// An item of an analytics answer's `metaData.items`.
public struct DHIS2AnalyticsItem: Sendable, Hashable {
    public var name: String?
    public var code: String?
    /// `DATA_ELEMENT`, `INDICATOR`, `PERIOD`, `ORGANISATION_UNIT`…
    public var dimensionItemType: String?

    public init(name: String?, code: String? = nil, dimensionItemType: String? = nil) {
        self.name = name
        self.code = code
        self.dimensionItemType = dimensionItemType
    }
}

/// Reads DHIS2's analytics answers: the `/api/analytics` table (cells as strings or as numbers:
/// both occur) and `/api/analytics/dataValueSet.json` (a data value set). Bounded like every
/// DHIS2 reader (`DHIS2Limits`); every problem is collected.
public enum DHIS2AnalyticsReader {
    /// The table of an `/api/analytics` (or outlier detection) answer.
    public static func readTable(_ data: Data, file: String) throws -> DHIS2AnalyticsTable {
        let root = try JSONDocument.read(data, file: file).get()
        var reader = JSONFieldReader(file: file)
        var table = DHIS2AnalyticsTable(headers: [], rows: [])
        guard reader.object(root, at: "") != nil else {
            try reader.finish()
            return table
        }
        for (index, header) in (reader.array(root["headers"] ?? .array([]), at: "headers") ?? []).enumerated() {
            // A header is an object with a name; a bare string is taken as the name.
            let name = reader.text(header["name"] ?? (header.scalarText.map(JSONNode.string) ?? .null), at: "headers[\(index)].name")
            if let name {
                table.headers.append(name)
            } else {
                reader.fail("headers[\(index)]", header, Message("dhis2_exchange.analytics.header"))
            }
        }
        for (index, row) in (reader.array(root["rows"] ?? .array([]), at: "rows") ?? []).enumerated() {
            guard let cells = reader.array(row, at: "rows[\(index)]") else { continue }
            var texts: [String?] = []
            texts.reserveCapacity(max(cells.count, table.headers.count))
            for (column, cell) in cells.enumerated() {
                switch cell {
                case .array, .object:
                    reader.fail("rows[\(index)][\(column)]", cell, Message("dhis2_exchange.json.value"))
                    texts.append(nil)
                default:
                    let text = cell.scalarText
                    texts.append(text?.isEmpty == false ? text : nil)
                }
            }
            while texts.count < table.headers.count { texts.append(nil) }
            table.rows.append(texts)
        }
        if let metaData = root["metaData"], case .object = metaData {
            readMetaData(metaData, into: &table, reader: &reader)
        }
        try reader.finish()
        return table
    }

    /// The values of an `/api/analytics/dataValueSet.json` answer (the shape of a data value set).
    public static func readDataValueSet(_ data: Data, file: String) throws -> [DHIS2DataValue] {
        try DHIS2DataValueSetReader.readJSON(data, file: file).values
    }

    static func readMetaData(_ metaData: JSONNode, into table: inout DHIS2AnalyticsTable, reader: inout JSONFieldReader) {
        if case .object(let items)? = metaData["items"] {
            for (uid, item) in items {
                let path = "metaData.items.\(uid)"
                table.items[uid] = DHIS2AnalyticsItem(
                    name: reader.text(item["name"], at: "\(path).name"),
                    code: reader.text(item["code"], at: "\(path).code"),
                    dimensionItemType: reader.text(item["dimensionItemType"], at: "\(path).dimensionItemType")
                )
            }
        } else if case .object(let names)? = metaData["names"] {
            for (uid, name) in names { table.items[uid] = DHIS2AnalyticsItem(name: reader.text(name, at: "metaData.names.\(uid)")) }
        }
        func list(_ node: JSONNode, at path: String) -> [String] {
            guard let entries = reader.array(node, at: path) else { return [] }
            return entries.enumerated().compactMap { reader.text($1, at: "\(path)[\($0)]") }
        }
        if case .object(let dimensions)? = metaData["dimensions"] {
            for (name, node) in dimensions { table.dimensions[name] = list(node, at: "metaData.dimensions.\(name)") }
        } else {
            for name in ["dx", "pe", "ou", "co"] {
                if let node = metaData[name] { table.dimensions[name] = list(node, at: "metaData.\(name)") }
            }
        }
    }
}
