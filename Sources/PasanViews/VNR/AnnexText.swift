import PasanDomain
import PasanMessages

/// The words of the statistical annex of a Voluntary National Review, in the reader's language:
/// one place for the web page and the DOCX document (`PasanWeb`'s `AnnexDocument`), so the two
/// say the same.
public enum AnnexText {
    public static func title(_ year: Int, _ l: PasanDomain.Language) -> String {
        l.t("vnr.annex.title", ["year": .text(String(year))])
    }

    /// "Goal 3: Ensure healthy lives…"
    public static func chapterTitle(_ chapter: StatisticalAnnex.Chapter, _ l: PasanDomain.Language) -> String {
        l.t("vnr.annex.chapter", ["goal": .number(chapter.goal), "title": .text(chapter.title.text(in: l))])
    }

    public static func goalList(_ goals: [Int], _ l: PasanDomain.Language) -> String {
        goals.map { TextFormat.number($0, in: l) }.joined(separator: ", ")
    }

    /// A published value as the pages show it ("12,345.6"); "—" for none.
    public static func value(_ value: Double?, _ l: PasanDomain.Language) -> String {
        value.map { Fragments.dataValue($0, l) } ?? "—"
    }

    /// A value with its unit after it ("61.8 %", "1,091").
    public static func value(_ value: Double, unit: String, _ l: PasanDomain.Language) -> String {
        let u = self.unit(unit, l)
        return self.value(value, l) + (u.isEmpty ? "" : " " + u)
    }

    /// A unit as written after a value: per cent as "%", a plain count as nothing.
    public static func unit(_ unit: String, _ l: PasanDomain.Language) -> String {
        BulletinPage.unitText(unit, l)
    }

    /// The label of a row: the country's total, a breakdown ("Female"), a province's name.
    public static func rowLabel(_ row: StatisticalAnnex.Row, _ l: PasanDomain.Language) -> String {
        switch row.kind {
        case .total: l.t("vnr.annex.row.total")
        case .breakdown(let key): IndicatorPage.breakdownLabel(key, l)
        case .province(_, let name): name.text(in: l)
        }
    }

    /// "Rising: 45.2 (2015) → 61.8 (2023)"; "—" without a trend.
    public static func trend(_ trend: StatisticalAnnex.Trend?, unit: String, _ l: PasanDomain.Language) -> String {
        guard let trend else { return "—" }
        let arguments: [String: MessageArgument] = [
            "from": .text(value(trend.from, unit: unit, l)), "fromPeriod": .text(trend.fromPeriod),
            "to": .text(value(trend.to, unit: unit, l)), "toPeriod": .text(trend.toPeriod),
        ]
        return switch trend.direction {
        case .up: l.t("vnr.annex.trend.up", arguments)
        case .down: l.t("vnr.annex.trend.down", arguments)
        case .unchanged: l.t("vnr.annex.trend.unchanged", arguments)
        }
    }

    /// The progress status and how it was measured, said plainly when not assessed.
    public static func progress(_ result: ProgressResult?, _ l: PasanDomain.Language) -> String {
        guard let result, result.status != .notAvailable else { return l.t("vnr.annex.notAssessedShort") }
        var text = l.t(
            "vnr.annex.status",
            ["status": .text(result.status.title.text(in: l)), "method": .text(result.method.edition)]
        )
        if !result.method.isConfirmed { text += " " + l.t("vnr.annex.methodUnconfirmed") }
        if result.overridden {
            text += " " + l.t("vnr.annex.setByHand", ["justification": .text(result.justification ?? "")])
        }
        return text
    }

    /// The status alone, for the chapter's summary table.
    public static func status(_ result: ProgressResult?, _ l: PasanDomain.Language) -> String {
        guard let result, result.status != .notAvailable else { return l.t("vnr.annex.notAssessedShort") }
        return result.status.title.text(in: l)
    }

    public static func owners(_ owners: [String], _ catalog: FrameworkCatalog, _ l: PasanDomain.Language) -> String {
        guard !owners.isEmpty else { return l.t("vnr.annex.noOwnerShort") }
        return owners.map { code in catalog.institution(code).map { "\($0.name.text(in: l)) (\(code))" } ?? code }
            .joined(separator: ", ")
    }

