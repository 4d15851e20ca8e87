import Foundation
import PasanDomain

/// Reads an IATI activity file (version 2.03) into records that keep every element's line
/// (`docs/villages.md`). The XML is parsed by `SafeXML` (no DTD, bounded size and depth); then the
/// rules of the 2.03 schema that Pasan's reading depends on are checked, so that a file
/// `xmllint --schema iati-activities-schema.xsd` refuses is refused here too:
///
/// - the root is `iati-activities` with `@version`, holding one or more `iati-activity`;
/// - an `iati-activity`'s children come in the schema's order and number (`iati-identifier`,
///   `reporting-org`, `title`, `description`+, `participating-org`+, …, `activity-status`,
///   `activity-date`+, …); elements of other namespaces (extensions) only after them;
/// - the required attributes and children of the elements Pasan reads (`reporting-org/@ref`,
///   `@type` and narrative; `participating-org/@role`; `activity-status/@code`;
///   `activity-date/@type` and `@iso-date`; `budget`'s `period-start`, `period-end`, `value` with
///   `@value-date`; `location-id` and `administrative` with `@code` and `@vocabulary`;
///   `point/@srsName` and `pos`; `sector/@code`; `tag/@code` and `@vocabulary`;
///   `recipient-country/@code`), no text where only elements may be, dates as `xsd:date`,
///   numbers as `xsd:decimal`.
///
/// What is not checked here (the children of elements Pasan does not read, such as
/// `transaction` or `result`, and unknown attributes) is left to the schema validation the
/// tests run with `xmllint`.
public enum IATIActivityReader {
    /// The children of `iati-activity` in the schema's order: name, least and most (nil: any).
    static let activitySequence: [(name: String, min: Int, max: Int?)] = [
        ("iati-identifier", 1, 1), ("reporting-org", 1, 1), ("title", 1, 1), ("description", 1, nil),
        ("participating-org", 1, nil), ("other-identifier", 0, nil), ("activity-status", 1, 1), ("activity-date", 1, nil),
        ("contact-info", 0, nil), ("activity-scope", 0, 1), ("recipient-country", 0, nil), ("recipient-region", 0, nil),
        ("location", 0, nil), ("sector", 0, nil), ("tag", 0, nil), ("country-budget-items", 0, 1), ("humanitarian-scope", 0, nil),
        ("policy-marker", 0, nil), ("collaboration-type", 0, 1), ("default-flow-type", 0, 1), ("default-finance-type", 0, 1),
        ("default-aid-type", 0, nil), ("default-tied-status", 0, 1), ("budget", 0, nil), ("planned-disbursement", 0, nil),
        ("capital-spend", 0, 1), ("transaction", 0, nil), ("document-link", 0, nil), ("related-activity", 0, nil),
        ("legacy-data", 0, nil), ("conditions", 0, 1), ("result", 0, nil), ("crs-add", 0, 1), ("fss", 0, 1),
    ]

    /// The children of `location` in the schema's order.
    static let locationSequence: [(name: String, min: Int, max: Int?)] = [
        ("location-reach", 0, 1), ("location-id", 0, nil), ("name", 0, 1), ("description", 0, 1), ("activity-description", 0, 1),
        ("administrative", 0, nil), ("point", 0, 1), ("exactness", 0, 1), ("location-class", 0, 1), ("feature-designation", 0, 1),
    ]

    static let budgetSequence: [(name: String, min: Int, max: Int?)] = [("period-start", 1, 1), ("period-end", 1, 1), ("value", 1, 1)]

