/// What kind of legal or administrative act an instrument is: a law, a decree, an order, a
/// decision, an instruction, or an agreement between institutions (Pasan's list, roughly from
/// the most to the least binding; the register records the act's own title beside it).
public enum LegalInstrumentKind: String, Sendable, Codable, CaseIterable, Hashable {
    case law, decree, order, decision, instruction, agreement

    public var title: Message {
        switch self {
        case .law: Message("domain.legal.kind.law")
        case .decree: Message("domain.legal.kind.decree")
        case .order: Message("domain.legal.kind.order")
        case .decision: Message("domain.legal.kind.decision")
        case .instruction: Message("domain.legal.kind.instruction")
        case .agreement: Message("domain.legal.kind.agreement")
        }
    }
}

/// A law, decree, order or instruction that founds indicator assignments: who must produce or
/// report which data. Assignments cite it by its number (`LegalBasis.number`); the register holds
/// what the number means, who issued it, and whether it is still in force.
public struct LegalInstrument: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64?
    public var kind: LegalInstrumentKind
    /// The number as it is written on the act ("0457/MOFA", "21/PM").
    public var number: String
    /// The date of signature.
    public var issuedOn: LocalDate
    /// Who issued it (an institution's code, or the name of the body: "National Assembly").
    public var issuer: String
    public var titleEN: String
    public var titleLO: String
    /// What it covers: the obligations it creates, for whom.
    public var scope: String
    /// In force from (inclusive); the date of signature when not given.
    public var validFrom: LocalDate?
    /// No longer in force from (exclusive): repealed, replaced or expired. `nil`: in force.
    public var validTo: LocalDate?
    /// 1 for the first record; each correction is a new revision.
    public var revision: Int

    public init(
        id: Int64? = nil,
        kind: LegalInstrumentKind,
        number: String,
        issuedOn: LocalDate,
        issuer: String,
        titleEN: String,
        titleLO: String,
        scope: String,
        validFrom: LocalDate? = nil,
        validTo: LocalDate? = nil,
        revision: Int = 1
    ) {
        self.id = id
        self.kind = kind
        self.number = number.trimmingSpaces
        self.issuedOn = issuedOn
        self.issuer = issuer.trimmingSpaces
        self.titleEN = titleEN.trimmingSpaces
        self.titleLO = titleLO.trimmingSpaces
        self.scope = scope.trimmingSpaces
        self.validFrom = validFrom
        self.validTo = validTo
        self.revision = revision
    }

    /// The first day it is in force.
    public var inForceFrom: LocalDate { validFrom ?? issuedOn }

    public func isInForce(on date: LocalDate) -> Bool {
        Assignment.isCurrent(validFrom: inForceFrom, validTo: validTo, on: date)
    }

    /// The title in both languages (entered by the Secretariat as the act is titled).
    public var title: LocalizedText { LocalizedText(en: titleEN, lo: titleLO, loStatus: .reviewed) }

    /// The title in `language`.
    public func title(in language: Language) -> String { title.text(in: language) }

    /// What is wrong with the record, as the person entering it must be told; empty when it can be saved.
    public var problems: [Message] {
        var problems: [Message] = []
        if number.isEmpty { problems.append(Message("domain.legal.problem.number")) }
        if number.count > 60 { problems.append(Message("domain.legal.problem.numberLength")) }
        if issuer.isEmpty { problems.append(Message("domain.legal.problem.issuer")) }
        if titleEN.isEmpty { problems.append(Message("domain.legal.problem.titleEN")) }
        if titleLO.isEmpty { problems.append(Message("domain.legal.problem.titleLO")) }
        if let validFrom, validFrom < issuedOn {
            problems.append(
                Message(
                    "domain.legal.problem.inForceBeforeSigned",
                    ["from": .text(validFrom.description), "issued": .text(issuedOn.description)]
                )
            )
        }
        if let validTo, validTo <= inForceFrom {
            problems.append(
                Message("domain.legal.problem.endsBeforeStart", ["to": .text(validTo.description), "from": .text(inForceFrom.description)])
            )
        }
        return problems
    }

    /// The number as compared: without spaces, in capitals ("0457 / mofa" cites "0457/MOFA").
    public static func key(_ number: String) -> String {
        String(number.unicodeScalars.filter { !$0.properties.isWhitespace }.map { Character($0) }).uppercased()
    }
}

