import PasanDomain
import PasanMessages

/// A proposed Lao text and an optional note for the reviewer.
struct TranslationForm: Sendable, Hashable {
    var lao: String
    var note: String?

    static func decode(_ form: FormData) -> Result<TranslationForm, FormProblems> {
        var reader = FormReader(form)
        let lao = reader.required("lo", else: Message("translations.problem.empty"))
        return reader.result(lao.map { TranslationForm(lao: $0, note: reader.optional("note")) })
    }
}

/// A reviewer's decision on a proposal: approve or decline.
struct TranslationDecisionForm: Sendable, Hashable {
    var approve: Bool

    static func decode(_ form: FormData) -> Result<TranslationDecisionForm, FormProblems> {
        var reader = FormReader(form)
        let approve = reader.required(
            "decision",
            { ["approve": true, "reject": false][$0] },
            else: Message("translations.notice.chooseDecision")
        )
        return reader.result(approve.map(TranslationDecisionForm.init(approve:)))
    }
}