    /// Reads the file: the records, every problem (any problem refuses the file) and the notices.
    public static func read(
        data: Data,
        filename: String
    ) -> (
        records: [IATIActivityRecord], problems: [IATIImportProblem], notices: [IATIImportProblem]
    ) {
        let root: XMLNode
        do {
            root = try IATIXML.parse(data, file: filename)
        } catch let error as ExchangeProblems {
            return ([], error.problems.map { IATIImportProblem(identifier: nil, element: "", line: $0.line, message: $0.expected) }, [])
        } catch {
            return ([], [IATIImportProblem(identifier: nil, element: "", line: nil, message: Message("exchange.xml.wellFormed"))], [])
        }
        var reading = Reading()
        guard root.name == "iati-activities", root.namespace?.isEmpty ?? true else {
            reading.problem(nil, root.name, root.line, Message("iati.schema.root", ["found": .text(root.name)]))
            return ([], reading.problems, reading.notices)
        }
        if root.attributes["version"]?.isEmpty ?? true {
            reading.problem(nil, "iati-activities/@version", root.line, Message("iati.schema.attributeMissing", ["attribute": "version"]))
        } else if root.attributes["version"] != "2.03" {
            reading.notice(
                nil,
                "iati-activities/@version",
                root.line,
                Message("iati.schema.version", ["version": .text(root.attributes["version"] ?? "")])
            )
        }
        reading.checkElementOnly(root, identifier: nil)
        reading.checkAttributes(root, identifier: nil, path: "iati-activities")
        if let generated = root.attributes["generated-datetime"], !IATIActivityReader.isDateTime(generated) {
            reading.problem(nil, "iati-activities/@generated-datetime", root.line, Message("iati.schema.date", ["value": .text(generated)]))
        }
        var records: [IATIActivityRecord] = []
        var sawOther = false
        for child in root.children {
            if !(child.namespace?.isEmpty ?? true) {
                sawOther = true
                continue
            }
            guard child.name == "iati-activity", !sawOther else {
                reading.problem(nil, child.name, child.line, Message("iati.schema.unexpected", ["element": .text(child.name)]))
                continue
            }
            records.append(reading.activity(child, rootLanguage: root.attributes["xml:lang"]))
        }
        if records.isEmpty && reading.problems.isEmpty {
            reading.problem(nil, "iati-activity", root.line, Message("iati.schema.childMissing", ["element": "iati-activity"]))
        }
        return (records, reading.problems, reading.notices)
    }

    /// `xsd:date`: `YYYY-MM-DD` with an optional time zone (`Z`, `+07:00`).
    static func date(_ text: String) -> LocalDate? {
        var value = text.trimmingSpaces
        if value.hasSuffix("Z") {
            value.removeLast()
        } else if value.count == 16, let sign = value.dropFirst(10).first, sign == "+" || sign == "-" {
            let zone = value.suffix(6)
            guard zone.dropFirst().count == 5, zone.dropFirst().prefix(2).allSatisfy(\.isNumber), zone.dropFirst(3).first == ":",
                zone.suffix(2).allSatisfy(\.isNumber)
            else { return nil }
            value = String(value.prefix(10))
        }
        return LocalDate(iso: value)
    }

