import PasanDomain
import PasanViews
import Testing

/// The register of legal instruments (issue 17) in Lao and English, compared with their reviewed
/// snapshots: one instrument in force, one lapsed, the findings, the form after a refusal.
@Suite struct LegalBasisPagesTests {
    typealias F = Fixtures

    static let statisticsLaw = LegalInstrument(
        id: 1,
        kind: .law,
        number: "No. 03/NA",
        issuedOn: LocalDate(year: 2017, month: 11, day: 17)!,
        issuer: "National Assembly",
        titleEN: "Law on Statistics",
        titleLO: "ກົດໝາຍວ່າດ້ວຍສະຖິຕິ",
        scope: "Statistical work of ministries and provinces (illustrative)"
    )
    static let lapsed = LegalInstrument(
        id: 2,
        kind: .instruction,
        number: "0457/MOFA",
        issuedOn: LocalDate(year: 2019, month: 6, day: 11)!,
        issuer: "MOFA",
        titleEN: "Instruction on the national SDG indicator framework (demo)",
        titleLO: "ຄຳແນະນຳກ່ຽວກັບກອບຕົວຊີ້ວັດ SDG ແຫ່ງຊາດ (ຕົວຢ່າງ)",
        scope: "",
        validTo: LocalDate(year: 2025, month: 1, day: 1),
        revision: 2
    )

    @Test(arguments: Language.allCases)
    func register(_ l: Language) {
        let findings = LegalBasisAnalysis.findings(
            assignments: F.assignments,
            instruments: [Self.statisticsLaw, Self.lapsed],
            today: F.today
        )
        let page = LegalInstrumentsPage(
            language: l,
            session: F.session(errors: ["The end of validity (2019-01-01) is not after its start (2020-03-01)."]),
            instruments: [(Self.statisticsLaw, 1), (Self.lapsed, 0)],
            today: F.today,
            findings: findings,
            canEdit: true,
            form: ["kind": "decree", "number": "5/PM", "issued_on": "2020-03-01", "valid_to": "2019-01-01"]
        )
        Snapshot.check(page.render(), "LegalInstrumentsPage", l)
    }

    @Test(arguments: Language.allCases)
    func instrument(_ l: Language) {
        var first = Self.lapsed
        first.validTo = nil
        first.revision = 1
        let page = LegalInstrumentPage(
            language: l,
            session: F.session(notices: ["The correction is saved as a new revision."]),
            revisions: [
                LegalInstrumentRevision(
                    instrument: Self.lapsed,
                    changedBy: "Somchai Phommachanh",
                    changedAt: "2025-02-03T08:00:00Z",
                    reason: "Replaced by the 2025 instruction"
                ),
                LegalInstrumentRevision(instrument: first, changedBy: "pasan --demo", changedAt: "2024-05-01T09:30:00Z", reason: nil),
            ],
            citing: Array(F.assignments.prefix(1)),
            today: F.today,
            canEdit: true
        )
        Snapshot.check(page.render(), "LegalInstrumentPage", l)
    }
}
