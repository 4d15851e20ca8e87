import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/progress`: the national snapshot — per goal the progress score as a bar (regression
/// to the left of zero), the Current Status Index where targets exist, and each target's status.
public struct ProgressSnapshotPage: Sendable {
    public struct Row: Sendable {
        public var goal: Goal
        public var result: ProgressResult?
        public var currentStatus: Double?
        public var targets: [(code: String, status: ProgressStatus, outlook: ESCAPProgress.Outlook?)]
        public init(
            goal: Goal,
            result: ProgressResult?,
            currentStatus: Double?,
            targets: [(code: String, status: ProgressStatus, outlook: ESCAPProgress.Outlook?)]
        ) {
            self.goal = goal; self.result = result; self.currentStatus = currentStatus; self.targets = targets
        }
    }

    public var language: PasanDomain.Language
    public var rows: [Row]

    public init(language: PasanDomain.Language, rows: [Row]) {
        self.language = language; self.rows = rows
    }

    public func render() -> String {
        let l = language
        let title = l.t("progress.snapshot.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .progress)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .p(
                    .class("lead"),
                    .text(
                        l.t("progress.snapshot.lead")
                    )
                ),
                .div(
                    .class("table-scroll"),
                    .table(
                        .class("snapshot"),
                        .thead(
                            .tr(
                                .th(.text(UIText.goal.text(l))),
                                .th(.text(l.t("progress.snapshot.score"))),
                                .th(.text(l.t("progress.snapshot.currentStatusIndex"))),
                                .th(.text(UIText.targets.text(l)))
                            )
                        ),
                        .tbody(.forEach(rows) { row($0) })
                    )
                ),
                .p(.a(.href(SitePath(language: l, page: .methodology).path), .text(l.t("progress.snapshot.howComputed"))))
            )
        )
    }

    private func row(_ r: Row) -> Node<HTML.TableContext> {
        let l = language
        return .tr(
            .td(.a(.href(SitePath.goal(l, r.goal.number).path), .text("\(r.goal.number). \(r.goal.shortTitle.text(in: l))"))),
            .td(
                .unwrap(
                    r.result,
                    { result in
                        .group(
                            Self.bar(result.score ?? 0, range: 5, label: result.status.title.text(in: l)),
                            .small(.text(result.status.title.text(in: l)))
                        )
                    },
                    else: .small(.class("missing"), .text(ProgressStatus.notAvailable.title.text(in: l)))
                )
            ),
            .td(
                .unwrap(
                    r.currentStatus,
                    { csi in
                        .group(
                            Self.bar(csi, range: 1, label: TextFormat.decimal(csi, fractionDigits: 2, in: l)),
                            .small(
                                .text(
                                    l.t(
                                        "progress.snapshot.madeAndNeeded",
                                        [
                                            "made": .number(Int((max(csi, 0) * 100).rounded())),
                                            "needed": .number(Int((max(0, 1 - csi) * 100).rounded())),
                                        ]
                                    )
                                )
                            )
                        )
                    },
                    else: .small(.class("missing"), .text("—"))
                )
            ),
            .td(
                .forEach(r.targets) { t in
                    .span(
                        .class("chip \(t.status.rawValue)"),
                        .attribute(
                            named: "title",
                            value: Escape.attribute(
                                t.status.title.text(in: l)
                                    + (t.outlook.map { " · \($0.rawValue.replacingOccurrences(of: "_", with: " "))" } ?? "")
                            )
                        ),
                        .text(t.code)
                    )
                }
            )
        )
    }

    /// A horizontal bar from the middle: right for progress, left for regression.
    static func bar(_ value: Double, range: Double, label: String) -> BodyNode {
        let v = max(-range, min(range, value)) / range
        let width = abs(v) * 50
        let left = v >= 0 ? 50 : 50 - width
        return .raw(
            "<svg class=\"bar\" viewBox=\"0 0 100 10\" role=\"img\" aria-label=\"\(Escape.attribute(label))\"><rect x=\"0\" y=\"0\" width=\"100\" height=\"10\" class=\"track\"/>"
                + "<rect x=\"\(String(format: "%.1f", left))\" y=\"1\" width=\"\(String(format: "%.1f", width))\" height=\"8\" class=\"\(v >= 0 ? "gain" : "loss")\"/>"
                + "<line x1=\"50\" x2=\"50\" y1=\"0\" y2=\"10\" class=\"zero\"/></svg>"
        )
    }
}

/// `/{lang}/reporting-status`: how many indicators have data, are in progress, or have none —
/// by goal, by tier and by owner institution.
public struct ReportingStatusPage: Sendable {
    public var language: PasanDomain.Language
    public var status: ReportingStatus
    public var goals: [Int: Goal]

    public init(language: PasanDomain.Language, status: ReportingStatus, goals: [Int: Goal]) {
        self.language = language; self.status = status; self.goals = goals
    }

    public func render() -> String {
        let l = language
        let title = l.t("progress.reporting.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .reportingStatus)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .p(
                    .class("lead"),
                    .text(
                        l.t(
                            "progress.reporting.withData",
                            ["reported": .number(status.overall.reported), "total": .number(status.overall.total)]
                        )
                    )
                ),
                section(
                    l.t("progress.reporting.byGoal"),
                    status.byGoal.map { (goals[$0.0].map { "\($0.number). \($0.shortTitle.text(in: l))" } ?? String($0.0), $0.1) }
                ),
                section(l.t("progress.reporting.byTier"), status.byTier.map { (Self.tierLabel($0.0, l), $0.1) }),
                section(l.t("progress.reporting.byOwner"), status.byOwner),
                .p(
                    .a(
                        .href(SitePath(language: l, page: .dataAvailability).path),
                        .text(l.t("progress.reporting.availabilityLink"))
                    )
                )
            )
        )
    }

    /// "Tier I" / "ລະດັບ I", and the national indicators (which have no tier) by name.
    static func tierLabel(_ group: TierGroup, _ l: PasanDomain.Language) -> String {
        switch group {
        case .tier(let tier): UIText.tier.text(l) + " " + tier.rawValue
        case .national: UIText.nationalScope.text(l)
        case .unclassified: "—"
        }
    }

    private func section(_ heading: String, _ rows: [(String, ReportingStatus.Counts)]) -> BodyNode {
        let l = language
        return .section(
            .h2(.text(heading)),
            .div(
                .class("table-scroll"),
                .table(
                    .thead(
                        .tr(
                            .th(),
                            .th(.class("num"), .text(ReportingStatus.State.reported.title.text(in: l))),
                            .th(.class("num"), .text(ReportingStatus.State.inProgress.title.text(in: l))),
                            .th(.class("num"), .text(ReportingStatus.State.noData.title.text(in: l))),
                            .th(.text(""))
                        )
                    ),
                    .tbody(
                        .forEach(rows) { name, c in
                            .tr(
                                .th(.attribute(named: "scope", value: "row"), .text(name)),
                                .td(.class("num"), .text(Fragments.count(c.reported, l))),
                                .td(.class("num"), .text(Fragments.count(c.inProgress, l))),
                                .td(.class("num"), .text(Fragments.count(c.noData, l))),
                                .td(.raw(Self.stack(c)))
                            )
                        }
                    )
                )
            )
        )
    }

    static func stack(_ c: ReportingStatus.Counts) -> String {
        guard c.total > 0 else { return "" }
        let a = 100 * Double(c.reported) / Double(c.total), b = 100 * Double(c.inProgress) / Double(c.total)
        return
            "<svg class=\"stack\" viewBox=\"0 0 100 8\" aria-hidden=\"true\"><rect width=\"\(String(format: "%.1f", a))\" height=\"8\" class=\"reported\"/>"
            + "<rect x=\"\(String(format: "%.1f", a))\" width=\"\(String(format: "%.1f", b))\" height=\"8\" class=\"in-progress\"/>"
            + "<rect x=\"\(String(format: "%.1f", a + b))\" width=\"\(String(format: "%.1f", 100 - a - b))\" height=\"8\" class=\"no-data\"/></svg>"
    }
}

/// `/{lang}/data-availability`: indicators × years, with breakdown coverage, to show the gaps.
public struct DataAvailabilityPage: Sendable {
    public var language: PasanDomain.Language
    public var indicators: [Indicator]
    public var coverage: [String: (years: Set<Int>, disaggregatedYears: Set<Int>, subnational: Bool)]
    public var years: [Int]

    public init(
        language: PasanDomain.Language,
        indicators: [Indicator],
        coverage: [String: (years: Set<Int>, disaggregatedYears: Set<Int>, subnational: Bool)],
        years: [Int]
    ) {
        self.language = language; self.indicators = indicators; self.coverage = coverage; self.years = years
    }

    public func render() -> String {
        let l = language
        let title = l.t("progress.availability.title")
        let shown = indicators.filter { coverage[$0.code] != nil }
        return Layout(title: title, description: title, path: SitePath(language: l, page: .dataAvailability)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .p(
                    .text(
                        l.t("progress.availability.legend", ["missing": .number(indicators.count - shown.count)])
                    )
                ),
                .div(
                    .class("table-scroll"),
                    .table(
                        .class("availability"),
                        .thead(
                            .tr(
                                .th(.text(UIText.indicator.text(l))),
                                .forEach(years) { .th(.text(String($0))) },
                                .th(.text(l.t("progress.availability.subnational")))
                            )
                        ),
                        .tbody(
                            .forEach(shown) { indicator in
                                let c = coverage[indicator.code]!
                                return .tr(
                                    .th(
                                        .attribute(named: "scope", value: "row"),
                                        .a(.href(SitePath.indicator(l, indicator.code).path), .text(indicator.code))
                                    ),
                                    .forEach(years) { year in
                                        .td(
                                            .class("mark"),
                                            .text(c.disaggregatedYears.contains(year) ? "●" : c.years.contains(year) ? "○" : "")
                                        )
                                    },
                                    .td(.class("mark"), .text(c.subnational ? "✓" : ""))
                                )
                            }
                        )
                    )
                )
            )
        )
    }
}
