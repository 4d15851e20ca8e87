/// Two plans compared indicator by indicator (issue 13: the 8th NSEDP against the 9th — which
/// indicators were kept, dropped, added or changed, and what was known of each at the end of the
/// earlier plan).
extension PlanComparison {
    /// Compares `later` with `earlier`. An earlier indicator corresponds to a later one with the
    /// same code, else with the same English title (folded as `SearchText` does), else with a
    /// shared SDG indicator link (`same`, `adapted` or `proxy`); each is matched at most once.
    /// A corresponding pair is changed when its title, unit, definition, direction, SDG links or
    /// end-of-plan target value differ (the target's year differs from one plan to the next by
    /// nature), and kept otherwise. Every earlier indicator is evaluated with
    /// `earlierValues` (keyed by its code) at the end of the earlier plan. Entries follow the
    /// earlier plan's order, then the added indicators in the later plan's order.
    public static func compare(earlier: PlanDocument, later: PlanDocument, earlierValues: [String: [PlanValue]]) -> PlanComparison {
        let earlierLinks = linkSets(earlier)
        let laterLinks = linkSets(later)
        // earlier code → later code
        var match: [String: String] = [:]
        var laterMatched: Set<String> = []
        func pair(_ e: String, _ l: String) {
            match[e] = l
            laterMatched.insert(l)
        }
        // 1. The same code.
        let earlierCodes = Set(earlier.indicators.map(\.code))
        for indicator in later.indicators where earlierCodes.contains(indicator.code) && match[indicator.code] == nil {
            pair(indicator.code, indicator.code)
        }
        // 2. The same folded English title.
        var byTitle: [String: [String]] = [:]
        for indicator in earlier.indicators where match[indicator.code] == nil {
            byTitle[SearchText.normalise(indicator.title.en), default: []].append(indicator.code)
        }
        for indicator in later.indicators where !laterMatched.contains(indicator.code) {
            let candidates = byTitle[SearchText.normalise(indicator.title.en)] ?? []
            if let e = candidates.first(where: { match[$0] == nil }) { pair(e, indicator.code) }
        }
        // 3. A shared SDG indicator link.
        var bySDG: [String: [String]] = [:]
        for indicator in earlier.indicators where match[indicator.code] == nil {
            for sdg in earlierLinks[indicator.code]?.order ?? [] { bySDG[sdg, default: []].append(indicator.code) }
        }
        for indicator in later.indicators where !laterMatched.contains(indicator.code) {
            for sdg in laterLinks[indicator.code]?.order ?? [] {
                if let e = bySDG[sdg]?.first(where: { match[$0] == nil }) {
                    pair(e, indicator.code)
                    break
                }
            }
        }

        let laterByCode = Dictionary(later.indicators.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var entries: [Entry] = []
        entries.reserveCapacity(earlier.indicators.count + later.indicators.count)
        for indicator in earlier.indicators {
            let evaluation = evaluate(indicator, values: earlierValues[indicator.code] ?? [], plan: earlier.plan)
            guard let laterCode = match[indicator.code], let counterpart = laterByCode[laterCode] else {
                entries.append(Entry(change: .dropped, earlier: indicator.code, later: nil, differences: [], evaluation: evaluation))
                continue
            }
            let differences = differences(
                indicator,
                counterpart,
                earlierLinks: earlierLinks[indicator.code]?.relations ?? [],
                laterLinks: laterLinks[counterpart.code]?.relations ?? []
            )
            entries.append(
                Entry(
                    change: differences.isEmpty ? .kept : .changed,
                    earlier: indicator.code,
                    later: counterpart.code,
                    differences: differences,
                    evaluation: evaluation
                )
            )
        }
        for indicator in later.indicators where !laterMatched.contains(indicator.code) {
            entries.append(Entry(change: .added, earlier: nil, later: indicator.code, differences: [], evaluation: nil))
        }
        return PlanComparison(earlier: earlier.plan.code, later: later.plan.code, entries: entries)
    }

    /// What was known of an earlier plan's indicator at the end of that plan: the years of the
    /// plan's period with a value, and the progress assessed at the plan's end year.
    static func evaluate(_ indicator: PlanIndicator, values: [PlanValue], plan: DevelopmentPlan) -> Evaluation {
        let progress = PlanProgress.assess(indicator, values: values, plan: plan, year: plan.endYear)
        let years = Set(values.map(\.year).filter { plan.years.contains($0) }).sorted()
        return Evaluation(yearsWithData: years, latest: progress.latest, progress: progress)
    }

    /// A plan indicator's counted SDG links: the linked SDG indicators in link order, and the
    /// set of (SDG indicator, relation).
    struct Links {
        var order: [String] = []
        var relations: Set<LinkKey> = []
    }

    struct LinkKey: Hashable {
        var sdgIndicator: String
        var relation: NationalRelation
    }

    static func linkSets(_ document: PlanDocument) -> [String: Links] {
        var links: [String: Links] = [:]
        for link in document.links
        where link.plan == document.plan.code && PlanHarmonisation.countedRelations.contains(link.relation) {
            var entry = links[link.planIndicator] ?? Links()
            if !entry.order.contains(link.sdgIndicator) { entry.order.append(link.sdgIndicator) }
            entry.relations.insert(LinkKey(sdgIndicator: link.sdgIndicator, relation: link.relation))
            links[link.planIndicator] = entry
        }
        return links
    }

    /// What differs materially between two corresponding indicators, each with its old and new
    /// value as the `old` and `new` arguments.
    static func differences(_ a: PlanIndicator, _ b: PlanIndicator, earlierLinks: Set<LinkKey>, laterLinks: Set<LinkKey>) -> [Message] {
        var differences: [Message] = []
        if differs(a.title, b.title) {
            differences.append(Message("plans_domain.comparison.title", ["old": .localized(a.title), "new": .localized(b.title)]))
        }
        if a.unit != b.unit {
            differences.append(Message("plans_domain.comparison.unit", ["old": text(a.unit), "new": text(b.unit)]))
        }
        if differs(a.definition, b.definition) {
            differences.append(
                Message("plans_domain.comparison.definition", ["old": localized(a.definition), "new": localized(b.definition)])
            )
        }
        if a.direction != b.direction {
            differences.append(
                Message("plans_domain.comparison.direction", ["old": direction(a.direction), "new": direction(b.direction)])
            )
        }
        if earlierLinks != laterLinks {
            differences.append(Message("plans_domain.comparison.links", ["old": links(earlierLinks), "new": links(laterLinks)]))
        }
        // The target's value: two successive plans end in different years by nature.
        let oldTarget = a.endOfPlanTarget, newTarget = b.endOfPlanTarget
        if oldTarget?.value != newTarget?.value {
            differences.append(Message("plans_domain.comparison.target", ["old": target(oldTarget), "new": target(newTarget)]))
        }
        return differences
    }

    /// Whether two texts differ beyond case and spacing: the English text, or the Lao text when
    /// both have one (a translation added later is not a change of the indicator).
    static func differs(_ a: LocalizedText?, _ b: LocalizedText?) -> Bool {
        guard let a, let b else { return (a == nil) != (b == nil) }
        if SearchText.normalise(a.en) != SearchText.normalise(b.en) { return true }
        if let la = a.lo, let lb = b.lo, SearchText.normalise(la) != SearchText.normalise(lb) { return true }
        return false
    }

    static var notSet: MessageArgument { .message(Message("plans_domain.comparison.notSet")) }

    static func text(_ value: String?) -> MessageArgument { value.map { .text($0) } ?? notSet }

    static func localized(_ value: LocalizedText?) -> MessageArgument { value.map { .localized($0) } ?? notSet }

    static func direction(_ value: PlanDirection?) -> MessageArgument {
        switch value {
        case .increase: .message(Message("plans_domain.direction.increase"))
        case .decrease: .message(Message("plans_domain.direction.decrease"))
        case nil: notSet
        }
    }

    static func target(_ value: PlanTarget?) -> MessageArgument {
        guard let value else { return notSet }
        return .message(
            Message(
                "plans_domain.comparison.targetValue",
                ["value": .text(ObservationRules.format(value.value)), "year": .text(String(value.year))]
            )
        )
    }

    /// The links as "3.1.2 (same) and 4.1.1 (proxy)", in framework order.
    static func links(_ links: Set<LinkKey>) -> MessageArgument {
        guard !links.isEmpty else { return .message(Message("plans_domain.comparison.noLinks")) }
        let sorted = links.sorted {
            $0.sdgIndicator != $1.sdgIndicator
                ? FrameworkCode.areInIncreasingOrder($0.sdgIndicator, $1.sdgIndicator) : $0.relation.rawValue < $1.relation.rawValue
        }
        let items: [Message] = sorted.map { link in
            let relation: Message =
                switch link.relation {
                case .same: Message("plans_domain.link.same")
                case .adapted: Message("plans_domain.link.adapted")
                case .proxy, .additional: Message("plans_domain.link.proxy")  // additional links are not counted
                }
            return Message("plans_domain.comparison.link", ["indicator": .text(link.sdgIndicator), "relation": .message(relation)])
        }
        return .message(list(items[...]))
    }

    /// "A and B and C", in the reader's language (the keys `GapAnalysis.andList` uses).
    static func list(_ items: ArraySlice<Message>) -> Message {
        guard items.count > 1, let first = items.first else {
            return Message("domain.list.one", ["item": .message(items.first ?? Message("plans_domain.comparison.noLinks"))])
        }
        return Message("domain.list.and", ["first": .message(first), "rest": .message(list(items.dropFirst()))])
    }
}
