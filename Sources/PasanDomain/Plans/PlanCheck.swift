/// One problem of a plan file or plan document: where (the file's line and column, when known),
/// what was found, and what was expected, as a catalogue message.
public struct PlanProblem: Sendable, Hashable {
    /// 1-based line (CSV) or row (XLSX) of the file; `nil` for a part of the plan not in the file.
    public var line: Int?
    /// The column of the plan file (`sdg_links`), or a cell (`Plan!D14`) for a workbook.
    public var column: String?
    /// What was found, as written.
    public var found: String?
    /// What is wrong and what was expected.
    public var message: Message

    public init(line: Int?, column: String?, found: String? = nil, message: Message) {
        self.line = line
        self.column = column
        self.found = found
        self.message = message
    }
}

/// The checks of a whole plan (`docs/plans.md`, "The plan file"): a plan with any problem is not
/// imported. Pure: everything it knows of the world is in `Context`.
public enum PlanCheck {
    /// What a plan is checked against.
    public struct Context: Sendable {
        /// Codes of the SDG indicators (global and national).
        public var indicators: Set<String>
        /// The series of each SDG indicator, with their units.
        public var series: [String: [Series]]
        /// Codes of the institutions.
        public var institutions: Set<String>
        /// Results of the other plans, as `plan/code` (`nsedp9/3.2`), for `aligns_with`.
        public var results: Set<String>
        /// Codes of the other plans, for a sector plan's parent plan.
        public var plans: Set<String>

        public init(
            indicators: Set<String>,
            series: [String: [Series]],
            institutions: Set<String>,
            results: Set<String> = [],
            plans: Set<String> = []
        ) {
            self.indicators = indicators
            self.series = series
            self.institutions = institutions
            self.results = results
            self.plans = plans
        }

        /// The context of the framework, the institutions and the plans Pasan holds.
        public init(indicators: [Indicator], series: [Series], institutions: [Institution], plans: [PlanDocument]) {
            self.init(
                indicators: Set(indicators.map(\.code)),
                series: Dictionary(grouping: series, by: \.indicator),
                institutions: Set(institutions.map(\.code)),
                results: Set(plans.flatMap { $0.results.map(\.id) }),
                plans: Set(plans.map(\.plan.code))
            )
        }
    }

    /// The years a value row may have.
    public static let valueYears = 1990...2100

    /// Every problem of `document`. `lines` maps the document's parts to the file's lines:
    /// `plan`, `result:<code>`, `indicator:<code>`, `value:<code>:<year>`; a code's second
    /// occurrence is `result:<code>#2` (and so on).
    public static func problems(_ document: PlanDocument, lines: [String: Int], context: Context) -> [PlanProblem] {
        var checker = Checker(document: document, lines: lines, context: context)
        checker.checkPlan()
        checker.checkResults()
        checker.checkIndicators()
        checker.checkValues()
        return checker.problems
    }

    /// The line key of the `occurrence`-th (1-based) part with `key` (`result:1.2`).
    public static func lineKey(_ key: String, occurrence: Int) -> String {
        occurrence <= 1 ? key : "\(key)#\(occurrence)"
    }

