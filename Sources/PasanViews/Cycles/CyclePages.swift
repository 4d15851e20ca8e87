import Foundation
import PasanDomain
import Plot

/// `/{lang}/cycles`: the reporting cycles, and a form to create one.
public struct CyclesPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var cycles: [ReportingCycle]
    public var fields: [String: String]
    /// The day the new-cycle form proposes its dates from.
    public var today: LocalDate

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        cycles: [ReportingCycle],
        fields: [String: String] = [:],
        today: LocalDate
    ) {
        self.language = language; self.session = session; self.cycles = cycles; self.fields = fields; self.today = today
    }

    public func render() -> String {
        let l = language
        let title = l == .lo ? "ຮອບການລາຍງານ" : "Reporting cycles"
        func f(_ name: String, _ label: String, _ placeholder: String = "", type: String = "text") -> Node<HTML.FormContext> {
            FormParts.field(label, name: name, value: fields[name] ?? placeholder, type: type, required: true)
        }
        return Layout(title: title, description: title, path: SitePath(language: l, page: .cycles)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .table(
                    .thead(
                        .tr(
                            .th(.text(UIText.name.text(l))),
                            .th(.text(UIText.status.text(l))),
                            .th(.text(l == .lo ? "ກຳນົດສົ່ງ" : "Owner deadline")),
                            .th(.text(l == .lo ? "ເຜີຍແຜ່" : "Publication"))
                        )
                    ),
                    .tbody(
                        .forEach(cycles) { c in
                            .tr(
                                .td(.a(.href(SitePath(language: l, page: .cycle(c.id ?? 0)).path), Fragments.localized(c.name, l))),
                                .td(.text(c.status.rawValue)),
                                .td(.text(c.schedule.ownerDeadline.description)),
                                .td(.text(c.schedule.publicationDate.description))
                            )
                        }
                    )
                ),
                .h2(.text(l == .lo ? "ສ້າງຮອບໃໝ່" : "Create a cycle")),
                .form(
                    .method(.post),
                    .action(SitePath(language: l, page: .cycles).path),
                    .class("stack"),
                    FormParts.csrf(session.csrfToken),
                    f("name_en", l == .lo ? "ຊື່ (ອັງກິດ)" : "Name (English)"),
                    f("name_lo", l == .lo ? "ຊື່ (ລາວ)" : "Name (Lao)"),
                    f("purpose", l == .lo ? "ຈຸດປະສົງ" : "Purpose", "Voluntary National Review"),
                    f("years", l == .lo ? "ປີອ້າງອີງ (ເຊັ່ນ 2023,2024)" : "Reference years (e.g. 2023,2024)"),
                    f("indicators", l == .lo ? "ຕົວຊີ້ວັດ (ເຊັ່ນ 3.1.2 3.2.1)" : "Indicators (e.g. 3.1.2 3.2.1)"),
                    f("request_date", l == .lo ? "ວັນສົ່ງຄຳຮ້ອງຂໍ" : "Request date", today.description, type: "date"),
                    f("owner_deadline", l == .lo ? "ກຳນົດສົ່ງຂອງເຈົ້າຂອງ" : "Owner deadline", today.adding(days: 30).description, type: "date"),
                    f(
                        "reporter_deadline",
                        l == .lo ? "ກຳນົດກວດຂອງຜູ້ລາຍງານ" : "Reporter review deadline",
                        today.adding(days: 45).description,
                        type: "date"
                    ),
                    f(
                        "statistics_deadline",
                        l == .lo ? "ກຳນົດຮັບຮອງຂອງ ສຖຕ" : "Statistics review deadline",
                        today.adding(days: 60).description,
                        type: "date"
                    ),
                    f(
                        "approval_deadline",
                        l == .lo ? "ກຳນົດຮັບຮອງຂອງກອງເລຂາ" : "Secretariat approval deadline",
                        today.adding(days: 70).description,
                        type: "date"
                    ),
                    f("publication_date", l == .lo ? "ວັນເຜີຍແຜ່" : "Publication date", today.adding(days: 80).description, type: "date"),
                    f("minimum_notice", l == .lo ? "ໄລຍະແຈ້ງລ່ວງໜ້າຢ່າງໜ້ອຍ (ມື້)" : "Minimum notice (days)", "30"),
                    FormParts.submit(l == .lo ? "ສ້າງ" : "Create")
                )
            )
        )
    }
}

