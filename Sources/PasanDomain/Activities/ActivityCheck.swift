/// The one set of rules every activity meets, however it arrives (the app's form, a CSV/XLSX
/// file, an IATI activity file): `docs/villages.md`. Importers and the form call
/// `ActivityCheck.problems(of:context:)` and refuse the whole file (or the form) on any problem.
///
/// The rules:
/// - the identifier is not empty and has no white space or control characters;
/// - the English title is not empty;
/// - the end is not before the start (an open start or end is allowed);
/// - a budget, when given, is not negative and its currency is three capital letters (ISO 4217);
/// - an implementer or participant named as a Pasan institution is one of Pasan's institutions;
/// - every place's area code is one of Pasan's areas, at the level the place says;
/// - SDG goals are 1–18 (18 is Lao PDR's national goal on unexploded ordnance); targets and
///   indicators are known ones (when the context gives the known lists).
///
/// An activity with no place is allowed: a national programme works everywhere (Pasan's
/// default); it takes part in no overlap, since overlaps need a village or a district.
public enum ActivityCheck {
    public static func problems(of activity: Activity, context: ActivityCheckContext) -> [ActivityProblem] {
        var problems: [ActivityProblem] = []
        let id = activity.identifier
        func add(_ field: ActivityField, at index: Int? = nil, _ message: Message) {
            problems.append(ActivityProblem(identifier: id, field: field, index: index, message: message))
        }

        if id.isEmpty {
            add(.identifier, Message("activities.check.identifierEmpty"))
        } else if id.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
            add(.identifier, Message("activities.check.identifierSpaces", ["identifier": .text(id)]))
        }

        if activity.title.en.trimmingSpaces.isEmpty {
            add(.title, Message("activities.check.titleMissing", ["identifier": .text(id)]))
        }

        if let start = activity.start, let end = activity.end, end < start {
            add(.end, Message("activities.check.endBeforeStart", ["identifier": .text(id), "start": .date(start), "end": .date(end)]))
        }

        if let budget = activity.budget {
            if !budget.amount.isFinite || budget.amount < 0 {
                add(.budget, Message("activities.check.budgetNegative", ["identifier": .text(id), "amount": .text("\(budget.amount)")]))
            }
            if !isCurrencyCode(budget.currency) {
                add(.currency, Message("activities.check.currencyInvalid", ["identifier": .text(id), "currency": .text(budget.currency)]))
            }
        }

        if let known = context.institutionCodes {
            if let code = activity.implementer.institution, !code.isEmpty, !known.contains(code) {
                add(.implementer, Message("activities.check.unknownInstitution", ["identifier": .text(id), "code": .text(code)]))
            }
            for (index, participant) in activity.participants.enumerated() {
                if let code = participant.institution, !code.isEmpty, !known.contains(code) {
                    add(
                        .participants,
                        at: index,
                        Message("activities.check.unknownInstitution", ["identifier": .text(id), "code": .text(code)])
                    )
                }
            }
        }

        for (index, location) in activity.locations.enumerated() {
            guard let area = context.area(location.areaCode) else {
                add(
                    .locations,
                    at: index,
                    Message("activities.check.unknownArea", ["identifier": .text(id), "code": .text(location.areaCode)])
                )
                continue
            }
            if area.level != location.level {
                add(
                    .locations,
                    at: index,
                    Message(
                        "activities.check.areaLevel",
                        ["identifier": .text(id), "code": .text(location.areaCode), "level": .text(area.level.rawValue)]
                    )
                )
            }
        }

        for goal in activity.sdgGoals where !(1...18).contains(goal) {
            add(.sdgGoals, Message("activities.check.sdgGoal", ["identifier": .text(id), "goal": .number(goal)]))
        }
        for target in activity.sdgTargets where !context.knowsTarget(target) {
            add(.sdgTargets, Message("activities.check.sdgTarget", ["identifier": .text(id), "code": .text(target)]))
        }
        for indicator in activity.sdgIndicators where !context.knowsIndicator(indicator) {
            add(.sdgIndicators, Message("activities.check.sdgIndicator", ["identifier": .text(id), "code": .text(indicator)]))
        }
        return problems
    }

    /// Three capital ASCII letters (`USD`, `LAK`, `EUR`).
    public static func isCurrencyCode(_ text: String) -> Bool {
        text.utf8.count == 3 && text.utf8.allSatisfy { (0x41...0x5A).contains($0) }
    }
}

/// What an activity is checked against: Pasan's areas, institutions and SDG framework.
/// A list given as `nil` is not checked (the SDG framework is checked only by its shape then).
public struct ActivityCheckContext: Sendable {
    /// Finds an area (province, district or village) by its LSB code.
    public var area: @Sendable (String) -> Area?
    public var institutionCodes: Set<String>?
    public var targetCodes: Set<String>?
    public var indicatorCodes: Set<String>?

    public init(
        area: @escaping @Sendable (String) -> Area?,
        institutionCodes: Set<String>? = nil,
        targetCodes: Set<String>? = nil,
        indicatorCodes: Set<String>? = nil
    ) {
        self.area = area
        self.institutionCodes = institutionCodes
        self.targetCodes = targetCodes
        self.indicatorCodes = indicatorCodes
    }

    /// A context over a dictionary of areas by code.
    public init(
        areas: [String: Area],
        institutionCodes: Set<String>? = nil,
        targetCodes: Set<String>? = nil,
        indicatorCodes: Set<String>? = nil
    ) {
        self.init(area: { areas[$0] }, institutionCodes: institutionCodes, targetCodes: targetCodes, indicatorCodes: indicatorCodes)
    }

    /// A context over the framework catalogue (institutions, targets, indicators) and the given
    /// areas (the catalogue holds provinces and districts only; villages come from storage).
    public init(catalog: FrameworkCatalog, areas: [String: Area]) {
        self.init(
            areas: areas,
            institutionCodes: Set(catalog.institutions.map(\.code)),
            targetCodes: Set(catalog.targets.map(\.code)),
            indicatorCodes: Set(catalog.indicators.map(\.code))
        )
    }

    func knowsTarget(_ code: String) -> Bool {
        if let targetCodes { return targetCodes.contains(code) }
        return ActivityCheckContext.looksLikeFrameworkCode(code, parts: 2)
    }

    func knowsIndicator(_ code: String) -> Bool {
        if let indicatorCodes { return indicatorCodes.contains(code) }
        return ActivityCheckContext.looksLikeFrameworkCode(code, parts: 3)
    }

    /// `3.1` (parts 2) or `3.1.1` (parts 3): a goal 1–18 and parts of digits or letters.
    static func looksLikeFrameworkCode(_ code: String, parts: Int) -> Bool {
        let pieces = code.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count == parts, let goal = Int(pieces[0]), (1...18).contains(goal) else { return false }
        return pieces.dropFirst().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }
}

/// Which part of an activity a problem is about. Importers name their own element or column
/// for it (an IATI file's `location`, a CSV's `villages` column).
public enum ActivityField: String, Sendable, Hashable, Codable, CaseIterable {
    case identifier, title, end, budget, currency, implementer, participants, locations, sdgGoals, sdgTargets, sdgIndicators
}

/// One rule an activity breaks.
public struct ActivityProblem: Sendable, Hashable {
    /// The activity's identifier (as given, possibly empty).
    public var identifier: String
    public var field: ActivityField
    /// Which item of a list field (the place, the participant), from 0.
    public var index: Int?
    public var message: Message

    public init(identifier: String, field: ActivityField, index: Int? = nil, message: Message) {
        self.identifier = identifier
        self.field = field
        self.index = index
        self.message = message
    }
}