    /// Codes are part of addresses (`/plans/nsedp9/results/3.2`): a plan's is lower-case letters,
    /// digits and hyphens, starting with a letter or digit (`import` is the import page's); an
    /// outcome's, output's or indicator's is letters, digits, dots, hyphens and underscores.
    public static func isPlanCode(_ code: String) -> Bool {
        guard (1...40).contains(code.count), code != "import", let first = code.unicodeScalars.first, first != "-" else { return false }
        return code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    public static func isPartCode(_ code: String) -> Bool {
        (1...40).contains(code.count)
            && code.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0)
            }
    }

    /// A unit code compared as series use it (`PERCENT` is written `PT` there).
    static func comparableUnit(_ unit: String) -> String {
        let upper = unit.uppercased()
        return upper == "PERCENT" ? "PT" : upper
    }

    struct Checker {
        let document: PlanDocument
        let lines: [String: Int]
        let context: Context
        var problems: [PlanProblem] = []
        var plan: DevelopmentPlan { document.plan }

        init(document: PlanDocument, lines: [String: Int], context: Context) {
            self.document = document
            self.lines = lines
            self.context = context
        }

        mutating func add(_ line: Int?, _ column: String, _ found: String?, _ message: Message) {
            problems.append(PlanProblem(line: line, column: column, found: found, message: message))
        }

        /// Line of each part in document order, counting occurrences of the same code.
        func occurrenceLines(_ prefix: String, _ codes: [String]) -> [Int?] {
            var seen: [String: Int] = [:]
            return codes.map { code in
                seen[code, default: 0] += 1
                return lines[PlanCheck.lineKey("\(prefix):\(code)", occurrence: seen[code]!)] ?? lines["\(prefix):\(code)"]
            }
        }

        mutating func checkPlan() {
            let line = lines["plan"]
            if !PlanCheck.isPlanCode(plan.code) {
                add(line, "code", plan.code, Message("plans_file.check.planCode"))
            }
            if plan.endYear < plan.startYear {
                add(
                    line,
                    "end_year",
                    String(plan.endYear),
                    Message("plans_file.check.yearsReversed", ["start": .text(String(plan.startYear)), "end": .text(String(plan.endYear))])
                )
            }
            if let institution = plan.institution, !context.institutions.contains(institution) {
                add(line, "institution", institution, Message("plans_file.check.unknownInstitution", ["code": .text(institution)]))
            }
            if let parent = plan.parentPlan, parent == plan.code || !context.plans.contains(parent) {
                add(line, "parent", parent, Message("plans_file.check.unknownParentPlan", ["plan": .text(parent)]))
            }
        }

        mutating func checkResults() {
            let results = document.results
            let resultLines = occurrenceLines("result", results.map(\.code))
            var byCode: [String: PlanResult] = [:]
            for result in results where byCode[result.code] == nil { byCode[result.code] = result }
            let own = Set(results.map { "\(plan.code)/\($0.code)" })
            var seen = Set<String>()
            for (index, result) in results.enumerated() {
                let line = resultLines[index]
                if !seen.insert(result.code).inserted {
                    add(line, "code", result.code, Message("plans_file.check.duplicateResult", ["code": .text(result.code)]))
                }
                if !PlanCheck.isPartCode(result.code) { add(line, "code", result.code, Message("plans_file.check.partCode")) }
                if let parentCode = result.parentCode {
                    if let parent = byCode[parentCode] {
                        if parent.level == .output {
                            let names: [String: MessageArgument] = ["code": .text(result.code), "parent": .text(parentCode)]
                            let message =
                                result.level == .output
                                ? Message("plans_file.check.outputUnderOutput", names)
                                : Message("plans_file.check.outcomeUnderOutput", names)
                            add(line, "parent", parentCode, message)
                        }
                    } else {
                        add(line, "parent", parentCode, Message("plans_file.check.unknownParent", ["parent": .text(parentCode)]))
                    }
                } else if result.level == .output {
                    add(line, "parent", nil, Message("plans_file.check.outputNeedsParent", ["code": .text(result.code)]))
                }
                if let path = cycle(from: result.code, byCode: byCode) {
                    add(
                        line,
                        "parent",
                        result.parentCode,
                        Message("plans_file.check.cycle", ["code": .text(result.code), "path": .text(path)])
                    )
                }
                for target in result.alignsWith where !context.results.contains(target) && !own.contains(target) {
                    add(line, "aligns_with", target, Message("plans_file.check.unknownAlignment", ["result": .text(target)]))
                }
            }
        }

        /// The cycle `code` is on, as `1 → 1.1 → 1`, or `nil`.
        func cycle(from code: String, byCode: [String: PlanResult]) -> String? {
            var path = [code]
            var visited: Set<String> = [code]
            var current = code
            while let parent = byCode[current]?.parentCode, byCode[parent] != nil {
                path.append(parent)
                if parent == code { return path.joined(separator: " → ") }
                if !visited.insert(parent).inserted { return nil }  // a cycle further up, not through `code`
                current = parent
            }
            return nil
        }

        mutating func checkIndicators() {
            let indicators = document.indicators
            let indicatorLines = occurrenceLines("indicator", indicators.map(\.code))
            let resultCodes = Set(document.results.map(\.code))
            var seen = Set<String>()
            var linksByIndicator: [String: [PlanIndicatorLink]] = [:]
            for link in document.links { linksByIndicator[link.planIndicator, default: []].append(link) }
            var linksChecked = Set<String>()
            for (index, indicator) in indicators.enumerated() {
                let line = indicatorLines[index]
                if !seen.insert(indicator.code).inserted {
                    add(line, "code", indicator.code, Message("plans_file.check.duplicateIndicator", ["code": .text(indicator.code)]))
                }
                if !PlanCheck.isPartCode(indicator.code) { add(line, "code", indicator.code, Message("plans_file.check.partCode")) }
                if !resultCodes.contains(indicator.resultCode) {
                    add(
                        line,
                        "parent",
                        indicator.resultCode,
                        Message("plans_file.check.unknownParent", ["parent": .text(indicator.resultCode)])
                    )
                }
                if let owner = indicator.owner, !context.institutions.contains(owner) {
                    add(line, "responsible", owner, Message("plans_file.check.unknownInstitution", ["code": .text(owner)]))
                }
                checkTargets(indicator, line: line)
                if linksChecked.insert(indicator.code).inserted {
                    // A code written twice brings its links twice: the duplicate code is the problem.
                    let repeated = indicators.filter { $0.code == indicator.code }.count > 1
                    checkLinks(linksByIndicator[indicator.code] ?? [], of: indicator, line: line, countRepeats: !repeated)
                }
            }
            let known = Set(indicators.map(\.code))
            for link in document.links where !known.contains(link.planIndicator) {
                add(
                    nil,
                    "code",
                    link.planIndicator,
                    Message("plans_file.check.linkUnknownIndicator", ["code": .text(link.planIndicator)])
                )
            }
        }

        mutating func checkTargets(_ indicator: PlanIndicator, line: Int?) {
            var seen = Set<String>()
            let yearsInOrder = plan.endYear >= plan.startYear
            for target in indicator.targets {
                let written = "\(target.year)=\(target.value):\(target.kind.rawValue)"
                if !seen.insert("\(target.year):\(target.kind.rawValue)").inserted {
                    add(
                        line,
                        "targets",
                        written,
                        Message(
                            "plans_file.check.duplicateTarget",
                            ["year": .text(String(target.year)), "kind": .text(target.kind.rawValue)]
                        )
                    )
                }
                guard yearsInOrder else { continue }
                let period: [String: MessageArgument] = [
                    "year": .text(String(target.year)), "start": .text(String(plan.startYear)), "end": .text(String(plan.endYear)),
                ]
                switch target.kind {
                case .milestone:
                    if target.year < plan.startYear { add(line, "targets", written, Message("plans_file.check.milestoneBefore", period)) }
                case .endOfPlan:
                    if target.year != plan.endYear { add(line, "targets", written, Message("plans_file.check.endOfPlanYear", period)) }
                case .annual:
                    if !plan.years.contains(target.year) {
                        add(line, "targets", written, Message("plans_file.check.targetOutside", period))
                    }
                }
            }
            if let baseline = indicator.baseline, let first = indicator.targets.map(\.year).min(), baseline.year > first {
                add(
                    line,
                    "baseline_year",
                    String(baseline.year),
                    Message(
                        "plans_file.check.baselineAfterTarget",
                        ["baseline": .text(String(baseline.year)), "year": .text(String(first))]
                    )
                )
            }
        }

        mutating func checkLinks(_ links: [PlanIndicatorLink], of indicator: PlanIndicator, line: Int?, countRepeats: Bool) {
            var sameSeries: [Series] = []
            var seen = Set<String>()
            for link in links {
                let written =
                    link.series.map { "\(link.sdgIndicator)/\($0):\(link.relation.rawValue)" }
                    ?? "\(link.sdgIndicator):\(link.relation.rawValue)"
                if !seen.insert(link.sdgIndicator + "/" + (link.series ?? "")).inserted, countRepeats {
                    add(line, "sdg_links", written, Message("plans_file.check.duplicateLink", ["link": .text(written)]))
                }
                if link.relation == .additional {
                    add(line, "sdg_links", written, Message("plans_file.check.additional"))
                }
                guard context.indicators.contains(link.sdgIndicator) else {
                    add(line, "sdg_links", written, Message("plans_file.check.unknownIndicator", ["code": .text(link.sdgIndicator)]))
                    continue
                }
                let candidates = context.series[link.sdgIndicator] ?? []
                let expected = candidates.map(\.code).sorted().joined(separator: ", ")
                if let code = link.series {
                    guard let series = candidates.first(where: { $0.code == code }) else {
                        add(
                            line,
                            "sdg_links",
                            written,
                            Message(
                                "plans_file.check.unknownSeries",
                                ["series": .text(code), "indicator": .text(link.sdgIndicator), "expected": .text(expected)]
                            )
                        )
                        continue
                    }
                    if link.relation == .same { sameSeries.append(series) }
                } else if link.relation == .same {
                    if candidates.count > 1 {
                        add(
                            line,
                            "sdg_links",
                            written,
                            Message(
                                "plans_file.check.seriesRequired",
                                ["indicator": .text(link.sdgIndicator), "expected": .text(expected)]
                            )
                        )
                    } else if let only = candidates.first {
                        sameSeries.append(only)
                    }
                }
            }
            let units = sameSeries.compactMap { series in series.unit.map { (series.code, PlanCheck.comparableUnit($0)) } }
            if Set(units.map(\.1)).count > 1 {
                let listed = units.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
                add(line, "sdg_links", listed, Message("plans_file.check.sameUnits", ["units": .text(listed)]))
            }
            if let unit = indicator.unit {
                for (code, seriesUnit) in units where seriesUnit != PlanCheck.comparableUnit(unit) {
                    add(
                        line,
                        "unit",
                        unit,
                        Message(
                            "plans_file.check.unitMismatch",
                            ["series": .text(code), "seriesUnit": .text(seriesUnit), "unit": .text(unit)]
                        )
                    )
                }
            }
        }

        mutating func checkValues() {
            let known = Set(document.indicators.map(\.code))
            var seen = Set<String>()
            let keys = document.values.map { "\($0.indicator):\($0.year)" }
            let valueLines = occurrenceLines("value", keys)
            for (index, value) in document.values.enumerated() {
                let line = valueLines[index]
                if !known.contains(value.indicator) {
                    add(line, "code", value.indicator, Message("plans_file.check.valueUnknownIndicator", ["code": .text(value.indicator)]))
                }
                if !PlanCheck.valueYears.contains(value.year) {
                    add(
                        line,
                        "year",
                        String(value.year),
                        Message(
                            "plans_file.check.valueYear",
                            ["from": .text(String(PlanCheck.valueYears.lowerBound)), "to": .text(String(PlanCheck.valueYears.upperBound))]
                        )
                    )
                }
                if !seen.insert(keys[index]).inserted {
                    add(
                        line,
                        "year",
                        String(value.year),
                        Message("plans_file.check.duplicateValue", ["code": .text(value.indicator), "year": .text(String(value.year))])
                    )
                }
            }
        }
    }
}
