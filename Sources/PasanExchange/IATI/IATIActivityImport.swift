import Foundation
import PasanDomain

/// What an IATI import matches and checks against: Pasan's areas (by the location matcher),
/// its institutions and framework (by `ActivityCheck`).
public struct IATIMatchContext: Sendable {
    public var matcher: ActivityLocationMatcher
    public var check: ActivityCheckContext
    /// Pasan institution codes by IATI organisation identifier (`participating-org/@ref`), for
    /// the organisations known to be Pasan institutions (none by default: Pasan's institutions
    /// have no IATI identifiers in the shipped data).
    public var institutionsByRef: [String: String]

    public init(matcher: ActivityLocationMatcher, check: ActivityCheckContext, institutionsByRef: [String: String] = [:]) {
        self.matcher = matcher
        self.check = check
        self.institutionsByRef = institutionsByRef
    }
}

/// A problem (or a notice) in an IATI file: the activity's identifier (nil before the first
/// activity or when it has none), the element and its line.
public struct IATIImportProblem: Sendable, Hashable {
    public var identifier: String?
    public var element: String
    public var line: Int?
    public var message: Message

    public init(identifier: String?, element: String, line: Int?, message: Message) {
        self.identifier = identifier
        self.element = element
        self.line = line
        self.message = message
    }
}

/// A place found only by its name: proposed for a person to confirm, never applied.
public struct IATIProposedPlace: Sendable, Hashable {
    public var identifier: String
    public var line: Int?
    public var givenName: String
    public var candidates: [ActivityLocation]

    public init(identifier: String, line: Int?, givenName: String, candidates: [ActivityLocation]) {
        self.identifier = identifier
        self.line = line
        self.givenName = givenName
        self.candidates = candidates
    }
}

/// What reading an IATI file gave: the activities (empty when any problem refuses the file),
/// the problems, the notices (an alias used, a vocabulary not read, a name not matched) and the
/// places proposed by name.
public struct IATIImportResult: Sendable {
    public var activities: [Activity]
    public var problems: [IATIImportProblem]
    public var notices: [IATIImportProblem]
    public var proposed: [IATIProposedPlace]

    public init(
        activities: [Activity] = [],
        problems: [IATIImportProblem] = [],
        notices: [IATIImportProblem] = [],
        proposed: [IATIProposedPlace] = []
    ) {
        self.activities = activities
        self.problems = problems
        self.notices = notices
        self.proposed = proposed
    }

    /// Whether the file is refused (nothing may be imported).
    public var isRefused: Bool { !problems.isEmpty }
}

/// Reads an IATI activity file (2.03) into Pasan's activities: `IATIActivityReader` (the XML and
/// the schema's rules), `ActivityLocationMatcher` (places), `ActivityCheck` (Pasan's rules).
/// Any problem refuses the whole file: no activities are returned then.
///
/// How the elements become an activity (Pasan's defaults, `docs/villages.md`):
/// - the implementer is the first `participating-org` with role 4 (implementing), else role 3
///   (extending), else the `reporting-org`; every other participating organisation is a partner;
/// - the start is the actual start (`activity-date` type 2) over the planned one (1); the end the
///   actual end (4) over the planned one (3);
/// - budgets: the revised ones (`@type` 2) when any is given, else all; their values summed per
///   currency (`value/@currency`, else the activity's `@default-currency`); the activity keeps the
///   sum in the default currency (else the first currency met), and a notice names the sums left
///   out in other currencies (Pasan converts no currencies);
/// - `recipient-country` other than `LA` refuses the activity as outside Lao PDR;
/// - `sector` vocabulary 1 and 2 are DAC sectors, 7, 8 and 9 SDG goals, targets and indicators;
///   `tag` vocabulary 2 and 3 SDG targets and indicators; other vocabularies are not read.
public enum IATIActivityImport {
    public static func read(data: Data, filename: String, context: IATIMatchContext) -> IATIImportResult {
        let read = IATIActivityReader.read(data: data, filename: filename)
        var result = IATIImportResult(problems: read.problems, notices: read.notices)
        var seen: [String: Int] = [:]
        for record in read.records {
            if !record.identifier.isEmpty, let first = seen[record.identifier] {
                result.problems.append(
                    IATIImportProblem(
                        identifier: record.identifier,
                        element: "iati-identifier",
                        line: record.identifierLine,
                        message: Message("iati.duplicateIdentifier", ["identifier": .text(record.identifier), "line": .number(first)])
                    )
                )
                continue
            }
            seen[record.identifier] = record.identifierLine
            if let activity = activity(record, filename: filename, context: context, into: &result) {
                result.activities.append(activity)
            }
        }
        if !result.problems.isEmpty { result.activities = [] }
        return result
    }