/// One revision of an instrument's record, with who changed it, when and why (`nil` for the first).
public struct LegalInstrumentRevision: Sendable, Hashable, Codable {
    public var instrument: LegalInstrument
    public var changedBy: String
    public var changedAt: String
    public var reason: String?

    public init(instrument: LegalInstrument, changedBy: String, changedAt: String, reason: String?) {
        self.instrument = instrument
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.reason = reason
    }
}

/// The legal basis of the arrangement: which current assignments rest on no instrument, which
/// cite an instrument the register does not hold, and which institutions have obligations that
/// rest on an instrument not in force today. Findings of the Secretariat's gap analysis.
public enum LegalBasisAnalysis {
    public static func findings(assignments: [Assignment], instruments: [LegalInstrument], today: LocalDate) -> [GapAnalysis.Finding] {
        let register = Dictionary(instruments.map { (LegalInstrument.key($0.number), $0) }, uniquingKeysWith: { a, _ in a })
        var findings: [GapAnalysis.Finding] = []
        // Per institution: the instruments no longer in force that some of its obligations rest on.
        var lapsed: [String: Set<String>] = [:]
        for a in assignments where a.isCurrent(on: today) {
            let obliged = Array(Set(a.owners + (a.reporter.map { [$0] } ?? []))).sorted()
            guard let basis = a.legalBasis, !basis.instrument.trimmingSpaces.isEmpty || basis.number != nil else {
                findings.append(
                    GapAnalysis.Finding(
                        kind: .noLegalBasis,
                        subject: a.indicator,
                        institutions: obliged,
                        detail: narrowing(a).isEmpty
                            ? Message("domain.gap.noLegalBasisWhole", ["indicator": .text(a.indicator)])
                            : Message("domain.gap.noLegalBasis", ["indicator": .text(a.indicator), "scope": .text(narrowing(a))])
                    )
                )
                continue
            }
            // Named without its number: the register cannot tell which act it is.
            guard let number = basis.number, !LegalInstrument.key(number).isEmpty else {
                findings.append(
                    GapAnalysis.Finding(
                        kind: .unregisteredLegalBasis,
                        subject: a.indicator,
                        institutions: obliged,
                        detail: Message(
                            "domain.gap.legalBasisWithoutNumber",
                            ["indicator": .text(a.indicator), "instrument": .text(basis.instrument)]
                        )
                    )
                )
                continue
            }
            guard let instrument = register[LegalInstrument.key(number)] else {
                findings.append(
                    GapAnalysis.Finding(
                        kind: .unregisteredLegalBasis,
                        subject: a.indicator,
                        institutions: obliged,
                        detail: Message(
                            "domain.gap.unregisteredLegalBasis",
                            ["indicator": .text(a.indicator), "number": .text(number), "instrument": .text(basis.instrument)]
                        )
                    )
                )
                continue
            }
            if !instrument.isInForce(on: today) {
                for institution in obliged { lapsed[institution, default: []].insert(instrument.number) }
            }
        }
        // An obligation resting on an act no longer in force (or not yet in force) binds nobody.
        for (institution, numbers) in lapsed.sorted(by: { $0.key < $1.key }) {
            findings.append(
                GapAnalysis.Finding(
                    kind: .expiredLegalBasis,
                    subject: institution,
                    institutions: [institution],
                    detail: Message(
                        "domain.gap.expiredLegalBasis",
                        ["institution": .text(institution), "numbers": .message(GapAnalysis.andList(numbers.sorted()))]
                    )
                )
            )
        }
        return findings
    }

    /// What an assignment is narrowed to ("SH_STA_MORT, province"), empty when it covers the whole indicator.
    static func narrowing(_ a: Assignment) -> String {
        [a.series, a.disaggregation, a.geographicLevel?.rawValue].compactMap { $0 }.joined(separator: ", ")
    }

    /// The current assignments that cite `instrument`.
    public static func assignments(citing instrument: LegalInstrument, in assignments: [Assignment]) -> [Assignment] {
        let key = LegalInstrument.key(instrument.number)
        return assignments.filter { $0.legalBasis?.number.map(LegalInstrument.key) == key }
    }
}
