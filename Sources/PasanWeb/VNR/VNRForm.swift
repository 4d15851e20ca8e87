import PasanDomain
import PasanMessages

/// A review's fields as the VNR forms send them: the year (when starting one), the goals ticked
/// (`goal-3`…), and for a change the revision the form showed and why.
struct VNRForm: Sendable, Hashable {
    var year: Int?
    var goals: [Int]
    var basedOn: Int?
    var reason: String

    /// The goals a form can tick.
    static let goalNumbers = 1...18

    static func goals(_ form: FormData) -> [Int] {
        goalNumbers.filter { form.value("goal-\($0)") != nil }
    }

    /// The fields as sent, to show them again after a refusal (`VNRParts.chosen` reads `goals`).
    static func echo(_ form: FormData) -> [String: String] {
        [
            "year": form.value("year") ?? "", "reason": form.value("reason") ?? "",
            "goals": goals(form).map(String.init).joined(separator: ","),
        ]
    }

    static func decode(_ form: FormData, starting: Bool) -> Result<VNRForm, FormProblems> {
        var reader = FormReader(form)
        var year: Int?
        var basedOn: Int?
        if starting {
            year = reader.required("year", { Int($0) }, else: Message("vnr.problem.year"))
        } else {
            basedOn = reader.required("revision", { Int($0) }, else: Message("legal.problem.revision"))
        }
        let result = VNRForm(year: year, goals: goals(form), basedOn: basedOn, reason: reader.optional("reason") ?? "")
        return reader.result(result)
    }
}
