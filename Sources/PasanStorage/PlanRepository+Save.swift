import PasanDomain
import SQLKit

extension PlanRepository {
    /// Saves a plan document in one transaction, with an audit entry. Upsert: the plan, results
    /// and indicators it names are inserted or updated, nothing else is deleted; the SDG links
    /// of each indicator it names are replaced by the document's; a target that is new or whose
    /// value differs becomes a new revision, a current target missing from an indicator of the
    /// document a removal revision (unchanged targets write nothing); values follow the flow
    /// rule (`PlanValueFlow`: a "same"-linked indicator's value is the SDG series' published
    /// national total, the others' a new revision of their own value when it differs).
    /// `seriesOf` gives an SDG indicator's series (the catalogue's).
    @discardableResult
    public func save(
        _ document: PlanDocument,
        actor: ChangeContext,
        reason: String,
        seriesOf: (String) -> [Series]
    ) async throws -> PlanSaveSummary {
        let stored = try await database.read { db in try await Self.load(db, plan: document.plan.code).first }
        let series = Self.seriesMap(document.links.map(\.sdgIndicator) + (stored?.links.map(\.sdgIndicator) ?? []), seriesOf)
        let at = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            try await Self.save(db, document: document, actor: actor, reason: reason, at: at, series: series)
        }
    }

    /// `save`, inside the caller's transaction. `series`: the series of every SDG indicator the
    /// document's and the stored plan's links name.
    static func save(
        _ db: any SQLDatabase,
        document: PlanDocument,
        actor: ChangeContext,
        reason: String,
        at: String,
        series: [String: [Series]]
    ) async throws -> PlanSaveSummary {
        typealias V = SQLValue
        let code = document.plan.code
        let before = try await load(db, plan: code).first
        var summary = PlanSaveSummary(plan: code)

        // What the document names must exist (in it, or stored before).
        let resultCodes = Set(document.results.map(\.code) + (before?.results.map(\.code) ?? []))
        for indicator in document.indicators where !resultCodes.contains(indicator.resultCode) {
            throw PlanStorageError.unknownResult(plan: code, result: indicator.resultCode)
        }
        let documentIndicators = Dictionary(document.indicators.map { ($0.code, $0) }, uniquingKeysWith: { _, b in b })
        let storedIndicators = Dictionary((before?.indicators ?? []).map { ($0.code, $0) }, uniquingKeysWith: { _, b in b })
        for name in document.links.map(\.planIndicator) + document.values.map(\.indicator)
        where documentIndicators[name] == nil && storedIndicators[name] == nil {
            throw PlanStorageError.unknownIndicator(plan: code, indicator: name)
        }
        let sdgCodes = Set(document.links.map(\.sdgIndicator))
        var known = Set<String>()
        for chunk in sdgCodes.sorted().chunked(into: 500) {
            known.formUnion(
                try await db.select().column("code").from("indicators").where("code", .in, Array(chunk)).all().map { try $0.string("code") }
            )
        }
        if let unknown = sdgCodes.subtracting(known).sorted().first { throw PlanStorageError.unknownSDGIndicator(unknown) }

        // The plan.
        let p = document.plan
        summary.planAdded = before == nil
        summary.planChanged = before != nil && before?.plan != p
        if summary.planAdded || summary.planChanged {
            try await db.insertBatched(
                into: "plans",
                columns: [
                    "code", "name_en", "name_lo", "lo_status", "start_year", "end_year", "note", "kind", "status", "institution",
                    "parent_plan", "source", "is_illustrative",
                ],
                rows: [
                    [
                        V.text(p.code), V.text(p.name.en), V.text(p.name.lo), V.text(p.name.loStatus.rawValue), V.int(p.startYear),
                        V.int(p.endYear), V.text(p.note), V.text(p.kind.rawValue), V.text(p.status.rawValue), V.text(p.institution),
                        V.text(p.parentPlan), V.text(p.source), V.bool(p.isIllustrative),
                    ]
                ],
                upsertOn: ["code"],
                updating: [
                    "name_en", "name_lo", "lo_status", "start_year", "end_year", "note", "kind", "status", "institution", "parent_plan",
                    "source", "is_illustrative",
                ]
            )
        }

        // Results: outcomes before outputs (no constraint needs it; it reads well in the log).
        let storedResults = Dictionary((before?.results ?? []).map { ($0.code, $0) }, uniquingKeysWith: { _, b in b })
        var results: [String: PlanResult] = [:]
        for result in document.results {
            var result = result
            result.plan = code
            results[result.code] = result
        }
        let writtenResults = results.values.filter { storedResults[$0.code] != $0 }.sorted { $0.code < $1.code }
        summary.resultsAdded = writtenResults.filter { storedResults[$0.code] == nil }.count
        summary.resultsChanged = writtenResults.count - summary.resultsAdded
        try await db.insertBatched(
            into: "plan_results",
            columns: [
                "plan", "code", "level", "parent_code", "title_en", "title_lo", "lo_status", "is_verified", "note", "source", "aligns_with",
            ],
            rows: writtenResults.map {
                [
                    V.text($0.plan), V.text($0.code), V.text($0.level.rawValue), V.text($0.parentCode), V.text($0.title.en),
                    V.text($0.title.lo), V.text($0.title.loStatus.rawValue), V.bool($0.isVerified), V.text($0.note), V.text($0.source),
                    V.text(ListColumn.join($0.alignsWith)),
                ]
            },
            upsertOn: ["plan", "code"],
            updating: ["level", "parent_code", "title_en", "title_lo", "lo_status", "is_verified", "note", "source", "aligns_with"]
        )

        // Indicators (their targets apart).
        func withoutTargets(_ indicator: PlanIndicator) -> PlanIndicator {
            var indicator = indicator
            indicator.plan = code
            indicator.targets = []
            return indicator
        }
        let writtenIndicators = documentIndicators.values.map(withoutTargets).filter { indicator in
            storedIndicators[indicator.code].map(withoutTargets) != indicator
        }.sorted { $0.code < $1.code }
        summary.indicatorsAdded = writtenIndicators.filter { storedIndicators[$0.code] == nil }.count
        summary.indicatorsChanged = writtenIndicators.count - summary.indicatorsAdded
        try await db.insertBatched(
            into: "plan_indicators",
            columns: [
                "plan", "code", "result_code", "title_en", "title_lo", "lo_status", "owner", "definition_en", "definition_lo",
                "definition_lo_status", "unit", "direction", "baseline_year", "baseline_value", "data_source", "frequency",
                "is_illustrative", "note",
            ],
            rows: writtenIndicators.map {
                [
                    V.text($0.plan), V.text($0.code), V.text($0.resultCode), V.text($0.title.en), V.text($0.title.lo),
                    V.text($0.title.loStatus.rawValue), V.text($0.owner), V.text($0.definition?.en), V.text($0.definition?.lo),
                    V.text($0.definition?.loStatus.rawValue), V.text($0.unit), V.text($0.direction?.rawValue), V.int($0.baseline?.year),
                    V.double($0.baseline?.value), V.text($0.dataSource), V.text($0.frequency?.rawValue), V.bool($0.isIllustrative),
                    V.text($0.note),
                ]
            },
            upsertOn: ["plan", "code"],
            updating: [
                "result_code", "title_en", "title_lo", "lo_status", "owner", "definition_en", "definition_lo", "definition_lo_status",
                "unit", "direction", "baseline_year", "baseline_value", "data_source", "frequency", "is_illustrative", "note",
            ]
        )

        // Links: the document's replace those of the indicators it names.
        func linkKey(_ link: PlanIndicatorLink) -> String { "\(link.planIndicator)\u{1F}\(link.sdgIndicator)" }
        var documentLinks: [String: PlanIndicatorLink] = [:]
        for link in document.links {
            var link = link
            link.plan = code
            documentLinks[linkKey(link)] = link
        }
        let storedLinks = before?.links ?? []
        var linksAfter = storedLinks.filter { documentIndicators[$0.planIndicator] == nil && documentLinks[linkKey($0)] == nil }
        linksAfter += documentLinks.values.sorted { linkKey($0) < linkKey($1) }
        let touched = Set(documentIndicators.keys).union(documentLinks.values.map(\.planIndicator))
        var replaced: [String] = []
        var newLinks: [PlanIndicatorLink] = []
        for indicator in touched.sorted() {
            let old = Set(storedLinks.filter { $0.planIndicator == indicator })
            let new = Set(linksAfter.filter { $0.planIndicator == indicator })
            guard old != new else { continue }
            replaced.append(indicator)
            newLinks += new.sorted { $0.sdgIndicator < $1.sdgIndicator }
        }
        summary.linkSetsChanged = replaced.count
        for chunk in replaced.chunked(into: 500) {
            try await db.delete(from: "plan_indicator_links").where("plan", .equal, code).where("plan_indicator", .in, Array(chunk)).run()
        }
        try await db.insertBatched(
            into: "plan_indicator_links",
            columns: ["plan", "plan_indicator", "sdg_indicator", "relation", "series"],
            rows: newLinks.map {
                [V.text(code), V.text($0.planIndicator), V.text($0.sdgIndicator), V.text($0.relation.rawValue), V.text($0.series)]
            }
        )

        // Targets: a revision for each change, a removal for each target gone from an indicator.
        let latest = try await latestTargetRevisions(db, plan: code)
        var targetRows: [[any SQLExpression]] = []
        for indicator in documentIndicators.values.sorted(by: { $0.code < $1.code }) {
            let current = Dictionary(
                (storedIndicators[indicator.code]?.targets ?? []).map { (TargetKey($0), $0) },
                uniquingKeysWith: { _, b in b }
            )
            let wanted = Dictionary(indicator.targets.map { (TargetKey($0), $0) }, uniquingKeysWith: { _, b in b })
            for (key, target) in wanted.sorted(by: { $0.key < $1.key }) where current[key]?.value != target.value {
                if current[key] == nil { summary.targetsAdded += 1 } else { summary.targetsRevised += 1 }
                let revision = (latest["\(indicator.code)/\(key)"] ?? 0) + 1
                targetRows.append(targetRow(plan: code, indicator: indicator.code, target, removed: false, revision, actor, at, reason))
            }
            for (key, target) in current.sorted(by: { $0.key < $1.key }) where wanted[key] == nil {
                summary.targetsRemoved += 1
                let revision = (latest["\(indicator.code)/\(key)"] ?? 0) + 1
                targetRows.append(targetRow(plan: code, indicator: indicator.code, target, removed: true, revision, actor, at, reason))
            }
        }
        try await db.insertBatched(into: "plan_targets", columns: targetColumns, rows: targetRows)

        // Values, by where each indicator's values live once the document is saved.
        var indicatorsAfter = storedIndicators
        for (key, value) in documentIndicators { indicatorsAfter[key] = value }
        let after = PlanDocument(plan: p, indicators: Array(indicatorsAfter.values), links: linksAfter)
        let same = sameSeries(after, series: series)
        let writes = document.values.compactMap { entry in
            indicatorsAfter[entry.indicator].map { ValueWrite(indicator: $0, entry: entry, same: same[entry.indicator]) }
        }
        let counts = try await writeValues(db, plan: code, writes: writes, actor: actor, reason: reason, at: at)
        summary.valuesAdded = counts.ownAdded
        summary.valuesChanged = counts.ownChanged
        summary.sdgValuesAdded = counts.sdgAdded
        summary.sdgValuesChanged = counts.sdgChanged

        if summary.hasChanges {
            try await AuditLog.record(
                db,
                actor,
                action: "save",
                entity: "plan",
                id: code,
                before: Optional<Nothing>.none,
                after: SaveAudit(reason: reason, summary: summary)
            )
        }
        return summary
    }

    /// The highest revision of each target (removed or not), by `indicator/year/kind`.
    static func latestTargetRevisions(_ db: any SQLDatabase, plan: String) async throws -> [String: Int] {
        let rows = try await db.raw(
            """
            SELECT indicator, year, kind, MAX(revision) AS revision FROM plan_targets WHERE plan = \(bind: plan)
            GROUP BY indicator, year, kind
            """
        ).all()
        var result: [String: Int] = [:]
        for row in rows {
            guard let kind = PlanTargetKind(rawValue: try row.string("kind")) else { continue }
            let key = TargetKey(year: try row.int("year"), kind: kind)
            result["\(try row.string("indicator"))/\(key)"] = try row.int("revision")
        }
        return result
    }

    static let targetColumns = [
        "plan", "indicator", "year", "kind", "value", "is_removed", "revision", "entered_by", "entered_at", "reason",
    ]

    static func targetRow(
        plan: String,
        indicator: String,
        _ target: PlanTarget,
        removed: Bool,
        _ revision: Int,
        _ actor: ChangeContext,
        _ at: String,
        _ reason: String
    ) -> [any SQLExpression] {
        [
            SQLBind(plan), SQLBind(indicator), SQLBind(target.year), SQLBind(target.kind.rawValue), SQLBind(target.value),
            SQLValue.bool(removed), SQLBind(revision), SQLBind(actor.actorName), SQLBind(at), SQLValue.text(reason.nilIfBlank),
        ]
    }

    /// A target's identity within an indicator: its year and kind.
    struct TargetKey: Hashable, Comparable, CustomStringConvertible {
        var year: Int
        var kind: PlanTargetKind

        init(year: Int, kind: PlanTargetKind) {
            self.year = year
            self.kind = kind
        }

        init(_ target: PlanTarget) {
            self.init(year: target.year, kind: target.kind)
        }

        var description: String { "\(year)/\(kind.rawValue)" }

        static func < (a: TargetKey, b: TargetKey) -> Bool { (a.year, a.kind.rawValue) < (b.year, b.kind.rawValue) }
    }

    struct SaveAudit: Encodable {
        var reason: String
        var summary: PlanSaveSummary
    }
}