/// `/{lang}/cycles/{id}`: the cycle dashboard for the Secretariat.
public struct CycleDashboardPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var cycle: ReportingCycle
    public var dashboard: CycleDashboard
    public var warnings: [LocalizedText]
    public var conflicts: [(key: CellKey, submitted: Double, published: Double, source: String?)]
    public var institutions: [Institution]

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        cycle: ReportingCycle,
        dashboard: CycleDashboard,
        warnings: [LocalizedText],
        conflicts: [(key: CellKey, submitted: Double, published: Double, source: String?)],
        institutions: [Institution]
    ) {
        self.language = language; self.session = session; self.cycle = cycle; self.dashboard = dashboard
        self.warnings = warnings; self.conflicts = conflicts; self.institutions = institutions
    }

    public func render() -> String {
        let l = language
        let id = cycle.id ?? 0
        let title = cycle.name.text(in: l)
        return Layout(title: title, description: title, path: SitePath(language: l, page: .cycle(id))).render(
            .div(
                .class("wrap"),
                .h1(Fragments.localized(cycle.name, l), .text(" — \(cycle.status.rawValue)")),
                FormParts.messages(session.notices, errors: session.errors),
                .ol(
                    .class("schedule"),
                    .forEach(cycle.schedule.steps) { step in .li(.strong(.text(step.1.description)), .text(" " + step.0.text(in: l))) }
                ),
                .p(
                    .text(
                        (l == .lo ? "ປີ: " : "Years: ") + cycle.referenceYears.map(String.init).joined(separator: ", ") + " · "
                            + (l == .lo ? "ຕົວຊີ້ວັດ: " : "Indicators: ") + cycle.indicators.joined(separator: ", ")
                    )
                ),
                .if(
                    !warnings.isEmpty,
                    .section(
                        .class("notice"),
                        .h2(.text(l == .lo ? "ເວລາບໍ່ກົງກັນ" : "Timing not in sync")),
                        .ul(.forEach(warnings) { .li(.text($0.text(in: l))) })
                    )
                ),
                .div(
                    .class("actions"),
                    .if(
                        cycle.status == .draft,
                        FormParts.button(
                            l == .lo ? "ເປີດຮອບ ແລະ ສົ່ງຄຳຮ້ອງຂໍ" : "Open the cycle and send the requests",
                            action: SitePath(language: l, page: .cycleOpen(id)).path,
                            csrf: session.csrfToken
                        )
                    ),
                    .if(
                        cycle.status == .open,
                        FormParts.button(
                            l == .lo ? "ປິດຮອບ" : "Close the cycle",
                            action: SitePath(language: l, page: .cycleClose(id)).path,
                            csrf: session.csrfToken
                        )
                    )
                ),
                .if(
                    cycle.status == .open,
                    .form(
                        .method(.post),
                        .action(SitePath(language: l, page: .cycleExtend(id)).path),
                        .class("stack compact"),
                        FormParts.csrf(session.csrfToken),
                        FormParts.select(
                            l == .lo ? "ຂະຫຍາຍໃຫ້" : "Extend for",
                            name: "institution",
                            options: [("", l == .lo ? "ທຸກອົງການ" : "all institutions")]
                                + dashboard.rows.map { ($0.institution, $0.institution) }
                        ),
                        FormParts.field(l == .lo ? "ກຳນົດສົ່ງໃໝ່" : "New owner deadline", name: "date", type: "date", required: true),
                        FormParts.field(l == .lo ? "ເຫດຜົນ" : "Reason", name: "reason", required: true),
                        FormParts.submit(l == .lo ? "ຂະຫຍາຍ" : "Extend")
                    )
                ),
                .h2(.text(DeadlineStage.owner.title.text(in: l))),
                .div(
                    .class("table-scroll"),
                    .table(
                        .class("dashboard"),
                        .thead(
                            .tr(
                                .th(.text(UIText.institution.text(l))),
                                .th(.text(l == .lo ? "ກຳນົດ" : "Deadline")),
                                .th(.class("num"), .text(l == .lo ? "ຄົບຖ້ວນ" : "Complete")),
                                .th(.class("num"), .text(l == .lo ? "ທັນເວລາ" : "On time")),
                                .th(.class("num"), .text(l == .lo ? "ມື້ຊ້າ" : "Days late")),
                                .th(.class("num"), .text(l == .lo ? "ສົ່ງຄືນ" : "Returned")),
                                .th(.text(UIText.indicators.text(l)))
                            )
                        ),
                        .tbody(.forEach(dashboard.rows) { row($0) })
                    )
                ),
                stageSection(.reporter),
                stageSection(.statistics),
                .if(
                    !conflicts.isEmpty,
                    .section(
                        .h2(.text(l == .lo ? "ຄວາມຂັດແຍ່ງກັບຄ່າທີ່ເຜີຍແຜ່ແລ້ວ" : "Conflicts with published values")),
                        .ul(
                            .forEach(conflicts) { c in
                                .li(
                                    .text(
                                        "\(c.key): \(Fragments.formatNumber(c.submitted)) ≠ \(Fragments.formatNumber(c.published)) (\(c.source ?? "—"))"
                                    )
                                )
                            }
                        )
                    )
                )
            )
        )
    }

    private func row(_ r: CycleDashboard.Row) -> Node<HTML.TableContext> {
        let l = language
        let id = cycle.id ?? 0
        return .tr(
            .class(r.daysLate > 0 ? "late" : ""),
            .td(.a(.href(SitePath(language: l, page: .request(id, r.institution)).path), .text(r.institution))),
            .td(.text(r.deadline.description)),
            .td(.class("num"), .text("\(Int((r.completeness * 100).rounded())) %")),
            .td(.class("num"), .text("\(Int((r.timeliness * 100).rounded())) %")),
            .td(.class("num"), .text(String(r.daysLate))),
            .td(.class("num"), .text(String(r.returns))),
            .td(
                .forEach(r.items) { item in
                    .a(
                        .class("chip \(item.state?.rawValue ?? "none")"),
                        .href(SitePath(language: l, page: .submission(id, r.institution, item.indicator)).path),
                        .attribute(
                            named: "title",
                            value: Escape.attribute(item.state?.title.text(in: l) ?? (l == .lo ? "ຍັງບໍ່ມີ" : "nothing yet"))
                        ),
                        .text(item.indicator)
                    )
                }
            )
        )
    }
}