    static func activity(
        _ record: IATIActivityRecord,
        filename: String,
        context: IATIMatchContext,
        into result: inout IATIImportResult
    )
        -> Activity?
    {
        let id = record.identifier
        var problems: [IATIImportProblem] = []
        func problem(_ element: String, _ line: Int?, _ message: Message) {
            problems.append(IATIImportProblem(identifier: id, element: element, line: line, message: message))
        }
        func notice(_ element: String, _ line: Int?, _ message: Message) {
            result.notices.append(IATIImportProblem(identifier: id, element: element, line: line, message: message))
        }

        let title = text(record.titles, defaultLanguage: record.defaultLanguage) ?? LocalizedText(en: "", lo: nil, loStatus: .machine)
        let description = text(record.descriptions, defaultLanguage: record.defaultLanguage)

        var status = ActivityStatus.implementation
        if let code = record.status {
            if let known = ActivityStatus(iatiCode: code.trimmingSpaces) {
                status = known
            } else {
                problem("activity-status", record.statusLine, Message("iati.status.unknown", ["code": .text(code)]))
            }
        }

        func date(_ types: [String]) -> LocalDate? {
            for type in types { if let found = record.dates.first(where: { $0.vocabulary == type }) { return LocalDate(iso: found.code) } }
            return nil
        }
        let start = date(["2", "1"])
        let end = date(["4", "3"])

        var organisations: [ActivityOrganisation] = []
        for org in record.participants {
            guard let code = org.role?.trimmingSpaces, let role = OrganisationRole(iatiCode: code) else {
                problem("participating-org/@role", org.line, Message("iati.role.unknown", ["code": .text(org.role ?? "")]))
                continue
            }
            organisations.append(organisation(org, role: role, defaultLanguage: record.defaultLanguage, context: context))
        }
        let implementerIndex =
            organisations.firstIndex { $0.role == .implementing } ?? organisations.firstIndex { $0.role == .extending }
        let implementer: ActivityOrganisation
        if let implementerIndex {
            implementer = organisations.remove(at: implementerIndex)
        } else if let reporting = record.reportingOrg {
            implementer = organisation(reporting, role: .accountable, defaultLanguage: record.defaultLanguage, context: context)
        } else {
            implementer = ActivityOrganisation(role: .implementing, name: LocalizedText(en: "", lo: nil, loStatus: .machine))
        }

        for country in record.recipientCountries where country.code.trimmingSpaces.uppercased() != Area.countryCode {
            problem("recipient-country", country.line, Message("iati.location.outsideCountry", ["where": .text(country.code)]))
        }

        // Budgets: the revised ones when any, summed per currency.
        let chosen = record.budgets.contains { $0.type == "2" } ? record.budgets.filter { $0.type == "2" } : record.budgets
        var sums: [(currency: String, amount: Double)] = []
        for budget in chosen {
            guard let currency = (budget.currency ?? record.defaultCurrency)?.trimmingSpaces, !currency.isEmpty else {
                problem("budget/value/@currency", budget.line, Message("iati.budget.noCurrency"))
                continue
            }
            if let i = sums.firstIndex(where: { $0.currency == currency }) {
                sums[i].amount += budget.amount
            } else {
                sums.append((currency, budget.amount))
            }
        }
        var activityBudget: ActivityBudget?
        if !sums.isEmpty {
            let kept = sums.first { $0.currency == record.defaultCurrency } ?? sums[0]
            activityBudget = ActivityBudget(amount: kept.amount, currency: kept.currency)
            let others = sums.filter { $0.currency != kept.currency }
            if !others.isEmpty {
                notice(
                    "budget",
                    chosen.first?.line,
                    Message(
                        "iati.budget.otherCurrencies",
                        [
                            "currency": .text(kept.currency),
                            "others": .text(others.map { "\($0.amount) \($0.currency)" }.joined(separator: ", ")),
                        ]
                    )
                )
            }
        }
        let budgetLine = chosen.first?.line

        // Places.
        var locations: [ActivityLocation] = []
        var locationLines: [Int] = []
        for location in record.locations {
            let match = context.matcher.match(location.given)
            func line(_ part: LocationPart) -> (String, Int?) {
                switch part {
                case .code(let i):
                    i < location.codeLines.count
                        ? ("location/" + location.codeElements[i], location.codeLines[i]) : ("location", location.line)
                case .point: ("location/point/pos", location.pointLine ?? location.line)
                case .name: ("location/name", location.nameLine ?? location.line)
                }
            }
            for refusal in match.refusals {
                let (element, at) = line(refusal.part)
                problem(element, at, refusal.message)
            }
            for note in match.notices {
                let (element, at) = line(note.part)
                notice(element, at, note.message)
            }
            if !match.proposed.isEmpty {
                result.proposed.append(
                    IATIProposedPlace(
                        identifier: id,
                        line: location.nameLine ?? location.line,
                        givenName: location.given.name ?? "",
                        candidates: match.proposed
                    )
                )
            }
            for place in match.locations where !locations.contains(where: { $0.areaCode == place.areaCode }) {
                locations.append(place)
                locationLines.append(location.line)
            }
        }

        // Sectors and SDGs.
        var sectors: [ActivitySector] = []
        var goals: [Int] = []
        var targets: [String] = []
        var indicators: [String] = []
        var sdgLines: [String: Int] = [:]
        for sector in record.sectors {
            let code = sector.code.trimmingSpaces
            switch sector.vocabulary ?? "1" {
            case "1", "2":
                let value = ActivitySector(vocabulary: sector.vocabulary ?? "1", code: code)
                if !sectors.contains(value) { sectors.append(value) }
            case "7":
                guard let goal = Int(code) else {
                    problem("sector", sector.line, Message("iati.sdg.goal", ["code": .text(code)]))
                    continue
                }
                if !goals.contains(goal) { goals.append(goal) }
                sdgLines["goal:\(goal)"] = sector.line
            case "8":
                if !targets.contains(code) { targets.append(code) }
                sdgLines["target:\(code)"] = sector.line
            case "9":
                if !indicators.contains(code) { indicators.append(code) }
                sdgLines["indicator:\(code)"] = sector.line
            default:
                continue
            }
        }
        for tag in record.tags {
            let code = tag.code.trimmingSpaces
            switch tag.vocabulary {
            case "2":
                if !targets.contains(code) { targets.append(code) }
                sdgLines["target:\(code)"] = sdgLines["target:\(code)"] ?? tag.line
            case "3":
                if !indicators.contains(code) { indicators.append(code) }
                sdgLines["indicator:\(code)"] = sdgLines["indicator:\(code)"] ?? tag.line
            default:
                continue
            }
        }

        let activity = Activity(
            identifier: id,
            implementer: implementer,
            participants: organisations,
            title: title,
            description: description,
            status: status,
            start: start,
            end: end,
            budget: activityBudget,
            locations: locations,
            sectors: sectors,
            sdgGoals: goals,
            sdgTargets: targets,
            sdgIndicators: indicators,
            origin: .iati,
            sourceFile: filename
        )

        for found in ActivityCheck.problems(of: activity, context: context.check) {
            let (element, line): (String, Int?) =
                switch found.field {
                case .identifier: ("iati-identifier", record.identifierLine)
                case .title: ("title", record.titleLine ?? record.line)
                case .end: ("activity-date", record.dates.first { $0.vocabulary == "4" || $0.vocabulary == "3" }?.line ?? record.line)
                case .budget: ("budget/value", budgetLine)
                case .currency: ("budget/value/@currency", budgetLine)
                case .implementer, .participants: ("participating-org", record.participants.first?.line ?? record.line)
                case .locations: ("location", found.index.flatMap { $0 < locationLines.count ? locationLines[$0] : nil } ?? record.line)
                case .sdgGoals: ("sector", sdgGoalLine(found, goals: goals, lines: sdgLines) ?? record.line)
                case .sdgTargets: ("sector", sdgLine(found, prefix: "target", lines: sdgLines) ?? record.line)
                case .sdgIndicators: ("tag", sdgLine(found, prefix: "indicator", lines: sdgLines) ?? record.line)
                }
            problems.append(IATIImportProblem(identifier: id, element: element, line: line, message: found.message))
        }
        result.problems += problems
        return problems.isEmpty ? activity : nil
    }