    /// `xsd:dateTime`: `YYYY-MM-DDThh:mm:ss`, optional fractions and time zone.
    static func isDateTime(_ text: String) -> Bool {
        let value = text.trimmingSpaces
        guard value.count >= 19, date(String(value.prefix(10))) != nil else { return false }
        let time = Array(value.dropFirst(10).prefix(9))
        guard time[0] == "T", time[3] == ":", time[6] == ":" else { return false }
        let digits = [time[1], time[2], time[4], time[5], time[7], time[8]]
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        var rest = Substring(value.dropFirst(19))
        if rest.first == "." {
            rest = rest.dropFirst()
            let fraction = rest.prefix { $0.isASCII && $0.isNumber }
            guard !fraction.isEmpty else { return false }
            rest = rest.dropFirst(fraction.count)
        }
        if rest.isEmpty || rest == "Z" { return true }
        let zone = Array(rest)
        return zone.count == 6 && (zone[0] == "+" || zone[0] == "-") && zone[3] == ":"
            && [zone[1], zone[2], zone[4], zone[5]].allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The unqualified attributes the schema allows on the elements Pasan reads (attributes of
    /// other namespaces are allowed on all of them).
    static let allowedAttributes: [String: Set<String>] = [
        "iati-activities": ["version", "generated-datetime", "linked-data-default"],
        "iati-activity": [
            "last-updated-datetime", "default-currency", "humanitarian", "hierarchy", "linked-data-uri", "budget-not-provided",
        ],
        "iati-identifier": [], "reporting-org": ["ref", "type", "secondary-reporter"], "title": [], "description": ["type"],
        "participating-org": ["ref", "type", "role", "activity-id", "crs-channel-code"], "activity-status": ["code"],
        "activity-date": ["type", "iso-date"], "recipient-country": ["code", "percentage"], "location": ["ref"],
        "location-id": ["code", "vocabulary"], "administrative": ["code", "vocabulary", "level"], "name": [], "point": ["srsName"],
        "pos": [], "sector": ["vocabulary", "vocabulary-uri", "code", "percentage"], "tag": ["code", "vocabulary", "vocabulary-uri"],
        "budget": ["type", "status"], "period-start": ["iso-date"], "period-end": ["iso-date"], "value": ["currency", "value-date"],
        "narrative": [],
    ]

    /// `xsd:decimal`: an optional sign, digits with an optional decimal point; no exponent.
    static func decimal(_ text: String) -> Double? {
        let value = text.trimmingSpaces
        var body = Substring(value)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard !body.isEmpty, parts.count <= 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            parts.contains(where: { !$0.isEmpty })
        else { return nil }
        return Double(value.hasPrefix("+") ? String(value.dropFirst()) : value)
    }
}

/// An IATI organisation as the file gives it.
public struct IATIOrganisation: Sendable, Hashable {
    public var role: String?
    public var ref: String?
    public var type: String?
    public var names: [IATINarrative]
    public var line: Int
}

/// A `narrative` with its language (nil: the activity's default language).
public struct IATINarrative: Sendable, Hashable {
    public var language: String?
    public var text: String
}

/// An element's code with its vocabulary and line (`sector`, `tag`, `activity-date`).
public struct IATICoded: Sendable, Hashable {
    public var vocabulary: String?
    public var code: String
    public var line: Int
}

/// A `budget`'s value.
public struct IATIBudget: Sendable, Hashable {
    public var type: String?
    public var amount: Double
    public var currency: String?
    public var line: Int
}

/// A `location`, with the line of each part for problems.
public struct IATILocation: Sendable, Hashable {
    public var given: GivenLocation
    public var line: Int
    /// The line of each of `given.codes`, in order.
    public var codeLines: [Int]
    /// The element of each of `given.codes` (`location-id` or `administrative`).
    public var codeElements: [String] = []
    public var pointLine: Int?
    public var nameLine: Int?
}

/// One `iati-activity` as read, with lines.
public struct IATIActivityRecord: Sendable, Hashable {
    public var identifier: String
    public var line: Int
    public var identifierLine: Int
    public var defaultLanguage: String
    public var defaultCurrency: String?
    public var reportingOrg: IATIOrganisation?
    public var titles: [IATINarrative] = []
    public var titleLine: Int?
    public var descriptions: [IATINarrative] = []
    public var participants: [IATIOrganisation] = []
    public var status: String?
    public var statusLine: Int?
    /// `activity-date`: `vocabulary` holds the type (1–4), `code` the date.
    public var dates: [IATICoded] = []
    public var recipientCountries: [IATICoded] = []
    public var locations: [IATILocation] = []
    public var sectors: [IATICoded] = []
    public var tags: [IATICoded] = []
    public var budgets: [IATIBudget] = []
}

/// The state of one read: problems and notices in reading order.
struct Reading {
    var problems: [IATIImportProblem] = []
    var notices: [IATIImportProblem] = []

    mutating func problem(_ identifier: String?, _ element: String, _ line: Int?, _ message: Message) {
        problems.append(IATIImportProblem(identifier: identifier, element: element, line: line, message: message))
    }

    mutating func notice(_ identifier: String?, _ element: String, _ line: Int?, _ message: Message) {
        notices.append(IATIImportProblem(identifier: identifier, element: element, line: line, message: message))
    }

    /// No text in an element whose content is elements only.
    mutating func checkElementOnly(_ node: XMLNode, identifier: String?, path: String? = nil) {
        if !node.trimmedText.isEmpty {
            problem(identifier, path ?? node.name, node.line, Message("iati.schema.textNotAllowed", ["element": .text(path ?? node.name)]))
        }
    }

    /// No unqualified attribute the schema does not allow (`administrative/@vocabulary-uri` is
    /// not a 2.03 attribute; an attribute of another namespace is).
    mutating func checkAttributes(_ node: XMLNode, identifier: String?, path: String) {
        guard let allowed = IATIActivityReader.allowedAttributes[node.name] else { return }
        for key in node.attributes.keys.sorted() where !key.contains(":") && !allowed.contains(key) {
            problem(
                identifier,
                "\(path)/@\(key)",
                node.line,
                Message("iati.schema.attributeNotAllowed", ["attribute": .text(key), "element": .text(node.name)])
            )
        }
    }

    /// The children's order and number against a schema sequence; elements of another namespace
    /// only after the sequence's own.
    mutating func checkSequence(_ node: XMLNode, _ sequence: [(name: String, min: Int, max: Int?)], identifier: String?, path: String) {
        var position = 0
        var count = 0
        var sawOther = false
        for child in node.children {
            if !(child.namespace?.isEmpty ?? true) {
                sawOther = true
                continue
            }
            let at = "\(path)/\(child.name)"
            if sawOther {
                problem(identifier, at, child.line, Message("iati.schema.order", ["element": .text(child.name)]))
                continue
            }
            if position < sequence.count, sequence[position].name == child.name {
                count += 1
                if let max = sequence[position].max, count > max {
                    problem(identifier, at, child.line, Message("iati.schema.tooMany", ["element": .text(child.name)]))
                }
                continue
            }
            guard let next = sequence.indices.first(where: { $0 > position && sequence[$0].name == child.name }) else {
                let known = sequence.contains { $0.name == child.name }
                problem(
                    identifier,
                    at,
                    child.line,
                    known
                        ? Message("iati.schema.order", ["element": .text(child.name)])
                        : Message("iati.schema.unexpected", ["element": .text(child.name)])
                )
                continue
            }
            let skippedFrom = count == 0 ? position : position + 1
            for missing in sequence[skippedFrom..<next] where missing.min > 0 {
                problem(
                    identifier,
                    "\(path)/\(missing.name)",
                    child.line,
                    Message("iati.schema.childMissing", ["element": .text(missing.name)])
                )
            }
            position = next
            count = 1
        }
        let rest = count == 0 ? position : position + 1
        if rest < sequence.count {
            for missing in sequence[rest...] where missing.min > 0 {
                problem(
                    identifier,
                    "\(path)/\(missing.name)",
                    node.line,
                    Message("iati.schema.childMissing", ["element": .text(missing.name)])
                )
            }
        }
    }

    /// The vocabulary's URI of a `location-id` or `administrative`: 2.03 gives these elements no
    /// `vocabulary-uri` attribute, so Pasan reads one of another namespace
    /// (`pasan:vocabulary-uri`, any prefix but `xml`), which the schema allows.
    static func extensionURI(_ node: XMLNode) -> String? {
        node.attributes.first { key, _ in key.hasSuffix(":vocabulary-uri") && !key.hasPrefix("xml:") }?.value
    }

    mutating func required(_ node: XMLNode, _ attribute: String, identifier: String?, path: String) -> String? {
        guard let value = node.attributes[attribute] else {
            problem(
                identifier,
                "\(path)/@\(attribute)",
                node.line,
                Message("iati.schema.attributeMissing", ["attribute": .text(attribute)])
            )
            return nil
        }
        return value
    }

    mutating func requiredDate(_ node: XMLNode, _ attribute: String, identifier: String?, path: String) -> LocalDate? {
        guard let text = required(node, attribute, identifier: identifier, path: path) else { return nil }
        guard let date = IATIActivityReader.date(text) else {
            problem(identifier, "\(path)/@\(attribute)", node.line, Message("iati.schema.date", ["value": .text(text)]))
            return nil
        }
        return date
    }

    /// The `narrative` children of an element whose content is narratives (at least one when
    /// `required`).
    mutating func narratives(_ node: XMLNode, required: Bool, identifier: String?, path: String) -> [IATINarrative] {
        checkElementOnly(node, identifier: identifier, path: path)
        checkAttributes(node, identifier: identifier, path: path)
        var result: [IATINarrative] = []
        for child in node.children where child.namespace?.isEmpty ?? true {
            guard child.name == "narrative" else {
                problem(identifier, "\(path)/\(child.name)", child.line, Message("iati.schema.unexpected", ["element": .text(child.name)]))
                continue
            }
            checkAttributes(child, identifier: identifier, path: "\(path)/narrative")
            result.append(IATINarrative(language: child.attributes["xml:lang"], text: child.trimmedText))
        }
        if required && result.isEmpty {
            problem(identifier, "\(path)/narrative", node.line, Message("iati.schema.childMissing", ["element": "narrative"]))
        }
        return result
    }

    mutating func organisation(_ node: XMLNode, identifier: String?, path: String, reporting: Bool) -> IATIOrganisation {
        let role: String?
        if reporting {
            _ = required(node, "ref", identifier: identifier, path: path)
            _ = required(node, "type", identifier: identifier, path: path)
            role = nil
        } else {
            role = required(node, "role", identifier: identifier, path: path)
        }
        let names = narratives(node, required: reporting, identifier: identifier, path: path)
        return IATIOrganisation(role: role, ref: node.attributes["ref"], type: node.attributes["type"], names: names, line: node.line)
    }

    mutating func activity(_ node: XMLNode, rootLanguage: String?) -> IATIActivityRecord {
        let identifierNode = node.child("iati-identifier")
        let identifier = identifierNode?.trimmedText ?? ""
        let id: String? = identifier.isEmpty ? nil : identifier
        checkElementOnly(node, identifier: id, path: "iati-activity")
        checkSequence(node, IATIActivityReader.activitySequence, identifier: id, path: "iati-activity")
        checkAttributes(node, identifier: id, path: "iati-activity")
        if let updated = node.attributes["last-updated-datetime"], !IATIActivityReader.isDateTime(updated) {
            problem(id, "iati-activity/@last-updated-datetime", node.line, Message("iati.schema.date", ["value": .text(updated)]))
        }
        var record = IATIActivityRecord(
            identifier: identifier,
            line: node.line,
            identifierLine: identifierNode?.line ?? node.line,
            defaultLanguage: (node.attributes["xml:lang"] ?? rootLanguage ?? "en").lowercased(),
            defaultCurrency: node.attributes["default-currency"]
        )
        for child in node.children where child.namespace?.isEmpty ?? true {
            let path = child.name
            if ["activity-status", "recipient-country", "sector", "tag", "iati-identifier"].contains(child.name) {
                checkAttributes(child, identifier: id, path: path)
            }
            switch child.name {
            case "reporting-org":
                record.reportingOrg = organisation(child, identifier: id, path: path, reporting: true)
            case "title":
                record.titles = narratives(child, required: true, identifier: id, path: path)
                record.titleLine = child.line
            case "description":
                record.descriptions += narratives(child, required: true, identifier: id, path: path)
            case "participating-org":
                record.participants.append(organisation(child, identifier: id, path: path, reporting: false))
            case "activity-status":
                record.status = required(child, "code", identifier: id, path: path)
                record.statusLine = child.line
            case "activity-date":
                let type = required(child, "type", identifier: id, path: path)
                if let date = requiredDate(child, "iso-date", identifier: id, path: path), let type {
                    record.dates.append(IATICoded(vocabulary: type, code: date.description, line: child.line))
                }
                _ = narratives(child, required: false, identifier: id, path: path)
            case "recipient-country":
                if let code = required(child, "code", identifier: id, path: path) {
                    record.recipientCountries.append(IATICoded(vocabulary: nil, code: code, line: child.line))
                }
                if let percentage = child.attributes["percentage"], IATIActivityReader.decimal(percentage) == nil {
                    problem(id, "\(path)/@percentage", child.line, Message("iati.schema.number", ["value": .text(percentage)]))
                }
            case "location":
                record.locations.append(location(child, identifier: id))
            case "sector":
                if let code = required(child, "code", identifier: id, path: path) {
                    record.sectors.append(IATICoded(vocabulary: child.attributes["vocabulary"] ?? "1", code: code, line: child.line))
                }
            case "tag":
                let vocabulary = required(child, "vocabulary", identifier: id, path: path)
                if let code = required(child, "code", identifier: id, path: path), let vocabulary {
                    record.tags.append(IATICoded(vocabulary: vocabulary, code: code, line: child.line))
                }
            case "budget":
                if let budget = budget(child, identifier: id) { record.budgets.append(budget) }
            default:
                continue
            }
        }
        return record
    }

    mutating func budget(_ node: XMLNode, identifier id: String?) -> IATIBudget? {
        checkElementOnly(node, identifier: id, path: "budget")
        checkAttributes(node, identifier: id, path: "budget")
        for child in node.children where child.namespace?.isEmpty ?? true {
            checkAttributes(child, identifier: id, path: "budget/\(child.name)")
        }
        checkSequence(node, IATIActivityReader.budgetSequence, identifier: id, path: "budget")
        for name in ["period-start", "period-end"] {
            if let period = node.child(name) { _ = requiredDate(period, "iso-date", identifier: id, path: "budget/\(name)") }
        }
        guard let value = node.child("value") else { return nil }
        _ = requiredDate(value, "value-date", identifier: id, path: "budget/value")
        guard let amount = IATIActivityReader.decimal(value.trimmedText) else {
            problem(id, "budget/value", value.line, Message("iati.schema.number", ["value": .text(value.trimmedText)]))
            return nil
        }
        return IATIBudget(type: node.attributes["type"], amount: amount, currency: value.attributes["currency"], line: value.line)
    }

    mutating func location(_ node: XMLNode, identifier id: String?) -> IATILocation {
        checkElementOnly(node, identifier: id, path: "location")
        checkAttributes(node, identifier: id, path: "location")
        checkSequence(node, IATIActivityReader.locationSequence, identifier: id, path: "location")
        var result = IATILocation(given: GivenLocation(), line: node.line, codeLines: [], pointLine: nil, nameLine: nil)
        for child in node.children where child.namespace?.isEmpty ?? true {
            let path = "location/\(child.name)"
            if ["administrative", "point"].contains(child.name) { checkAttributes(child, identifier: id, path: path) }
            switch child.name {
            case "location-id", "administrative":
                let vocabulary = required(child, "vocabulary", identifier: id, path: path)
                let code = required(child, "code", identifier: id, path: path)
                var level: Int?
                if let text = child.attributes["level"] {
                    level = Int(text.trimmingSpaces)
                    if level == nil || level! < 0 {
                        problem(id, "\(path)/@level", child.line, Message("iati.schema.number", ["value": .text(text)]))
                    }
                }
                if child.name == "location-id" { _ = narratives(child, required: false, identifier: id, path: path) }
                if let vocabulary, let code {
                    result.given.codes.append(
                        GivenLocationCode(
                            vocabulary: vocabulary,
                            vocabularyURI: Reading.extensionURI(child),
                            level: level,
                            code: code
                        )
                    )
                    result.codeLines.append(child.line)
                    result.codeElements.append(child.name)
                }
            case "name":
                let names = narratives(child, required: true, identifier: id, path: path)
                result.given.name = names.first { $0.language == nil || $0.language == "en" }?.text ?? names.first?.text
                result.nameLine = child.line
            case "point":
                _ = required(child, "srsName", identifier: id, path: path)
                checkElementOnly(child, identifier: id, path: path)
                guard let pos = child.child("pos") else {
                    problem(id, "\(path)/pos", child.line, Message("iati.schema.childMissing", ["element": "pos"]))
                    continue
                }
                result.pointLine = pos.line
                let parts = pos.trimmedText.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
                if parts.count == 2, let latitude = IATIActivityReader.decimal(String(parts[0])),
                    let longitude = IATIActivityReader.decimal(String(parts[1])), (-90...90).contains(latitude),
                    (-180...180).contains(longitude)
                {
                    result.given.point = GeoPoint(latitude: latitude, longitude: longitude)
                } else {
                    problem(id, "\(path)/pos", pos.line, Message("iati.point.invalid", ["pos": .text(pos.trimmedText)]))
                }
            default:
                continue
            }
        }
        return result
    }
}