extension CycleDashboardPage {
    /// The reporters' or LSB's step: what is due from each (once the step before is done), how
    /// much is done and on time, and each owner's indicator with its state.
    func stageSection(_ stage: DeadlineStage) -> BodyNode {
        let l = language
        let id = cycle.id ?? 0
        let rows = dashboard.rows(stage)
        guard !rows.isEmpty else { return .empty }
        let done = stage == .reporter ? (l == .lo ? "ກວດແລ້ວ" : "Reviewed") : (l == .lo ? "ຮັບຮອງແລ້ວ" : "Approved")
        let explanation =
            stage == .reporter
            ? (l == .lo
                ? "ຜູ້ລາຍງານກວດສິ່ງທີ່ເຈົ້າຂອງສົ່ງມາ ພາຍໃນກຳນົດກວດ; ຕົວຊີ້ວັດທີ່ບໍ່ມີຜູ້ລາຍງານ ກອງເລຂາ ເປັນຜູ້ກວດ (\(DeadlineRules.secretariatInstitution))."
                : "Reporters review what owners sent by the review deadline; the Secretariat (\(DeadlineRules.secretariatInstitution)) reviews indicators without a reporter.")
            : (l == .lo
                ? "ສຖຕ ຮັບຮອງສະຖິຕິທາງການ ທີ່ຜູ້ລາຍງານກວດແລ້ວ ພາຍໃນກຳນົດຮັບຮອງ."
                : "LSB approves the official statistics reporters have reviewed, by the statistics deadline.")
        return .section(
            .h2(.text(stage.title.text(in: l))),
            .p(.text(explanation)),
            .div(
                .class("table-scroll"),
                .table(
                    .class("dashboard"),
                    .thead(
                        .tr(
                            .th(.text(UIText.institution.text(l))),
                            .th(.text(l == .lo ? "ກຳນົດ" : "Deadline")),
                            .th(.class("num"), .text(done)),
                            .th(.class("num"), .text(l == .lo ? "ທັນເວລາ" : "On time")),
                            .th(.class("num"), .text(l == .lo ? "ມື້ຊ້າ" : "Days late")),
                            .th(.text(UIText.indicators.text(l)))
                        )
                    ),
                    .tbody(
                        .forEach(rows) { r in
                            .tr(
                                .class(r.daysLate > 0 ? "late" : ""),
                                .td(.text(r.institution)),
                                .td(.text(r.deadline.description)),
                                .td(.class("num"), .text("\(r.cellsDelivered) / \(r.due)")),
                                .td(.class("num"), .text(r.due == 0 ? "—" : "\(Int((r.timeliness * 100).rounded())) %")),
                                .td(.class("num"), .text(String(r.daysLate))),
                                .td(
                                    .forEach(Array(zip(r.duties, r.items))) { duty, item in
                                        let state =
                                            duty.isDue
                                            ? (item.state?.title.text(in: l) ?? "") : (l == .lo ? "ຍັງບໍ່ຮອດຂັ້ນນີ້" : "not at this step yet")
                                        return .a(
                                            .class("chip \(duty.isDue ? item.state?.rawValue ?? "none" : "none")"),
                                            .href(SitePath(language: l, page: .submission(id, duty.owner, duty.indicator)).path),
                                            .attribute(named: "title", value: Escape.attribute("\(duty.owner): \(state)")),
                                            .text("\(duty.indicator) · \(duty.owner)")
                                        )
                                    }
                                )
                            )
                        }
                    )
                )
            )
        )
    }
}

