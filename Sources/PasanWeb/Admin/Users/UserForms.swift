import PasanDomain
import PasanMessages

/// The role part of the new-account form and of the grant and revoke forms: a role, and the
/// institution or the area its scope asks for (the other is ignored).
struct RoleGrantForm: Sendable, Hashable {
    var grant: RoleGrant

    static var chooseRole: Message { Message("admin.users.form.chooseRole") }

    /// The grant the form names; `nil` when no role was chosen (a new account without a role,
    /// a revoke form sent without one).
    static func decode(_ form: FormData, isKnownInstitution: (String) -> Bool) -> Result<RoleGrantForm?, FormProblems> {
        let reader = FormReader(form)
        guard let text = reader.optional("role") else { return .success(nil) }
        guard let role = Role(rawValue: text) else {
            return .failure(FormProblems([Message("admin.users.form.unknownRole", ["role": .text(text)])]))
        }
        let grant = RoleGrant(
            role: role,
            institution: role.scope == .institution ? reader.optional("institution") : nil,
            area: role.scope == .area ? reader.optional("area") : nil
        )
        if let problem = grant.problem { return .failure(FormProblems([problem])) }
        if let code = grant.institution, !isKnownInstitution(code) {
            return .failure(FormProblems([Message("admin.users.form.unknownInstitution", ["code": .text(code)])]))
        }
        return .success(RoleGrantForm(grant: grant))
    }

    /// The grant form, where a role must be chosen.
    static func decodeRequired(_ form: FormData, isKnownInstitution: (String) -> Bool) -> Result<RoleGrantForm, FormProblems> {
        decode(form, isKnownInstitution: isKnownInstitution).flatMap { $0.map { .success($0) } ?? .failure(FormProblems([chooseRole])) }
    }
}

/// A new account: e-mail, name, first password and optionally one role. The e-mail's form, the
/// password's strength and whether the e-mail is taken are checked by
/// `AccountRepository.createUser`; only the role is refused here.
struct NewAccountForm: Sendable, Hashable {
    /// Trimmed; empty when not given.
    var email: String
    /// Trimmed; empty when not given.
    var name: String
    /// As typed, not trimmed.
    var password: String
    var grant: RoleGrant?

    static func decode(_ form: FormData, isKnownInstitution: (String) -> Bool) -> Result<NewAccountForm, FormProblems> {
        let reader = FormReader(form)
        return RoleGrantForm.decode(form, isKnownInstitution: isKnownInstitution).map {
            NewAccountForm(
                email: reader.optional("email") ?? "",
                name: reader.optional("name") ?? "",
                password: reader.verbatim("password"),
                grant: $0?.grant
            )
        }
    }
}
