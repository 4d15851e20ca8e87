import PasanDomain
import PasanMessages
import PasanViews
import Testing

/// The import pages (issue 11): the batches, the two uploads (also with a refused zip's
/// problems), and one batch waiting for a decision (with its confirmation step), published at
/// once from the command line, and discarded; built from small fixtures, in Lao and English.
@Suite struct ImportPageSnapshotTests {
    typealias F = Fixtures

    static func batch(_ id: Int64, state: ImportBatchState, atOnce: Bool = false) -> ImportBatch {
        ImportBatch(
            id: id,
            source: .openSDG,
            name: "sdg-laos",
            fileName: "sdg-laos-main.zip",
            createdBy: "LSB statistics reviewer <lsb.reviewer@pasan.demo>",
            createdAt: "2026-11-30T09:00:00Z",
            state: state,
            decidedBy: state == .staged ? nil : "Secretariat officer <officer@pasan.demo>",
            decidedAt: state == .staged ? nil : "2026-12-01T10:00:00Z",
            publishedAtOnce: atOnce,
            counts: ImportBatchCounts(
                values: 4,
                refused: 1,
                nationalSeries: 1,
                codeLabels: 12,
                added: state == .published ? 2 : nil,
                changed: state == .published ? 1 : nil,
                unchanged: state == .published ? 0 : nil,
                conflicts: state == .published ? 1 : nil
            )
        )
    }

    static func value(
        _ indicator: String,
        _ series: String,
        _ period: String,
        _ value: Double,
        sex: String? = nil,
        line: Int
    ) -> StagedValue {
        StagedValue(
            observation: Observation(
                series: series,
                indicator: indicator,
                area: "LA",
                period: period,
                dimensions: sex.map { ["SEX": $0] } ?? [:],
                unit: "NUMBER",
                value: value,
                status: "A",
                source: nil
            ),
            file: "data/SDG_DSD_Laos.Goal.18.xml",
            line: line
        )
    }

    static func preview(_ batch: ImportBatch) -> ImportPreview {
        ImportPreview(
            batch: batch,
            values: [
                ClassifiedValue(staged: value("18.1.1", "_L_LA_180101_00", "2019", 31, line: 40), change: .added),
                ClassifiedValue(staged: value("18.1.1", "_L_LA_180101_01", "2019", 12, sex: "F", line: 41), change: .added),
                ClassifiedValue(staged: value("18.1.1", "_L_LA_180101_00", "2018", 25, line: 39), change: .changed(old: 24)),
                ClassifiedValue(
                    staged: value("18.1.1", "_L_LA_180101_00", "2015", 43, line: 36),
                    change: .conflict(published: 42, dataset: "cycle:3:MOLSW", source: "Ministry of Labor and Social Welfare")
                ),
                ClassifiedValue(staged: value("3.1.1", "SH_STA_MORT", "2017", 185, line: 12), change: .unchanged),
            ],
            refusals: [
                ImportRefusal(
                    indicator: "18.1.1",
                    file: "data/SDG_DSD_Laos.Goal.18.xml",
                    line: 52,
                    location: "OBS_VALUE (18.1.1 _L_LA_180101_00 LA 2020)",
                    found: "n/a",
                    expected: Message("exchange.opensdg.number")
                )
            ],
            nationalSeries: [
                NationalSeriesProposal(
                    code: "_L_LA_180101_01",
                    indicator: "18.1.1",
                    nameEnglish: "Number of UXO casualties, by sex",
                    nameLao: "ຈຳນວນຜູ້ເຄາະຮ້າຍຈາກລະເບີດບໍ່ທັນແຕກ, ຕາມເພດ",
                    unit: "NUMBER"
                )
            ],
            codeLabels: 12
        )
    }

    static let titles: [String: LocalizedText] = [
        "18.1.1": F.indicator1811.title, "3.1.1": F.indicator311.title,
    ]

    @Test(arguments: Language.allCases)
    func imports(_ l: Language) {
        let page = ImportsPage(
            language: l,
            session: F.session(),
            batches: [
                Self.batch(3, state: .staged), Self.batch(2, state: .published, atOnce: true), Self.batch(1, state: .discarded),
            ]
        )
        Snapshot.check(page.render(), "ImportsPage", l)
        Snapshot.check(ImportsPage(language: l, session: F.session(), batches: []).render(), "ImportsPage-none", l)
    }

    static let structures = [
        ImportNewPage.Structure(id: "sdg", label: Message("imports_web.dsd.sdg")),
        ImportNewPage.Structure(id: "lsb", label: Message("imports_web.dsd.lsb")),
    ]
    static let limits = ImportNewPage.Limits(uploadMegabytes: 20, zipEntries: 10_000, unpackedMegabytes: 256)

    @Test(arguments: Language.allCases)
    func newImport(_ l: Language) {
        Snapshot.check(
            ImportNewPage(language: l, session: F.session(), structures: Self.structures, limits: Self.limits).render(),
            "ImportNewPage",
            l
        )
        let refused = ImportNewPage(
            language: l,
            session: F.session(),
            structures: Self.structures,
            structure: "lsb",
            limits: Self.limits,
            refusal: ImportNewPage.Refusal(
                kind: .openSDG,
                fileName: "sdg-laos-main.zip",
                problems: [
                    ImportRefusal(file: "sdg-laos-main.zip", location: "../../etc/cron.d/x", expected: Message("imports_web.zip.parent")),
                    ImportRefusal(file: "LSB_DSD.xml", line: 2, expected: Message("exchange.xml.noDoctype")),
                ]
            ),
            name: "sdg-laos"
        )
        Snapshot.check(refused.render(), "ImportNewPage-refused", l)
    }

    @Test(arguments: Language.allCases)
    func stagedBatch(_ l: Language) {
        let preview = Self.preview(Self.batch(3, state: .staged))
        let page = ImportBatchPage(
            language: l,
            session: F.session(notices: [l.t("imports_web.notice.staged")]),
            preview: preview,
            titles: Self.titles
        )
        Snapshot.check(page.render(), "ImportBatchPage", l)
        let confirm = ImportBatchPage(language: l, session: F.session(), preview: preview, titles: Self.titles, confirm: .publish)
        Snapshot.check(confirm.render(), "ImportBatchPage-confirm-publish", l)
    }

    @Test(arguments: Language.allCases)
    func decidedBatches(_ l: Language) {
        let published = ImportBatchPage(
            language: l,
            session: F.session(),
            preview: Self.preview(Self.batch(2, state: .published, atOnce: true)),
            titles: Self.titles
        )
        Snapshot.check(published.render(), "ImportBatchPage-published-at-once", l)
        let discarded = ImportBatchPage(
            language: l,
            session: F.session(),
            preview: Self.preview(Self.batch(1, state: .discarded)),
            titles: Self.titles
        )
        Snapshot.check(discarded.render(), "ImportBatchPage-discarded", l)
    }
}
