import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/dhis2/{id}/org-units`: which Pasan area each DHIS2 organisation unit is. Pasan
/// proposes matches (by the LSB code or p-code, then by name at the same level); a person
/// confirms or corrects them, and only confirmed matches are used by a pull.
public struct DHIS2OrgUnitsPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var instance: DHIS2InstanceSummary
    public var matches: [DHIS2OrgUnitMatch]
    /// The areas a unit may be matched to (code, name as the page shows it), provinces first.
    public var areas: [(code: String, name: String)]

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        instance: DHIS2InstanceSummary,
        matches: [DHIS2OrgUnitMatch],
        areas: [(code: String, name: String)]
    ) {
        self.language = language
        self.session = session
        self.instance = instance
        self.matches = matches
        self.areas = areas
    }

    public func render() -> String {
        let l = language
        let id = instance.id
        let title = l.t("dhis2_web.orgUnits.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .dhis2OrgUnits(id))).render(
            .div(
                .class("wrap"),
                .p(.a(.href(SitePath(language: l, page: .dhis2Instance(id)).path), .text(instance.name))),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .p(.class("lead"), .text(l.t("dhis2_web.orgUnits.intro"))),
                .div(
                    .class("actions"),
                    FormParts.button(
                        l.t("dhis2_web.orgUnits.fetch"),
                        action: SitePath(language: l, page: .dhis2OrgUnitsFetch(id)).path,
                        csrf: session.csrfToken
                    )
                ),
                matches.isEmpty ? .p(.text(l.t("dhis2_web.orgUnits.none"))) : form
            )
        )
    }

    private var form: BodyNode {
        let l = language
        let options = [("", l.t("dhis2_web.orgUnits.noArea"))] + areas.map { ($0.code, "\($0.code) — \($0.name)") }
        return .form(
            .method(.post),
            .action(SitePath(language: l, page: .dhis2OrgUnits(instance.id)).path),
            FormParts.csrf(session.csrfToken),
            .div(
                .class("table-scroll"),
                .table(
                    .thead(
                        .tr(
                            .th(.text(l.t("dhis2_web.column.orgUnit"))),
                            .th(.text(l.t("dhis2_web.column.level"))),
                            .th(.text(l.t("dhis2_web.column.area"))),
                            .th(.text(l.t("dhis2_web.column.basis")))
                        )
                    ),
                    .tbody(
                        .forEach(matches) { match in
                            .tr(
                                .td(
                                    .text(match.orgUnit.name),
                                    .br(),
                                    .code(.text(match.orgUnit.uid)),
                                    .unwrap(match.orgUnit.code) { .group(.text(" · "), .code(.text($0))) }
                                ),
                                .td(.text(match.orgUnit.level.map(String.init) ?? "—")),
                                .td(
                                    .element(
                                        named: "select",
                                        nodes: [
                                            .attribute(named: "name", value: "area.\(match.orgUnit.uid)"),
                                            .attribute(named: "aria-label", value: match.orgUnit.name),
                                        ]
                                            + options.map { option in
                                                .element(
                                                    named: "option",
                                                    nodes: [
                                                        .attribute(named: "value", value: option.0, ignoreIfValueIsEmpty: false),
                                                        option.0 == (match.areaCode ?? "")
                                                            ? .attribute(named: "selected", value: "selected") : .empty,
                                                        .text(option.1),
                                                    ]
                                                )
                                            }
                                    )
                                ),
                                .td(.text(basis(match)))
                            )
                        }
                    )
                )
            ),
            FormParts.submit(l.t("dhis2_web.orgUnits.confirm"))
        )
    }

    private func basis(_ match: DHIS2OrgUnitMatch) -> String {
        let l = language
        let how: String =
            switch match.basis {
            case .code: l.t("dhis2_web.basis.code")
            case .name: l.t("dhis2_web.basis.name")
            case .manual: l.t("dhis2_web.basis.manual")
            case nil: l.t("dhis2_web.basis.none")
            }
        return match.confirmed
            ? l.t("dhis2_web.basis.confirmed", ["basis": .text(how)]) : l.t("dhis2_web.basis.proposed", ["basis": .text(how)])
    }
}
