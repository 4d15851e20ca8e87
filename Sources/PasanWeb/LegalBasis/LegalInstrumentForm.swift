import PasanDomain
import PasanMessages

/// The fields of a legal instrument as the register's forms send them (`LegalInstrumentParts`):
/// recorded as they are, or as a correction with the revision it started from and its reason.
struct LegalInstrumentForm: Sendable, Hashable {
    var instrument: LegalInstrument
    /// Corrections only: the revision the form showed, and why it is corrected.
    var basedOn: Int?
    var reason: String?

    static let fieldNames = ["kind", "number", "issued_on", "issuer", "title_en", "title_lo", "scope", "valid_from", "valid_to", "reason"]

    /// The fields as sent, to show them again after a refusal.
    static func echo(_ form: FormData) -> [String: String] {
        Dictionary(uniqueKeysWithValues: fieldNames.map { ($0, form[$0] ?? "") })
    }

    static func decode(_ form: FormData, correction: Bool) -> Result<LegalInstrumentForm, FormProblems> {
        var reader = FormReader(form)
        let kind = reader.required("kind", { LegalInstrumentKind(rawValue: $0) }, else: Message("legal.problem.kind"))
        let number = reader.required("number", else: Message("domain.legal.problem.number"))
        let issuedOn = reader.required("issued_on", { LocalDate(iso: $0) }, else: Message("legal.problem.issuedOn"))
        let issuer = reader.required("issuer", else: Message("domain.legal.problem.issuer"))
        let titleEN = reader.required("title_en", else: Message("domain.legal.problem.titleEN"))
        let titleLO = reader.required("title_lo", else: Message("domain.legal.problem.titleLO"))
        func date(_ name: String, else problem: (String) -> Message) -> LocalDate? {
            guard let text = reader.optional(name) else { return nil }
            guard let date = LocalDate(iso: text) else {
                reader.refuse(problem(text))
                return nil
            }
            return date
        }
        let validFrom = date("valid_from") { Message("legal.problem.validFrom", ["value": .text($0)]) }
        let validTo = date("valid_to") { Message("legal.problem.validTo", ["value": .text($0)]) }
        var basedOn: Int?
        var reason: String?
        if correction {
            basedOn = reader.required("revision", { Int($0) }, else: Message("legal.problem.revision"))
            reason = reader.required("reason", else: Message("storage.legal.reasonMissing"))
        }
        guard let kind, let number, let issuedOn, let issuer, let titleEN, let titleLO else { return reader.result(nil) }
        let instrument = LegalInstrument(
            kind: kind,
            number: number,
            issuedOn: issuedOn,
            issuer: issuer,
            titleEN: titleEN,
            titleLO: titleLO,
            scope: reader.optional("scope") ?? "",
            validFrom: validFrom,
            validTo: validTo
        )
        for problem in instrument.problems { reader.refuse(problem) }
        return reader.result(LegalInstrumentForm(instrument: instrument, basedOn: basedOn, reason: reason))
    }
}
