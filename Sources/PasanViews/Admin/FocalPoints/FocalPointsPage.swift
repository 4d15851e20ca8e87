import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/admin/institutions/{CODE}/focal-points`: current focal points, history, handover,
/// open tasks and notes of the roles.
public struct FocalPointsPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var institution: Institution
    public var terms: [FocalPointTerm]
    public var handovers: [Handover]
    public var tasks: [(title: LocalizedText, assignee: String, dueOn: LocalDate?)]
    public var notes: [(author: String, at: String, role: FocalPointRole, body: String)]
    public var users: [(Int64, String)]
    /// The Secretariat names focal points and decides proposals; an institution's primary focal
    /// point proposes successors.
    public var canHandOver = false
    public var canPropose = false
    public var proposals: [FocalPointProposal] = []

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        institution: Institution,
        terms: [FocalPointTerm],
        handovers: [Handover],
        tasks: [(title: LocalizedText, assignee: String, dueOn: LocalDate?)],
        notes: [(author: String, at: String, role: FocalPointRole, body: String)],
        users: [(Int64, String)]
    ) {
        self.language = language; self.session = session; self.institution = institution; self.terms = terms
        self.handovers = handovers; self.tasks = tasks; self.notes = notes; self.users = users
    }

    var code: String { institution.code }

    /// Account names by id, for the people named in proposals and handovers.
    var names: [Int64: String] { Dictionary(users, uniquingKeysWith: { a, _ in a }) }

    public func render() -> String {
        let l = language
        let title = l.t("admin.focalPoints.title", ["institution": .localized(institution.name)])
        return Layout(title: title, description: title, path: SitePath(language: l, page: .focalPoints(code))).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .p(
                    .a(
                        .href(SitePath(language: l, page: .handbook(code)).path),
                        .text(l.t("admin.focalPoints.handbookLink"))
                    )
                ),
                termsTable(),
                .if(!proposals.isEmpty, proposalsSection()),
                .if(canHandOver, handOverSection()),
                .if(canPropose, proposeSection()),
                historySection(),
                tasksSection(),
                notesSection()
            )
        )
    }
}