/// `/{lang}/cycles/{id}/requests/{CODE}`: the data request to one owner, Lao first with English
/// beside, printable as a letter.
public struct DataRequestPage: Sendable {
    public var language: PasanDomain.Language
    public var cycle: ReportingCycle
    public var institution: Institution
    public var items: [(assignment: Assignment, indicator: Indicator, series: [Series])]
    public var contacts: [String]

    public init(
        language: PasanDomain.Language,
        cycle: ReportingCycle,
        institution: Institution,
        items: [(assignment: Assignment, indicator: Indicator, series: [Series])],
        contacts: [String]
    ) {
        self.language = language; self.cycle = cycle; self.institution = institution; self.items = items; self.contacts = contacts
    }

    public func render() -> String {
        let l = language
        let id = cycle.id ?? 0
        let deadline = cycle.ownerDeadline(for: institution.code)
        let years = cycle.referenceYears.map(String.init).joined(separator: ", ")
        let title = (l == .lo ? "ຄຳຮ້ອງຂໍຂໍ້ມູນ: " : "Data request: ") + institution.abbreviation.en + " — " + cycle.name.text(in: l)
        return Layout(title: title, description: title, path: SitePath(language: l, page: .request(id, institution.code))).render(
            .article(
                .class("wrap letter"),
                .div(
                    .class("bilingual"),
                    .div(
                        .attribute(named: "lang", value: "lo"),
                        .p(.text("ເຖິງ: \(institution.name.lo ?? institution.name.en)")),
                        .p(.text("ຈາກ: ກອງເລຂາ SDG ແຫ່ງຊາດ (ກະຊວງການຕ່າງປະເທດ)")),
                        .h1(.text("ຄຳຮ້ອງຂໍຂໍ້ມູນ: \(cycle.name.lo ?? cycle.name.en)")),
                        .p(.text("ກະລຸນາສົ່ງຂໍ້ມູນຂອງຕົວຊີ້ວັດລຸ່ມນີ້ ສຳລັບປີ \(years) ພາຍໃນວັນທີ \(deadline), ຜ່ານ ປະສານ, ຕາມແບບຟອມຂອງແຕ່ລະຕົວຊີ້ວັດ."))
                    ),
                    .div(
                        .attribute(named: "lang", value: "en"),
                        .p(.text("To: \(institution.name.en)")),
                        .p(.text("From: the National SDG Secretariat (Ministry of Foreign Affairs)")),
                        .h2(.text("Data request: \(cycle.name.en)")),
                        .p(
                            .text(
                                "Please deliver the data of the indicators below for \(years) by \(deadline), through Pasan, in each indicator's template."
                            )
                        )
                    )
                ),
                .forEach(items) { item in
                    let a = item.assignment
                    let units = Array(Set(item.series.compactMap(\.unit))).sorted().joined(separator: ", ")
                    return .section(
                        .class("duty"),
                        .h3(
                            .text(item.indicator.code + " "),
                            .span(.attribute(named: "lang", value: "lo"), .text(item.indicator.title.lo ?? "")),
                            .br(),
                            .span(.attribute(named: "lang", value: "en"), .text(item.indicator.title.en))
                        ),
                        .dl(
                            .dt(.text("ຊຸດຂໍ້ມູນ / Series")),
                            .dd(.text(item.series.map { "\($0.code) (\($0.unit ?? "—"))" }.joined(separator: "; ").nonEmpty ?? "—")),
                            .dt(.text("ຫົວໜ່ວຍ / Unit")),
                            .dd(.text(units.nonEmpty ?? "—")),
                            .dt(.text("ການຈຳແນກ / Breakdowns")),
                            .dd(.text(a.disaggregation ?? "ລວມ / total only")),
                            .dt(.text("ຂັ້ນ / Geographic level")),
                            .dd(.text(a.geographicLevel?.rawValue ?? "country")),
                            .dt(.text("ປີ / Years")),
                            .dd(.text(years)),
                            .dt(.text("ກຳນົດ / Deadline")),
                            .dd(.strong(.text(deadline.description))),
                            .dt(.text("ແບບຟອມ / Template")),
                            .dd(
                                .a(
                                    .href(SitePath(language: l, page: .template(id, institution.code, item.indicator.code)).path),
                                    .text("CSV")
                                ),
                                .text(" · "),
                                .a(
                                    .href(SitePath(language: l, page: .submission(id, institution.code, item.indicator.code)).path),
                                    .text("ປ້ອນ / enter or upload")
                                )
                            )
                        )
                    )
                },
                .section(.h2(.text("ຕິດຕໍ່ / Whom to ask")), .ul(.forEach(contacts) { .li(.text($0)) })),
                .p(.class("print-hint"), .text("ພິມໜ້ານີ້ເປັນຈົດໝາຍ A4 ໄດ້ / This page prints as an A4 letter."))
            )
        )
    }
}