    static func sdgLine(_ problem: ActivityProblem, prefix: String, lines: [String: Int]) -> Int? {
        guard case .text(let code)? = problem.message.arguments["code"] else { return nil }
        return lines["\(prefix):\(code)"]
    }

    static func sdgGoalLine(_ problem: ActivityProblem, goals: [Int], lines: [String: Int]) -> Int? {
        guard case .number(let goal)? = problem.message.arguments["goal"] else { return nil }
        return lines["goal:\(goal)"]
    }

    /// English from a narrative in English (or in the default language when that is English),
    /// else from the first narrative that is not Lao; Lao from a narrative in Lao. Lao from a
    /// publisher is not reviewed by Pasan (`unreviewed`).
    static func text(_ narratives: [IATINarrative], defaultLanguage: String) -> LocalizedText? {
        func language(_ n: IATINarrative) -> String { (n.language ?? defaultLanguage).lowercased() }
        let usable = narratives.filter { !$0.text.isEmpty }
        guard !usable.isEmpty else { return nil }
        let en = usable.first { language($0) == "en" }?.text ?? usable.first { language($0) != "lo" }?.text ?? ""
        let lo = usable.first { language($0) == "lo" }?.text
        return LocalizedText(en: en, lo: lo, loStatus: .unreviewed)
    }

    static func organisation(
        _ org: IATIOrganisation,
        role: OrganisationRole,
        defaultLanguage: String,
        context: IATIMatchContext
    )
        -> ActivityOrganisation
    {
        let ref = org.ref?.trimmingSpaces
        let name = text(org.names, defaultLanguage: defaultLanguage) ?? LocalizedText(en: ref ?? "", lo: nil, loStatus: .unreviewed)
        let institution = ref.flatMap { context.institutionsByRef[$0] }
        return ActivityOrganisation(role: role, institution: institution, ref: (ref?.isEmpty ?? true) ? nil : ref, name: name)
    }
}
