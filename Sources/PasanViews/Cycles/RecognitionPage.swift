import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/recognition`: institutions ranked by timeliness and completeness in closed cycles,
/// at each step: owners delivering, reporters reviewing, LSB approving statistics.
public struct RecognitionPage: Sendable {
    public var language: PasanDomain.Language
    public var cycles: [(ReportingCycle, CycleDashboard)]
    public var names: [String: LocalizedText]
    /// The people recognised in each closed cycle, by cycle id (`IndividualRecognition`).
    public var individuals: [Int64: IndividualRecognition]

    public init(
        language: PasanDomain.Language,
        cycles: [(ReportingCycle, CycleDashboard)],
        names: [String: LocalizedText],
        individuals: [Int64: IndividualRecognition] = [:]
    ) {
        self.language = language; self.cycles = cycles; self.names = names; self.individuals = individuals
    }

    public func render() -> String {
        let l = language
        let title = l.t("cycles.recognition.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .recognition)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .p(
                    .class("lead"),
                    .text(
                        l.t("cycles.recognition.lead")
                    )
                ),
                .if(
                    cycles.isEmpty,
                    .p(.text(l.t("cycles.recognition.noClosedCycle")))
                ),
                .forEach(cycles) { cycle, dashboard in
                    .section(
                        .h2(Fragments.localized(cycle.name, l)),
                        .forEach(DeadlineStage.allCases) { stage in stageTable(stage, dashboard) },
                        .unwrap(cycle.id.flatMap { individuals[$0] }) { people(cycle, $0) }
                    )
                }
            )
        )
    }

    /// The focal points who submitted in the cycle: on time, complete, nothing to correct.
    private func people(_ cycle: ReportingCycle, _ recognition: IndividualRecognition) -> BodyNode {
        let l = language
        return .group([
            .h3(.text(l.t("capacity.recognition.people"))),
            .p(.class("hint"), .text(l.t("capacity.recognition.rule"))),
            recognition.lines.isEmpty
                ? .p(.text(l.t("capacity.recognition.nobody")))
                : .table(
                    .class("people"),
                    .thead(
                        .tr(
                            .th(.text(l.t("capacity.recognition.person"))),
                            .th(.text(UIText.institution.text(l))),
                            .th(.class("num"), .text(l.t("capacity.recognition.submitted"))),
                            .th(.class("num"), .text(l.t("cycles.column.onTime"))),
                            .th(.class("num"), .text(l.t("cycles.column.complete"))),
                            .th(.class("num"), .text(l.t("capacity.recognition.uncorrected"))),
                            .th(.text(l.t("capacity.recognition.certificate")))
                        )
                    ),
                    .tbody(
                        .forEach(recognition.lines) { line in
                            .tr(
                                .td(.a(.href(SitePath(language: l, page: .capacityPerson(line.userID)).path), .text(line.name))),
                                .td(.text(line.institutions.map { names[$0]?.text(in: l) ?? $0 }.joined(separator: ", "))),
                                .td(.class("num"), .text(Fragments.count(line.submitted, l))),
                                .td(.class("num"), .text(Fragments.count(line.onTime, l))),
                                .td(.class("num"), .text(Fragments.count(line.complete, l))),
                                .td(.class("num"), .text(Fragments.count(line.uncorrected, l))),
                                .td(
                                    .if(
                                        line.isRecognised,
                                        .a(
                                            .href(SitePath(language: l, page: .recognitionCertificate(cycle.id ?? 0, line.userID)).path),
                                            .text(l.t("capacity.recognition.print"))
                                        ),
                                        else: .text("—")
                                    )
                                )
                            )
                        }
                    )
                ),
        ])
    }

    private func stageTable(_ stage: DeadlineStage, _ dashboard: CycleDashboard) -> BodyNode {
        let l = language
        let ranking = dashboard.ranking(stage)
        if stage != .owner && dashboard.rows(stage).isEmpty { return .empty }
        let complete =
            switch stage {
            case .owner: l.t("cycles.column.complete")
            case .reporter: l.t("cycles.column.reviewed")
            case .statistics: l.t("cycles.column.approved")
            }
        return .group([
            .h3(.text(stage.title.text(in: l))),
            ranking.isEmpty
                ? .p(.text(l.t("cycles.recognition.nothingDue")))
                : .table(
                    .thead(
                        .tr(
                            .th(.text("#")),
                            .th(.text(UIText.institution.text(l))),
                            .th(.class("num"), .text(l.t("cycles.column.onTime"))),
                            .th(.class("num"), .text(complete))
                        )
                    ),
                    .tbody(
                        .forEach(Array(ranking.enumerated())) { index, row in
                            .tr(
                                .td(.text(Fragments.count(index + 1, l))),
                                .td(.text(names[row.institution]?.text(in: l) ?? row.institution)),
                                .td(.class("num"), .text(Fragments.percent(row.timeliness, l))),
                                .td(.class("num"), .text(Fragments.percent(row.completeness, l)))
                            )
                        }
                    )
                ),
        ])
    }
}
