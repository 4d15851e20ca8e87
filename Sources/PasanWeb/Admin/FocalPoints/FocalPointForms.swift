import PasanDomain
import PasanMessages

/// The handover and proposal form: role, position, person, date and reason. Every missing or
/// invalid field is listed, and a person who has no account.
struct FocalPointForm: Sendable, Hashable {
    var role: FocalPointRole
    var position: FocalPointPosition
    var user: Int64
    var date: LocalDate
    var reason: String

    static var chooseRole: Message { Message("admin.focalPoints.form.chooseRole") }
    static var choosePosition: Message { Message("admin.focalPoints.form.choosePosition") }
    static var chooseUser: Message { Message("admin.focalPoints.form.chooseUser") }
    static var giveDate: Message { Message("admin.focalPoints.form.giveDate") }
    static var giveReason: Message { Message("admin.focalPoints.form.giveReason") }
    static var noSuchAccount: Message { Message("admin.focalPoints.form.noSuchAccount") }

    /// `accountExists` is asked about the chosen person (also when other fields are refused, so
    /// every problem is listed at once).
    static func decode(
        _ form: FormData,
        accountExists: (Int64) async throws -> Bool
    ) async rethrows -> Result<FocalPointForm, FormProblems> {
        var reader = FormReader(form)
        let role = reader.required("role", FocalPointRole.init(rawValue:), else: chooseRole)
        let position = reader.required("position", FocalPointPosition.init(rawValue:), else: choosePosition)
        let user = reader.required("user", { Int64($0) }, else: chooseUser)
        let date = reader.required("date", LocalDate.init(iso:), else: giveDate)
        let reason = reader.required("reason", else: giveReason)
        if let user, try await !accountExists(user) { reader.refuse(noSuchAccount) }
        guard let role, let position, let user, let date, let reason else { return reader.result(nil) }
        return reader.result(FocalPointForm(role: role, position: position, user: user, date: date, reason: reason))
    }
}

/// The Secretariat's decision on a proposed successor: confirm or decline.
struct ProposalDecisionForm: Sendable, Hashable {
    enum Decision: String, Sendable, Hashable {
        case confirm, decline
    }

    var decision: Decision

    static var chooseDecision: Message { Message("admin.focalPoints.form.chooseDecision") }

    static func decode(_ form: FormData) -> Result<ProposalDecisionForm, FormProblems> {
        var reader = FormReader(form)
        let decision = reader.required("decision", Decision.init(rawValue:), else: chooseDecision)
        return reader.result(decision.map(ProposalDecisionForm.init(decision:)))
    }
}

/// A note on a focal point role: the role and the text (both asked for in one message).
struct RoleNoteForm: Sendable, Hashable {
    var role: FocalPointRole
    var body: String

    static var writeNote: Message { Message("admin.focalPoints.form.writeNote") }

    static func decode(_ form: FormData) -> Result<RoleNoteForm, FormProblems> {
        var reader = FormReader(form)
        guard let role = reader.optional("role", FocalPointRole.init(rawValue:)), let body = reader.optional("body") else {
            reader.refuse(writeNote)
            return reader.result(nil)
        }
        return reader.result(RoleNoteForm(role: role, body: body))
    }
}