/// `/{lang}/recognition`: institutions ranked by timeliness and completeness in closed cycles,
/// at each step: owners delivering, reporters reviewing, LSB approving statistics.
public struct RecognitionPage: Sendable {
    public var language: PasanDomain.Language
    public var cycles: [(ReportingCycle, CycleDashboard)]
    public var names: [String: LocalizedText]

    public init(language: PasanDomain.Language, cycles: [(ReportingCycle, CycleDashboard)], names: [String: LocalizedText]) {
        self.language = language; self.cycles = cycles; self.names = names
    }

    public func render() -> String {
        let l = language
        let title = l == .lo ? "ຍ້ອງຍໍຜູ້ລາຍງານ" : "Recognition"
        return Layout(title: title, description: title, path: SitePath(language: l, page: .recognition)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .p(
                    .class("lead"),
                    .text(
                        l == .lo ? "ຂອບໃຈອົງການທີ່ສົ່ງຂໍ້ມູນທັນເວລາ ແລະ ຄົບຖ້ວນ." : "Thank you to the institutions that delivered on time and in full."
                    )
                ),
                .if(cycles.isEmpty, .p(.text(l == .lo ? "ຍັງບໍ່ມີຮອບທີ່ປິດແລ້ວ." : "No closed cycle yet."))),
                .forEach(cycles) { cycle, dashboard in
                    .section(
                        .h2(Fragments.localized(cycle.name, l)),
                        .forEach(DeadlineStage.allCases) { stage in stageTable(stage, dashboard) }
                    )
                }
            )
        )
    }

    private func stageTable(_ stage: DeadlineStage, _ dashboard: CycleDashboard) -> BodyNode {
        let l = language
        let ranking = dashboard.ranking(stage)
        if stage != .owner && dashboard.rows(stage).isEmpty { return .empty }
        let complete =
            switch stage {
            case .owner: l == .lo ? "ຄົບຖ້ວນ" : "Complete"
            case .reporter: l == .lo ? "ກວດແລ້ວ" : "Reviewed"
            case .statistics: l == .lo ? "ຮັບຮອງແລ້ວ" : "Approved"
            }
        return .group([
            .h3(.text(stage.title.text(in: l))),
            ranking.isEmpty
                ? .p(.text(l == .lo ? "ບໍ່ມີຫຍັງຮອດກຳນົດໃນຂັ້ນນີ້." : "Nothing was due at this step."))
                : .table(
                    .thead(
                        .tr(
                            .th(.text("#")),
                            .th(.text(UIText.institution.text(l))),
                            .th(.class("num"), .text(l == .lo ? "ທັນເວລາ" : "On time")),
                            .th(.class("num"), .text(complete))
                        )
                    ),
                    .tbody(
                        .forEach(Array(ranking.enumerated())) { index, row in
                            .tr(
                                .td(.text(String(index + 1))),
                                .td(.text(names[row.institution]?.text(in: l) ?? row.institution)),
                                .td(.class("num"), .text("\(Int((row.timeliness * 100).rounded())) %")),
                                .td(.class("num"), .text("\(Int((row.completeness * 100).rounded())) %"))
                            )
                        }
                    )
                ),
        ])
    }
}