    public static func gap(_ gap: StatisticalAnnex.Gap, _ l: PasanDomain.Language) -> String {
        switch gap {
        case .noData: l.t("vnr.annex.gap.noData")
        case .nothingSinceBaseline(let latest):
            l.t("vnr.annex.gap.nothingSinceBaseline", ["baseline": .text(String(StatisticalAnnex.baselineYear)), "latest": .text(latest)])
        case .noNationalTotal: l.t("vnr.annex.gap.noNationalTotal")
        case .singlePeriod(let period): l.t("vnr.annex.gap.singlePeriod", ["period": .text(period)])
        case .noBreakdown: l.t("vnr.annex.gap.noBreakdown")
        case .notAssessed: l.t("vnr.annex.gap.notAssessed")
        case .noOwner: l.t("vnr.annex.gap.noOwner")
        }
    }

    /// The latest national value with its period ("61.8 % (2023)"), or "No data".
    public static func latest(_ entry: StatisticalAnnex.IndicatorEntry, _ l: PasanDomain.Language) -> String {
        guard let latest = entry.latest else {
            return entry.tables.isEmpty ? l.t("vnr.annex.noDataShort") : l.t("vnr.annex.noNationalShort")
        }
        return value(latest.value, unit: latest.unit, l) + " (\(latest.period))"
    }

    /// "Progress of the goal: …. 6 of 11 indicators have data since 2015."
    public static func chapterSummary(_ chapter: StatisticalAnnex.Chapter, _ l: PasanDomain.Language) -> String {
        l.t(
            "vnr.annex.chapterSummary",
            [
                "status": .text(chapter.status.map { $0.title.text(in: l) } ?? l.t("vnr.annex.notAssessedShort")),
                "with": .number(chapter.withData), "all": .number(chapter.indicators.count),
            ]
        )
    }

    /// The header of the overview of the chapters (the annex's first table).
    public static func overviewHeader(_ l: PasanDomain.Language) -> [String] {
        [l.t("vnr.annex.column.goal"), l.t("vnr.annex.column.status"), l.t("vnr.annex.column.withData")]
    }

    public static func overviewRow(_ chapter: StatisticalAnnex.Chapter, _ l: PasanDomain.Language) -> [String] {
        [
            chapterTitle(chapter, l), chapter.status.map { $0.title.text(in: l) } ?? l.t("vnr.annex.notAssessedShort"),
            l.t("vnr.annex.ofIndicators", ["with": .number(chapter.withData), "all": .number(chapter.indicators.count)]),
        ]
    }

    /// The header of the chapter's summary table.
    public static func summaryHeader(_ l: PasanDomain.Language) -> [String] {
        [
            l.t("vnr.annex.column.indicator"), l.t("vnr.annex.column.latest"), l.t("vnr.annex.column.trend"),
            l.t("vnr.annex.column.status"), l.t("vnr.annex.column.owner"),
        ]
    }

    /// A row of the chapter's summary table.
    public static func summaryRow(
        _ entry: StatisticalAnnex.IndicatorEntry,
        _ catalog: FrameworkCatalog,
        _ l: PasanDomain.Language
    ) -> [String] {
        [
            "\(entry.code) \(entry.title.text(in: l))", latest(entry, l), trend(entry.trend, unit: entry.latest?.unit ?? "", l),
            status(entry.progress, l), owners(entry.owners, catalog, l),
        ]
    }

    /// "Proportion of … (SH_STA_BRTC), %"
    public static func seriesCaption(_ table: StatisticalAnnex.SeriesTable, _ l: PasanDomain.Language) -> String {
        let u = unit(table.unit, l)
        return "\(table.name.text(in: l)) (\(table.series))" + (u.isEmpty ? "" : ", \(u)")
    }

    /// The header of a series table: the breakdown column, then the periods.
    public static func seriesHeader(_ table: StatisticalAnnex.SeriesTable, _ l: PasanDomain.Language) -> [String] {
        [l.t("vnr.annex.column.breakdown")] + table.periods
    }

    public static func seriesRow(_ row: StatisticalAnnex.Row, _ l: PasanDomain.Language) -> [String] {
        [rowLabel(row, l)] + row.values.map { value($0, l) }
    }

    public static func sources(_ table: StatisticalAnnex.SeriesTable, _ l: PasanDomain.Language) -> String {
        l.t(
            "vnr.annex.sources",
            ["sources": .text(table.sources.isEmpty ? l.t("vnr.annex.noSource") : table.sources.joined(separator: "; "))]
        )
    }
}
