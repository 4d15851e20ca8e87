/// Checks rows of an assignment CSV against the framework and the institutions, row by row and
/// column by column, so a user can fix the whole file in one go. Nothing is imported from a file
/// with any faulty row.
public struct AssignmentImport: Sendable {
    /// The columns of the assignment CSV, in export order.
    public static let columns = [
        "indicator", "series", "disaggregation", "geographic_level", "owners", "reporter", "contributors",
        "legal_instrument", "legal_number", "legal_date", "source_kind", "source_name", "frequency",
        "collection_due", "release_calendar", "valid_from", "valid_to", "note",
    ]
    public static let required: Set<String> = ["indicator", "owners", "reporter"]

    /// One faulty field: where, what was found, and what was expected.
    public struct RowIssue: Sendable, Hashable {
        public var line: Int
        public var column: String
        public var value: String
        public var expected: Message
    }

    public let indicators: Set<String>
    public let series: [String: Set<String>]
    public let institutions: Set<String>

    public init(catalog: FrameworkCatalog) {
        indicators = Set(catalog.indicators.map(\.code))
        series = Dictionary(grouping: catalog.series, by: \.indicator).mapValues { Set($0.map(\.code)) }
        institutions = Set(catalog.institutions.map(\.code))
    }

    /// Validates `rows` (each a line number and its fields by column name).
    public func validate(_ rows: [(line: Int, fields: [String: String])]) -> (assignments: [Assignment], issues: [RowIssue]) {
        var assignments: [Assignment] = []
        var lines: [Int] = []
        var issues: [RowIssue] = []
        for (line, fields) in rows {
            var rowIssues: [RowIssue] = []
            func value(_ column: String) -> String? {
                let v = fields[column]?.trimmingSpaces ?? ""
                return v.isEmpty ? nil : v
            }
            func fail(_ column: String, _ expected: Message) {
                rowIssues.append(RowIssue(line: line, column: column, value: TidyIssue.echo(fields[column] ?? ""), expected: expected))
            }
            func institutionList(_ column: String) -> [String] {
                let codes = (value(column) ?? "").split(separator: ";").map { String($0).trimmingSpaces.uppercased() }.filter {
                    !$0.isEmpty
                }
                for code in codes where !institutions.contains(code) {
                    fail(column, Message("imports.assignment.institutionCodes", ["code": .text(code)]))
                }
                return codes
            }
            for column in Self.required where value(column) == nil {
                fail(column, Message("imports.assignment.required"))
            }
            let indicator = value("indicator") ?? ""
            if !indicator.isEmpty && !indicators.contains(indicator) {
                fail("indicator", Message("imports.assignment.indicator"))
            }
            let seriesCode = value("series")
            if let seriesCode, indicators.contains(indicator), !(series[indicator]?.contains(seriesCode) ?? false) {
                let known = (series[indicator] ?? []).sorted().joined(separator: ", ")
                fail(
                    "series",
                    Message(
                        "imports.assignment.series",
                        [
                            "indicator": .text(indicator),
                            "series": known.isEmpty ? .message(Message("imports.assignment.noSeries")) : .text(known),
                        ]
                    )
                )
            }
            var level: AreaLevel?
            if let text = value("geographic_level") {
                level = AreaLevel(rawValue: text)
                if level == nil {
                    fail("geographic_level", Message("imports.assignment.level"))
                }
            }
            let owners = institutionList("owners")
            let reporters = institutionList("reporter")
            if reporters.count > 1 { fail("reporter", Message("imports.assignment.oneReporter")) }
            let contributors = institutionList("contributors")
            var kind: DataSourceKind?
            if let text = value("source_kind") {
                kind = DataSourceKind(rawValue: text)
                if kind == nil {
                    fail(
                        "source_kind",
                        Message(
                            "imports.assignment.oneOf",
                            ["values": .text(DataSourceKind.allCases.map(\.rawValue).joined(separator: ", "))]
                        )
                    )
                }
            }
            var frequency: CollectionFrequency?
            if let text = value("frequency") {
                frequency = CollectionFrequency(rawValue: text)
                if frequency == nil {
                    fail(
                        "frequency",
                        Message(
                            "imports.assignment.oneOf",
                            ["values": .text(CollectionFrequency.allCases.map(\.rawValue).joined(separator: ", "))]
                        )
                    )
                }
            }
            var due: DayOfYear?
            if let text = value("collection_due") {
                due = DayOfYear(text)
                if due == nil {
                    fail("collection_due", Message("imports.assignment.dayOfYear"))
                }
            }
            func date(_ column: String) -> LocalDate? {
                guard let text = value(column) else { return nil }
                guard let d = LocalDate(iso: text) else { fail(column, Message("imports.assignment.date")); return nil }
                return d
            }
            let legalDate = date("legal_date")
            let validFrom = date("valid_from")
            let validTo = date("valid_to")
            if let f = validFrom, let t = validTo, t <= f { fail("valid_to", Message("imports.assignment.validTo")) }
            var legal: LegalBasis?
            if let instrument = value("legal_instrument") {
                legal = LegalBasis(instrument: instrument, number: value("legal_number"), date: legalDate)
            } else if value("legal_number") != nil || legalDate != nil {
                fail("legal_instrument", Message("imports.assignment.legalInstrument"))
            }
            if rowIssues.isEmpty {
                assignments.append(
                    Assignment(
                        indicator: indicator,
                        series: seriesCode,
                        disaggregation: value("disaggregation"),
                        geographicLevel: level,
                        owners: owners,
                        reporter: reporters.first,
                        contributors: contributors,
                        legalBasis: legal,
                        sourceKind: kind,
                        sourceName: value("source_name"),
                        frequency: frequency,
                        collectionDue: due,
                        releaseCalendar: value("release_calendar"),
                        validFrom: validFrom,
                        validTo: validTo,
                        note: value("note")
                    )
                )
                lines.append(line)
            }
            issues += rowIssues
        }
        // The same scope twice in one file is ambiguous: which row wins?
        var seen: [String: Int] = [:]
        for (index, assignment) in assignments.enumerated() {
            let key = assignment.scopeKey + "|" + (assignment.validFrom?.description ?? "")
            if let first = seen[key] {
                issues.append(
                    RowIssue(
                        line: lines[index],
                        column: "indicator",
                        value: assignment.indicator,
                        expected: Message("imports.assignment.duplicateRow", ["line": .text(String(lines[first]))])
                    )
                )
            } else {
                seen[key] = index
            }
        }
        return (assignments, issues.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
    }

    /// The CSV fields of an assignment, in `columns` order, for export.
    public static func fields(of a: Assignment) -> [String] {
        [
            a.indicator, a.series ?? "", a.disaggregation ?? "", a.geographicLevel?.rawValue ?? "", a.owners.joined(separator: ";"),
            a.reporter ?? "", a.contributors.joined(separator: ";"), a.legalBasis?.instrument ?? "", a.legalBasis?.number ?? "",
            a.legalBasis?.date?.description ?? "", a.sourceKind?.rawValue ?? "", a.sourceName ?? "", a.frequency?.rawValue ?? "",
            a.collectionDue?.description ?? "", a.releaseCalendar ?? "", a.validFrom?.description ?? "", a.validTo?.description ?? "",
            a.note ?? "",
        ]
    }
}
