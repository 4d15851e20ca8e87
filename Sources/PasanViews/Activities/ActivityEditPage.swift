import PasanDomain
import Plot

/// The activity form: `/admin/activities/new` (the Secretariat and planners, any implementer,
/// outside organisations too), `/admin/institutions/{institution}/activities/new` (an
/// institution's focal points, for their own institution) and `/admin/activities/{id}` (a
/// correction, with the reason it is made: every change is a new revision). The fields are the
/// columns of the activity file, read and checked as a one-row file is.
public struct ActivityEditPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    /// The activity being corrected; `nil` for a new one.
    public var activity: Activity?
    /// The institution the form is for, when the address names one (its implementer is fixed).
    public var institution: String?
    /// Institutions to choose an implementer from (code, name).
    public var institutions: [(code: String, name: LocalizedText)]
    /// The values shown (the file's columns, and `reason`).
    public var fields: [String: String]
    /// Problems of the last submission: where (column) and what.
    public var problems: [(column: String?, message: String)]
    public var action: String

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        activity: Activity?,
        institution: String?,
        institutions: [(code: String, name: LocalizedText)],
        fields: [String: String],
        problems: [(column: String?, message: String)] = [],
        action: String
    ) {
        self.language = language
        self.session = session
        self.activity = activity
        self.institution = institution
        self.institutions = institutions
        self.fields = fields
        self.problems = problems
        self.action = action
    }

    public func render() -> String {
        let l = language
        let title =
            activity.map { l.t("activities.form.editTitle", ["identifier": .text($0.identifier)]) } ?? l.t("activities.form.newTitle")
        let path: SitePath =
            activity.flatMap { $0.id }.map { SitePath(language: l, page: .activityEdit($0)) }
            ?? institution.map { SitePath(language: l, page: .institutionActivityNew($0)) } ?? SitePath(language: l, page: .activityNew)
        return Layout(title: title, description: title, path: path).render(
            .div(
                .class("wrap activity-form"),
                ActivityParts.breadcrumbs([(title, nil)], l),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .if(
                    !problems.isEmpty,
                    .section(
                        .class("import-problems"),
                        .attribute(named: "role", value: "alert"),
                        .h2(.text(l.t("activities.form.problems", count: problems.count))),
                        .ul(.forEach(problems) { p in .li(.unwrap(p.column) { .group(.code(.text($0)), .text(": ")) }, .text(p.message)) })
                    )
                ),
                form
            )
        )
    }

    private func value(_ name: String) -> String { fields[name] ?? "" }

    private func text(
        _ label: String,
        _ name: String,
        hint: String? = nil,
        required: Bool = false,
        type: String = "text"
    )
        -> Node<HTML.FormContext>
    {
        FormParts.field(label, name: name, value: value(name), type: type, required: required, hint: hint)
    }

    private func area(_ label: String, _ name: String, hint: String? = nil) -> Node<HTML.FormContext> {
        .div(
            .class("field"),
            .label(.for("f-\(name)"), .text(label)),
            .textarea(.name(name), .id("f-\(name)"), .attribute(named: "rows", value: "3"), .text(value(name))),
            .unwrap(hint) { .small(.class("hint"), .text($0)) }
        )
    }

    private var form: BodyNode {
        let l = language
        let implementer: Node<HTML.FormContext> =
            if let institution {
                .group(
                    FormParts.input([("type", "hidden"), ("name", "implementer"), ("value", institution)]),
                    .p(.text(l.t("activities.form.implementerFixed", ["institution": .text(institution)])))
                )
            } else {
                .group(
                    FormParts.field(
                        l.t("activities.form.implementer"),
                        name: "implementer",
                        value: value("implementer"),
                        required: true,
                        hint: l.t("activities.form.implementerHint", ["codes": .text(institutions.map(\.code).joined(separator: ", "))])
                    ),
                    text(l.t("activities.form.implementerRef"), "implementer_ref", hint: l.t("activities.form.implementerRefHint"))
                )
            }
        return .form(
            .method(.post),
            .action(action),
            .class("stack"),
            FormParts.csrf(session.csrfToken),
            text(
                l.t("activities.page.identifier"),
                "identifier",
                hint: activity == nil ? l.t("activities.form.identifierHint") : l.t("activities.form.identifierFixed")
            ),
            implementer,
            text(l.t("activities.form.titleEn"), "title_en", required: true),
            text(l.t("activities.form.titleLo"), "title_lo"),
            area(l.t("activities.form.descriptionEn"), "description_en"),
            area(l.t("activities.form.descriptionLo"), "description_lo"),
            FormParts.select(
                l.t("activities.col.status"),
                name: "status",
                options: ActivityStatus.allCases.map { ($0.rawValue, ActivityParts.statusLabel($0, l)) },
                selected: value("status").isEmpty ? ActivityStatus.implementation.rawValue : value("status")
            ),
            text(l.t("activities.form.start"), "start", type: "date"),
            text(l.t("activities.form.end"), "end", type: "date"),
            text(l.t("activities.page.budget"), "budget", hint: l.t("activities.form.budgetHint")),
            text(l.t("activities.form.currency"), "currency", hint: l.t("activities.form.currencyHint")),
            area(l.t("activities.page.places"), "areas", hint: l.t("activities.form.areasHint")),
            text(l.t("activities.page.sectors"), "sectors", hint: l.t("activities.form.sectorsHint")),
            text(l.t("activities.form.targets"), "sdg_targets", hint: l.t("activities.form.listHint")),
            text(l.t("activities.form.indicators"), "sdg_indicators", hint: l.t("activities.form.listHint")),
            text(l.t("activities.page.partners"), "partners", hint: l.t("activities.form.organisationsHint")),
            text(l.t("activities.page.funders"), "funders", hint: l.t("activities.form.organisationsHint")),
            .div(
                .class("field checkbox"),
                FormParts.input([
                    ("type", "checkbox"), ("name", "illustrative"), ("id", "f-illustrative"), ("value", "true"),
                    ("checked", value("illustrative") == "true" ? "checked" : nil),
                ]),
                .label(.for("f-illustrative"), .text(l.t("activities.form.illustrative")))
            ),
            .div(
                .class("field"),
                .label(.for("f-reason"), .text(activity == nil ? l.t("activities.form.reasonNew") : l.t("activities.form.reason"))),
                .textarea(
                    .name("reason"),
                    .id("f-reason"),
                    .attribute(named: "rows", value: "2"),
                    .if(activity != nil, .required(true)),
                    .text(value("reason"))
                )
            ),
            FormParts.submit(activity == nil ? l.t("activities.form.create") : l.t("activities.form.save"))
        )
    }
}
