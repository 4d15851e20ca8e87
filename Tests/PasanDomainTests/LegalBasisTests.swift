import Testing

@testable import PasanDomain

/// The register of legal instruments (issue 17): what a record must hold, and the findings of the
/// gap analysis on the legal basis of assignments.
@Suite struct LegalBasisTests {
    static let today = LocalDate(year: 2026, month: 6, day: 1)!

    static func instrument(
        _ number: String,
        issued: String = "2019-06-11",
        from: String? = nil,
        to: String? = nil
    ) -> LegalInstrument {
        LegalInstrument(
            kind: .instruction,
            number: number,
            issuedOn: LocalDate(iso: issued)!,
            issuer: "MOFA",
            titleEN: "Instruction \(number)",
            titleLO: "ຄຳແນະນຳ \(number)",
            scope: "",
            validFrom: from.flatMap { LocalDate(iso: $0) },
            validTo: to.flatMap { LocalDate(iso: $0) }
        )
    }

    static func assignment(_ indicator: String, owners: [String], reporter: String?, number: String?, to: String? = nil) -> Assignment {
        Assignment(
            indicator: indicator,
            owners: owners,
            reporter: reporter,
            legalBasis: number.map { LegalBasis(instrument: "Instruction", number: $0, date: nil) },
            validTo: to.flatMap { LocalDate(iso: $0) }
        )
    }

    @Test func aCompleteRecordHasNoProblems() {
        #expect(Self.instrument("0457/MOFA").problems.isEmpty)
        #expect(Self.instrument("0457/MOFA", from: "2019-07-01", to: "2030-01-01").problems.isEmpty)
    }

    @Test func anEndBeforeTheStartIsRefusedWithBothDates() {
        let problems = Self.instrument("1/PM", issued: "2020-01-01", to: "2019-12-31").problems
        #expect(problems.map(\.key) == ["domain.legal.problem.endsBeforeStart"])
        let text = problems[0].text(in: .en)
        #expect(text.contains("2019-12-31") && text.contains("2020-01-01"), "\(text)")
        // Ending on the day it starts is no validity at all.
        #expect(
            Self.instrument("1/PM", issued: "2020-01-01", to: "2020-01-01").problems.map(\.key) == ["domain.legal.problem.endsBeforeStart"]
        )
        // In force before it was signed.
        #expect(
            Self.instrument("1/PM", issued: "2020-01-01", from: "2019-01-01").problems.map(\.key) == [
                "domain.legal.problem.inForceBeforeSigned"
            ]
        )
    }

    @Test func missingFieldsAreEachNamed() {
        let empty = LegalInstrument(
            kind: .law,
            number: "  ",
            issuedOn: Self.today,
            issuer: "",
            titleEN: " ",
            titleLO: "",
            scope: ""
        )
        #expect(
            empty.problems.map(\.key) == [
                "domain.legal.problem.number", "domain.legal.problem.issuer", "domain.legal.problem.titleEN",
                "domain.legal.problem.titleLO",
            ]
        )
        #expect(empty.problems.allSatisfy { $0.localized.lo?.isEmpty == false })
    }

    @Test func aNumberIsComparedWithoutSpacesOrCase() {
        #expect(LegalInstrument.key(" 0457 / mofa ") == "0457/MOFA")
        #expect(LegalInstrument.key("0457/MOFA") == LegalInstrument.key("0457/mofa"))
        #expect(LegalInstrument.key("0457/MOFA") != LegalInstrument.key("0458/MOFA"))
    }

    @Test func inForceFromItsStartUntilTheDayBeforeItsEnd() {
        let i = Self.instrument("1/PM", issued: "2020-01-01", from: "2020-02-01", to: "2026-06-01")
        #expect(!i.isInForce(on: LocalDate(year: 2020, month: 1, day: 31)!))
        #expect(i.isInForce(on: LocalDate(year: 2020, month: 2, day: 1)!))
        #expect(i.isInForce(on: LocalDate(year: 2026, month: 5, day: 31)!))
        #expect(!i.isInForce(on: Self.today))
    }

    @Test func theFindingsNameEachGapOnce() {
        let register = [
            Self.instrument("0457/MOFA"),
            Self.instrument("1234/MOES", issued: "2018-09-01", to: "2025-09-01"),
            Self.instrument("9/PM", issued: "2027-01-01"),  // signed, not yet in force
        ]
        let assignments = [
            Self.assignment("3.1.1", owners: ["MOH"], reporter: "LSB", number: "0457 / mofa"),  // fine
            Self.assignment("3.3.1", owners: ["MOH"], reporter: "MOH", number: nil),  // no basis
            Self.assignment("3.b.1", owners: ["MOH"], reporter: "MOH", number: " "),  // named, no number: unknown
            Self.assignment("4.1.1", owners: ["MOES"], reporter: "LSB", number: "1234/MOES"),  // lapsed
            Self.assignment("4.2.2", owners: ["MOES"], reporter: "MOES", number: "1234/MOES"),  // lapsed, same institution
            Self.assignment("5.5.1", owners: ["NA"], reporter: "LWU", number: "77/NA"),  // not registered
            Self.assignment("18.1.1", owners: ["NRA"], reporter: "MOLSW", number: "9/PM"),  // not yet in force
            Self.assignment("17.1.1", owners: ["MPI"], reporter: "MPI", number: nil, to: "2025-03-20"),  // ended: not looked at
        ]
        let findings = LegalBasisAnalysis.findings(assignments: assignments, instruments: register, today: Self.today)
        let got = findings.map { "\($0.kind.rawValue) \($0.subject) \($0.institutions.joined(separator: ","))" }
        #expect(
            got == [
                "no-legal-basis 3.3.1 MOH", "unregistered-legal-basis 3.b.1 MOH", "unregistered-legal-basis 5.5.1 LWU,NA",
                "expired-legal-basis LSB LSB", "expired-legal-basis MOES MOES", "expired-legal-basis MOLSW MOLSW",
                "expired-legal-basis NRA NRA",
            ]
        )
        let moes = try! #require(findings.first { $0.kind == .expiredLegalBasis && $0.subject == "MOES" })
        #expect(moes.detail.text(in: .en).contains("1234/MOES"))
        let unregistered = findings.filter { $0.kind == .unregisteredLegalBasis }.map { $0.detail.text(in: .en) }
        #expect(unregistered.count == 2 && unregistered[0].contains("without its number") && unregistered[1].contains("77/NA"))
        #expect(findings.allSatisfy { $0.detail.localized.lo?.isEmpty == false })
        #expect(LegalBasisAnalysis.assignments(citing: register[1], in: assignments).map(\.indicator) == ["4.1.1", "4.2.2"])
    }

    @Test func aTidyRegisterFindsNothing() {
        let findings = LegalBasisAnalysis.findings(
            assignments: [Self.assignment("3.1.1", owners: ["MOH"], reporter: "LSB", number: "0457/MOFA")],
            instruments: [Self.instrument("0457/MOFA")],
            today: Self.today
        )
        #expect(findings.isEmpty)
    }
}
