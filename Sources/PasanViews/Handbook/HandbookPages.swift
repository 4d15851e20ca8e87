import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/institutions/{CODE}/handbook`: the roles-and-responsibilities handbook of one
/// institution, printable on A4.
public struct HandbookPage: Sendable {
    public var language: PasanDomain.Language
    public var handbook: Handbook
    public var institutionNames: [String: LocalizedText]
    /// Whether the owners' deadline outside a cycle is Pasan's default or the Secretariat's setting.
    public var ownerDeadlineOrigin: Message

    public init(
        language: PasanDomain.Language,
        handbook: Handbook,
        institutionNames: [String: LocalizedText],
        ownerDeadlineOrigin: Message = Message("settings.origin.pasanShort")
    ) {
        self.language = language
        self.handbook = handbook
        self.institutionNames = institutionNames
        self.ownerDeadlineOrigin = ownerDeadlineOrigin
    }

    func name(_ code: String?) -> String {
        guard let code else {
            return language.t("handbook.secretariat", ["host": .text(Handbook.secretariatHost)])
        }
        return institutionNames[code].map { "\($0.text(in: language)) (\(code))" } ?? code
    }

    public func render() -> String {
        let l = language
        let i = handbook.institution
        let title = l.t("handbook.title", ["institution": .text(i.name.text(in: l))])
        return Layout(title: title, description: title, path: SitePath(language: l, page: .handbook(i.code))).render(
            .article(
                .class("wrap handbook"),
                .h1(.text(title)),
                .p(
                    .class("lead"),
                    .text(
                        l.t("handbook.lead")
                    )
                ),
                .dl(
                    .class("facts"),
                    .dt(.text(UIText.abbreviation.text(l))),
                    .dd(.text(i.abbreviation.text(in: l))),
                    .dt(.text(UIText.validFrom.text(l))),
                    .dd(Fragments.date(i.validFrom, l)),
                    .dt(.text(UIText.validTo.text(l))),
                    .dd(Fragments.date(i.validTo, l)),
                    .if(
                        !handbook.successors.isEmpty,
                        .group(
                            .dt(.text(UIText.successors.text(l))),
                            .dd(
                                .text(
                                    handbook.successors.map {
                                        "\(name($0.successor)) — \($0.kind.rawValue.replacingOccurrences(of: "_", with: " "))"
                                    }.joined(separator: "; ")
                                )
                            )
                        )
                    )
                ),
                focalPointSection,
                .forEach(Handbook.Part.allCases) { part in dutySection(part) },
                .section(.h2(.text(l.t("handbook.format"))), .p(.text(Handbook.deliveryFormat.text(in: l))))
            )
        )
    }

    private var focalPointSection: BodyNode {
        let l = language
        return .section(
            .h2(.text(l.t("handbook.focalPoints"))),
            .if(
                handbook.focalPoints.isEmpty,
                .p(.class("notice"), .text(l.t("handbook.noFocalPoint")))
            ),
            .ul(
                .forEach(handbook.focalPoints) { t in
                    .li(
                        .strong(.text(t.userName)),
                        .text(" — " + focalPointLine(t))
                    )
                }
            )
        )
    }

    /// "owner (SDGi), primary, since 15 January 2026": a focal point's role, position and start.
    private func focalPointLine(_ t: FocalPointTerm) -> String {
        let l = language
        let role = t.role == .owner ? l.t("handbook.focalPoint.owner") : l.t("handbook.focalPoint.reporter")
        let position = t.position == .primary ? l.t("handbook.focalPoint.primary") : l.t("handbook.focalPoint.alternate")
        return l.t("handbook.focalPoint.line", ["role": .text(role), "position": .text(position), "date": .date(t.startedOn)])
    }

    private func dutySection(_ part: Handbook.Part) -> BodyNode {
        let l = language
        let duties = handbook.duties(part)
        let heading: String =
            switch part {
            case .owns: l.t("handbook.duties.owns")
            case .reports: l.t("handbook.duties.reports")
            case .contributes: l.t("handbook.duties.contributes")
            }
        return .section(
            .class("duties"),
            .h2(.text("\(heading) (\(Fragments.count(duties.count, l)))")),
            .if(duties.isEmpty, .p(.text("—"))),
            .forEach(duties) { duty in
                let a = duty.assignment
                let scope = [a.series, a.disaggregation, a.geographicLevel?.rawValue].compactMap { $0 }.joined(separator: ", ")
                let what = [
                    duty.units.isEmpty ? nil : l.t("handbook.duty.unit", ["units": .text(duty.units.joined(separator: ", "))]),
                    scope.isEmpty ? nil : l.t("handbook.duty.scope", ["scope": .text(scope)]),
                    a.frequency.map { l.t("handbook.duty.frequency", ["frequency": .text($0.title.text(in: l))]) },
                ].compactMap { $0 }.joined(separator: "; ")
                let basis = a.legalBasis.map { b in
                    [b.instrument, b.number, b.date.map { TextFormat.date($0, in: l) }].compactMap { $0 }.joined(separator: ", ")
                }
                return .div(
                    .class("duty"),
                    .h3(
                        .a(.href(SitePath.indicator(l, duty.indicator.code).path), .text(duty.indicator.code)),
                        .text(" "),
                        Fragments.localized(duty.indicator.title, l)
                    ),
                    .dl(
                        .dt(.text(l.t("handbook.duty.what"))),
                        .dd(.text(what.isEmpty ? "—" : what)),
                        .dt(.text(l.t("handbook.duty.toWhom"))),
                        .dd(.text(name(duty.deliverTo))),
                        .dt(.text(l.t("handbook.duty.byWhen"))),
                        .dd(
                            .text(
                                a.collectionDue.map {
                                    l.t(
                                        "handbook.duty.dueWithCollection",
                                        [
                                            "due": .message(duty.due.message), "origin": .message(ownerDeadlineOrigin),
                                            "collection": .message($0.message),
                                        ]
                                    )
                                } ?? l.t("handbook.duty.due", ["due": .message(duty.due.message), "origin": .message(ownerDeadlineOrigin)])
                            )
                        ),
                        .dt(.text(l.t("handbook.duty.source"))),
                        .dd(
                            .text(
                                [a.sourceKind?.title.text(in: l), a.sourceName].compactMap { $0 }.joined(separator: ": ").nonEmpty ?? "—"
                            )
                        ),
                        .dt(.text(l.t("handbook.duty.legalBasis"))),
                        .dd(.text(basis ?? l.t("handbook.duty.notRecorded")))
                    )
                )
            }
        )
    }
}

/// `/{lang}/responsibilities`: the national overview of who reports what to whom, as a table
/// and as a diagram (owners → reporters → the Secretariat).
public struct ResponsibilitiesPage: Sendable {
    public var language: PasanDomain.Language
    public var overview: ResponsibilityOverview
    public var institutionNames: [String: LocalizedText]

    public init(language: PasanDomain.Language, overview: ResponsibilityOverview, institutionNames: [String: LocalizedText]) {
        self.language = language
        self.overview = overview
        self.institutionNames = institutionNames
    }

    public func render() -> String {
        let l = language
        let title = l.t("handbook.overview.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .responsibilities)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .element(
                    named: "figure",
                    nodes: [
                        .attribute(named: "class", value: "flow"), .raw(diagram()),
                        .element(
                            named: "figcaption",
                            nodes: [
                                .text(
                                    l.t("handbook.overview.diagramCaption")
                                )
                            ]
                        ),
                    ]
                ),
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.text(UIText.institution.text(l))),
                                .th(.class("num"), .text(l.t("handbook.overview.owns"))),
                                .th(.class("num"), .text(l.t("handbook.overview.reports"))),
                                .th(.class("num"), .text(l.t("handbook.overview.contributes")))
                            )
                        ),
                        .tbody(
                            .forEach(overview.rows.sortedByName(in: l) { institutionNames[$0.institution]?.text(in: l) ?? $0.institution })
                            { row in
                                .tr(
                                    .td(
                                        .a(
                                            .href(SitePath(language: l, page: .handbook(row.institution)).path),
                                            .text(institutionNames[row.institution]?.text(in: l) ?? row.institution)
                                        )
                                    ),
                                    .td(.class("num"), .text(Fragments.count(row.owns, l))),
                                    .td(.class("num"), .text(Fragments.count(row.reports, l))),
                                    .td(.class("num"), .text(Fragments.count(row.contributes, l)))
                                )
                            }
                        )
                    )
                )
            )
        )
    }

    /// An SVG flow diagram, drawn on the server (no script).
    func diagram() -> String {
        let owners = Array(Set(overview.flows.map(\.owner))).sorted()
        let reporters = Array(Set(overview.flows.map(\.reporter))).sorted()
        let rowHeight = 26.0
        let height = max(Double(max(owners.count, reporters.count)) * rowHeight + 20, 80)
        let (x1, x2, x3) = (150.0, 430.0, 660.0)
        func y(_ index: Int, of count: Int) -> Double {
            (height - Double(count) * rowHeight) / 2 + Double(index) * rowHeight + rowHeight / 2
        }
        var svg =
            "<svg viewBox=\"0 0 860 \(Int(height))\" role=\"img\" aria-label=\"\(Escape.attribute(language.t("handbook.overview.diagramLabel")))\" class=\"flow-diagram\">"
        let secretariatY = height / 2
        for flow in overview.flows {
            guard let o = owners.firstIndex(of: flow.owner), let r = reporters.firstIndex(of: flow.reporter) else { continue }
            let width = min(1 + Double(flow.indicators.count) * 0.6, 14)
            svg +=
                "<path d=\"M\(x1) \(y(o, of: owners.count)) C\(x1 + 140) \(y(o, of: owners.count)) \(x2 - 140) \(y(r, of: reporters.count)) \(x2) \(y(r, of: reporters.count))\" stroke-width=\"\(width)\"><title>\(Escape.attribute("\(flow.owner) → \(flow.reporter): \(flow.indicators.joined(separator: ", "))"))</title></path>"
        }
        for (index, reporter) in reporters.enumerated() {
            svg +=
                "<path d=\"M\(x2) \(y(index, of: reporters.count)) C\(x2 + 120) \(y(index, of: reporters.count)) \(x3 - 120) \(secretariatY) \(x3) \(secretariatY)\" stroke-width=\"2\" class=\"to-secretariat\"><title>\(Escape.attribute(reporter))</title></path>"
        }
        for (index, owner) in owners.enumerated() {
            svg += "<text x=\"\(x1 - 6)\" y=\"\(y(index, of: owners.count) + 4)\" text-anchor=\"end\">\(Escape.attribute(owner))</text>"
        }
        for (index, reporter) in reporters.enumerated() {
            svg += "<text x=\"\(x2 + 6)\" y=\"\(y(index, of: reporters.count) - 4)\">\(Escape.attribute(reporter))</text>"
        }
        svg +=
            "<text x=\"\(x3 + 6)\" y=\"\(secretariatY + 4)\">\(Escape.attribute(language.t("handbook.overview.secretariat")))</text>"
        return svg + "</svg>"
    }
}
