import PasanDomain
import PasanExchange
import PasanMessages
import PasanViews

/// The statistical annex as a Word document the drafting team edits (`DOCXWriter`): the same
/// words as the web page (`AnnexText`), landscape A4 so a series' years fit across, each goal a
/// chapter starting on a new page with its summary table, then every indicator with its tables.
public enum AnnexDocument {
    public static func document(_ annex: StatisticalAnnex, catalog: FrameworkCatalog, _ l: Language) -> WordDocument {
        let review = annex.review
        var blocks: [WordDocument.Block] = [
            .paragraph(AnnexText.title(review.year, l), style: .title),
            .paragraph(l.t("vnr.annex.goals", ["goals": .text(AnnexText.goalList(review.goals, l))])),
            .paragraph(l.t("vnr.annex.asOf") + " " + TextFormat.date(annex.asOf, in: l) + " — " + l.t("vnr.annex.about"), style: .note),
            .paragraph(l.t("vnr.annex.scope", ["baseline": .text(String(StatisticalAnnex.baselineYear))]), style: .note),
        ]
        blocks.append(
            .table(
                WordDocument.Table(
                    header: AnnexText.overviewHeader(l),
                    rows: annex.chapters.map { AnnexText.overviewRow($0, l) },
                    firstColumnShare: 0.6
                )
            )
        )
        let withoutData = annex.chapters.filter { $0.withData == 0 }.map(\.goal)
        if !withoutData.isEmpty {
            blocks.append(.paragraph(l.t("vnr.annex.goalsWithoutData", ["goals": .text(AnnexText.goalList(withoutData, l))])))
        }
        for chapter in annex.chapters {
            blocks.append(.pageBreak)
            blocks.append(.heading(level: 1, text: AnnexText.chapterTitle(chapter, l)))
            blocks.append(.paragraph(AnnexText.chapterSummary(chapter, l)))
            blocks.append(
                .table(
                    WordDocument.Table(
                        header: AnnexText.summaryHeader(l),
                        rows: chapter.indicators.map { AnnexText.summaryRow($0, catalog, l) },
                        firstColumnShare: 0.34
                    )
                )
            )
            for entry in chapter.indicators {
                blocks.append(.heading(level: 2, text: "\(entry.code) \(entry.title.text(in: l))"))
                blocks.append(.paragraph(l.t("vnr.annex.column.status") + ": " + AnnexText.progress(entry.progress, l)))
                blocks.append(.paragraph(l.t("vnr.annex.column.owner") + ": " + AnnexText.owners(entry.owners, catalog, l)))
                for gap in entry.gaps { blocks.append(.paragraph("• " + AnnexText.gap(gap, l))) }
                for table in entry.tables {
                    blocks.append(.heading(level: 3, text: AnnexText.seriesCaption(table, l)))
                    blocks.append(
                        .table(
                            WordDocument.Table(
                                header: AnnexText.seriesHeader(table, l),
                                rows: table.rows.map { AnnexText.seriesRow($0, l) },
                                numericColumns: Set(1..<(table.periods.count + 1)),
                                firstColumnShare: table.periods.count > 8 ? 0.2 : 0.3
                            )
                        )
                    )
                    blocks.append(
                        .paragraph(AnnexText.trend(table.trend, unit: table.unit, l) + " · " + AnnexText.sources(table, l), style: .note)
                    )
                }
            }
        }
        return WordDocument(title: AnnexText.title(review.year, l), language: l.tag, landscape: true, blocks: blocks)
    }
}
