import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/plans/{code}/harmonisation`: how a plan and the SDG framework meet — the matrix of
/// outcomes and outputs against the SDG goals (with the targets each row touches), the count of
/// SDG-linked plan indicators, the SDG indicators with data that the plan leaves out, the plan
/// indicators with no SDG link or nobody to report them, conflicting owners, and the
/// mainstreaming decisions (with a form to record one, for those who may).
public struct PlanHarmonisationPage: Sendable {
    /// A plan indicator whose responsible institution differs from the owners of the SDG
    /// indicators it is linked to (the gap analysis' `plan-owner-mismatch` finding).
    public struct OwnerMismatch: Sendable, Hashable {
        /// The plan indicator, when known.
        public var planIndicator: String?
        /// The SDG indicator it is linked to.
        public var sdgIndicator: String
        /// The plan indicator's responsible institution first, then the SDG indicator's owners.
        public var institutions: [String]
        public var detail: Message

        public init(planIndicator: String?, sdgIndicator: String, institutions: [String], detail: Message) {
            self.planIndicator = planIndicator
            self.sdgIndicator = sdgIndicator
            self.institutions = institutions
            self.detail = detail
        }

        /// From a gap-analysis finding: its subject is the SDG indicator, its message names the
        /// plan indicator.
        public init(_ finding: GapAnalysis.Finding) {
            var planIndicator: String?
            if case .text(let code)? = finding.detail.arguments["planIndicator"] { planIndicator = code }
            self.init(
                planIndicator: planIndicator,
                sdgIndicator: finding.subject,
                institutions: finding.institutions,
                detail: finding.detail
            )
        }
    }

    public var language: PasanDomain.Language
    public var plan: DevelopmentPlan
    /// Outcomes and outputs (titles of the matrix rows).
    public var results: [PlanResult]
    /// The plan's indicators (titles of the lists).
    public var indicators: [PlanIndicator]
    public var harmonisation: PlanHarmonisation
    /// The goals (colours and titles of the matrix columns).
    public var goals: [Goal]
    /// SDG indicator titles, by code.
    public var sdgTitles: [String: LocalizedText]
    public var ownerMismatches: [OwnerMismatch]
    /// Every revision of every mainstreaming decision for this plan.
    public var decisions: [MainstreamingDecision]
    /// Whether the reader may record a decision (the Secretariat, MPI's planning officers).
    public var canEdit: Bool
    /// The signed-in reader (its CSRF token for the form, the messages of the last action).
    public var session: PageSession?
    /// The decision form's fields as last sent (`sdg_indicator`, `choice`, `reason`).
    public var fields: [String: String]

    public init(
        language: PasanDomain.Language,
        plan: DevelopmentPlan,
        results: [PlanResult],
        indicators: [PlanIndicator],
        harmonisation: PlanHarmonisation,
        goals: [Goal],
        sdgTitles: [String: LocalizedText],
        ownerMismatches: [OwnerMismatch] = [],
        decisions: [MainstreamingDecision] = [],
        canEdit: Bool = false,
        session: PageSession? = nil,
        fields: [String: String] = [:]
    ) {
        self.language = language
        self.plan = plan
        self.results = results
        self.indicators = indicators
        self.harmonisation = harmonisation
        self.goals = goals
        self.sdgTitles = sdgTitles
        self.ownerMismatches = ownerMismatches
        self.decisions = decisions
        self.canEdit = canEdit
        self.session = session
        self.fields = fields
    }

    /// The decisions per SDG indicator, newest revision first, indicators in code order.
    var decisionHistory: [(indicator: String, revisions: [MainstreamingDecision])] {
        Dictionary(grouping: decisions.filter { $0.plan == plan.code }, by: \.sdgIndicator)
            .map { key, value in
                (key, value.sorted { ($0.stamp.revision, $0.stamp.at) > ($1.stamp.revision, $1.stamp.at) })
            }
            .sorted { PlanReportParts.codeOrder($0.indicator, $1.indicator) }
    }

    /// The current decision of each SDG indicator.
    var latestDecisions: [String: MainstreamingDecision] {
        Dictionary(decisionHistory.compactMap { entry in entry.revisions.first.map { (entry.indicator, $0) } }) { a, _ in a }
    }

    func indicator(_ code: String) -> PlanIndicator? { indicators.first { $0.code == code } }

    var isIllustrative: Bool { plan.isIllustrative || indicators.contains(where: \.isIllustrative) }

    public func render() -> String {
        let l = language
        let title = l.t("plans_report.harmonisation.title", ["plan": .localized(plan.name)])
        let h = harmonisation
        return Layout(title: title, description: title, path: SitePath(language: l, page: .planHarmonisation(plan.code))).render(
            .div(
                .class("wrap plan-harmonisation"),
                PlanParts.breadcrumbs(plan, [(l.t("plans_report.harmonisation.breadcrumb"), nil)], l),
                .h1(.text(title)),
                .unwrap(session) { FormParts.messages($0.notices, errors: $0.errors) },
                .if(isIllustrative, PlanReportParts.illustrativeNotice(l)),
                .p(
                    .class("lead headline"),
                    .strong(
                        .text(
                            l.t(
                                "plans_report.harmonisation.headline",
                                ["linked": .number(h.linkedIndicatorCount)],
                                count: h.indicatorCount
                            )
                        )
                    ),
                    .text(" " + l.t("plans_report.harmonisation.distinct", count: h.linkedSDGIndicators.count))
                ),
                .ul(
                    .class("summary"),
                    .li(.a(.href("#matrix"), .text(l.t("plans_report.harmonisation.matrix")))),
                    .li(
                        .a(
                            .href("#not-in-plan"),
                            .text(l.t("plans_report.harmonisation.notInPlan") + ": " + Fragments.count(h.sdgWithDataNotInPlan.count, l))
                        )
                    ),
                    .li(
                        .a(
                            .href("#without-link"),
                            .text(l.t("plans_report.harmonisation.withoutLink") + ": " + Fragments.count(h.withoutLink.count, l))
                        )
                    ),
                    .li(
                        .a(.href("#unowned"), .text(l.t("plans_report.harmonisation.unowned") + ": " + Fragments.count(h.unowned.count, l)))
                    ),
                    .li(
                        .a(
                            .href("#owner-mismatch"),
                            .text(l.t("plans_report.harmonisation.ownerMismatch") + ": " + Fragments.count(ownerMismatches.count, l))
                        )
                    ),
                    .li(
                        .a(
                            .href("#mainstreaming"),
                            .text(l.t("plans_report.mainstreaming.heading") + ": " + Fragments.count(decisionHistory.count, l))
                        )
                    )
                ),
                matrix,
                notInPlan,
                planIndicatorList(
                    id: "without-link",
                    heading: l.t("plans_report.harmonisation.withoutLink"),
                    intro: l.t("plans_report.harmonisation.withoutLinkIntro"),
                    codes: h.withoutLink
                ),
                planIndicatorList(
                    id: "unowned",
                    heading: l.t("plans_report.harmonisation.unowned"),
                    intro: l.t("plans_report.harmonisation.unownedIntro"),
                    codes: h.unowned
                ),
                mismatches,
                mainstreaming
            )
        )
    }

    // MARK: Matrix

    private var matrix: BodyNode {
        let l = language
        let h = harmonisation
        return .section(
            .id("matrix"),
            .h2(.text(l.t("plans_report.harmonisation.matrix"))),
            .p(.text(l.t("plans_report.harmonisation.matrixIntro"))),
            h.goalsCovered.isEmpty || h.matrix.isEmpty
                ? .p(.class("notice"), .text(l.t("plans_report.harmonisation.noLinks")))
                : .div(
                    .class("table-scroll"),
                    .table(
                        .class("plan-matrix"),
                        .thead(
                            .tr(
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_report.harmonisation.result"))),
                                .forEach(h.goalsCovered) { number in goalHeader(number) },
                                .th(.attribute(named: "scope", value: "col"), .text(UIText.targets.text(l)))
                            )
                        ),
                        .tbody(
                            .forEach(h.matrix) { row in
                                let result = results.first { $0.code == row.result }
                                return .tr(
                                    .class(row.level.rawValue),
                                    .th(
                                        .attribute(named: "scope", value: "row"),
                                        .a(
                                            .href(SitePath(language: l, page: .planResult(plan.code, row.result)).path),
                                            .span(.class("code"), .text(row.result))
                                        ),
                                        .unwrap(result) { .group(.text(" "), Fragments.localized($0.title, l)) }
                                    ),
                                    .forEach(h.goalsCovered) { number in
                                        let n = row.goals[number] ?? 0
                                        return .td(
                                            .class(n == 0 ? "num empty" : "num"),
                                            .text(n == 0 ? "" : Fragments.count(n, l))
                                        )
                                    },
                                    .td(
                                        .class("matrix-targets"),
                                        .text(
                                            row.targets.keys.sorted(by: PlanReportParts.codeOrder)
                                                .map { code in row.targets[code].map { $0 > 1 ? "\(code) (\($0))" : code } ?? code }
                                                .joined(separator: ", ")
                                                .nonEmpty ?? "—"
                                        )
                                    )
                                )
                            }
                        )
                    )
                )
        )
    }

    private func goalHeader(_ number: Int) -> Node<HTML.TableRowContext> {
        let l = language
        guard let goal = goals.first(where: { $0.number == number }) else {
            return .th(.class("num goal-col"), .attribute(named: "scope", value: "col"), .text(String(number)))
        }
        return .th(
            .class(Fragments.goalColour("num goal-col", goal)),
            .attribute(named: "scope", value: "col"),
            .attribute(named: "title", value: Escape.attribute(goal.shortTitle.text(in: l))),
            .a(.href(SitePath.goal(l, number).path), .text(String(number)))
        )
    }

    // MARK: Lists

    private var notInPlan: BodyNode {
        let l = language
        let codes = harmonisation.sdgWithDataNotInPlan.sorted(by: PlanReportParts.codeOrder)
        let latest = latestDecisions
        return .section(
            .id("not-in-plan"),
            .h2(.text("\(l.t("plans_report.harmonisation.notInPlan")) (\(Fragments.count(codes.count, l)))")),
            .p(.text(l.t("plans_report.harmonisation.notInPlanIntro"))),
            codes.isEmpty
                ? .p(.text("—"))
                : .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.attribute(named: "scope", value: "col"), .text(UIText.indicator.text(l))),
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_report.mainstreaming.decision")))
                            )
                        ),
                        .tbody(
                            .forEach(codes) { code in
                                .tr(
                                    .td(PlanReportParts.sdgLink(code, sdgTitles, l)),
                                    .td(
                                        .unwrap(
                                            latest[code],
                                            { d in .group(choiceChip(d.choice), .text(" " + d.reason)) },
                                            else: .span(.class("missing"), .text(l.t("plans_report.mainstreaming.none")))
                                        )
                                    )
                                )
                            }
                        )
                    )
                )
        )
    }

    private func planIndicatorList(id: String, heading: String, intro: String, codes: [String]) -> BodyNode {
        let l = language
        return .section(
            .id(id),
            .h2(.text("\(heading) (\(Fragments.count(codes.count, l)))")),
            .p(.text(intro)),
            codes.isEmpty
                ? .p(.text("—"))
                : .ul(.forEach(codes) { code in .li(PlanReportParts.indicatorLink(plan.code, code, indicator(code), l)) })
        )
    }

    private var mismatches: BodyNode {
        let l = language
        return .section(
            .id("owner-mismatch"),
            .h2(.text("\(l.t("plans_report.harmonisation.ownerMismatch")) (\(Fragments.count(ownerMismatches.count, l)))")),
            .p(.text(l.t("plans_report.harmonisation.ownerMismatchIntro"))),
            ownerMismatches.isEmpty
                ? .p(.text("—"))
                : .ul(
                    .forEach(ownerMismatches) { m in
                        .li(
                            .unwrap(m.planIndicator) { code in
                                .group(PlanReportParts.indicatorLink(plan.code, code, indicator(code), l), .text(" → "))
                            },
                            PlanReportParts.sdgLink(m.sdgIndicator, sdgTitles, l),
                            .text(" — " + m.detail.text(in: l))
                        )
                    }
                )
        )
    }

    // MARK: Mainstreaming decisions

    private func choiceChip(_ choice: MainstreamingChoice) -> BodyNode {
        .span(.class("chip mainstream-\(choice.rawValue)"), .text(choice.title.text(in: language)))
    }

    private func stampLine(_ d: MainstreamingDecision) -> BodyNode {
        .group(.text(d.stamp.by + ", "), Fragments.moment(d.stamp.at, language))
    }

    private var mainstreaming: BodyNode {
        let l = language
        let history = decisionHistory
        return .section(
            .id("mainstreaming"),
            .h2(.text(l.t("plans_report.mainstreaming.heading"))),
            .p(.text(l.t("plans_report.mainstreaming.intro"))),
            history.isEmpty
                ? .p(.class("missing"), .text(l.t("plans_report.mainstreaming.empty")))
                : .div(
                    .class("table-scroll"),
                    .table(
                        .class("decisions"),
                        .thead(
                            .tr(
                                .th(.attribute(named: "scope", value: "col"), .text(UIText.indicator.text(l))),
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_report.mainstreaming.decision"))),
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_report.mainstreaming.reason"))),
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_report.mainstreaming.by")))
                            )
                        ),
                        .tbody(
                            .forEach(history) { entry in
                                let current = entry.revisions[0]
                                let earlier = Array(entry.revisions.dropFirst())
                                return .tr(
                                    .td(PlanReportParts.sdgLink(entry.indicator, sdgTitles, l)),
                                    .td(choiceChip(current.choice)),
                                    .td(
                                        .text(current.reason),
                                        .if(
                                            !earlier.isEmpty,
                                            .details(
                                                .class("earlier"),
                                                .summary(.text(l.t("plans_report.mainstreaming.earlier", count: earlier.count))),
                                                .ol(
                                                    .forEach(earlier) { d in
                                                        .li(
                                                            choiceChip(d.choice),
                                                            .text(" " + d.reason + " — "),
                                                            stampLine(d)
                                                        )
                                                    }
                                                )
                                            )
                                        )
                                    ),
                                    .td(stampLine(current))
                                )
                            }
                        )
                    )
                ),
            .if(canEdit, decisionForm)
        )
    }

    /// Candidate SDG indicators for a decision: those with data left out, those linked, those decided.
    var decisionCandidates: [String] {
        let h = harmonisation
        return Array(Set(h.sdgWithDataNotInPlan + h.linkedSDGIndicators + decisionHistory.map(\.indicator)))
            .sorted(by: PlanReportParts.codeOrder)
    }

    private var decisionForm: BodyNode {
        let l = language
        guard let session else { return .empty }
        let chosen = fields["choice"]
        return .form(
            .id("decide"),
            .method(.post),
            .action(SitePath(language: l, page: .planMainstreaming(plan.code)).path),
            .class("stack"),
            .h3(.text(l.t("plans_report.mainstreaming.formHeading"))),
            FormParts.csrf(session.csrfToken),
            FormParts.select(
                UIText.indicator.text(l),
                name: "sdg_indicator",
                options: decisionCandidates.map { code in
                    (code, sdgTitles[code].map { "\(code) — \($0.text(in: l))" } ?? code)
                },
                selected: fields["sdg_indicator"]
            ),
            .fieldset(
                .class("field"),
                .element(named: "legend", nodes: [.text(l.t("plans_report.mainstreaming.decision"))]),
                .forEach(MainstreamingChoice.allCases) { choice in
                    .label(
                        .class("choice"),
                        FormParts.input([
                            ("type", "radio"), ("name", "choice"), ("value", choice.rawValue), ("required", "required"),
                            ("checked", chosen == choice.rawValue ? "checked" : nil),
                        ]),
                        .text(" " + choice.title.text(in: l))
                    )
                }
            ),
            .div(
                .class("field"),
                .label(.for("f-reason"), .text(l.t("plans_report.mainstreaming.reason"))),
                .textarea(
                    .name("reason"),
                    .id("f-reason"),
                    .required(true),
                    .attribute(named: "rows", value: "3"),
                    .text(fields["reason"] ?? "")
                ),
                .small(.class("hint"), .text(l.t("plans_report.mainstreaming.reasonHint")))
            ),
            FormParts.submit(l.t("plans_report.mainstreaming.record"))
        )
    }
}
