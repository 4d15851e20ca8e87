import PasanDomain
import PasanMessages
import PasanViews

/// A new API token as the form sends it: a name, the scope, and the expiry (required; at most
/// one year away, Pasan's default), checked by `APITokenRules`.
struct APITokenForm: Sendable, Hashable {
    var name: String
    var scope: APITokenScope
    var expiresOn: LocalDate

    /// The fields as typed, for the page when the form is refused.
    static func typed(_ form: FormData, today: LocalDate) -> APITokensPage.Form {
        APITokensPage.Form(
            name: form.value("name") ?? "",
            scope: form.value("scope").flatMap(APITokenScope.init(rawValue:)) ?? .write,
            expiresOn: form.value("expires_on") ?? APITokensPage.emptyForm(today: today).expiresOn
        )
    }

    static func decode(_ form: FormData, today: LocalDate) -> Result<APITokenForm, FormProblems> {
        var reader = FormReader(form)
        let name = reader.required("name", else: Message("api_tokens.problem.name"))
        let scope = reader.required("scope", APITokenScope.init(rawValue:), else: Message("api_tokens.problem.scope"))
        let expiresOn = reader.required("expires_on", { LocalDate(iso: $0) }, else: Message("api_tokens.problem.expiryMissing"))
        if let problem = name.flatMap(APITokenRules.nameProblem) { reader.refuse(problem) }
        if let problem = expiresOn.flatMap({ APITokenRules.expiryProblem($0, today: today) }) { reader.refuse(problem) }
        guard let name, let scope, let expiresOn else { return reader.result(nil) }
        return reader.result(APITokenForm(name: name, scope: scope, expiresOn: expiresOn))
    }
}
