import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/admin/plans/{code}` (and `/{lang}/admin/plans/import` for a new plan): a plan's
/// file — the upload (CSV or XLSX, with the reason for the change), the problems of a refused
/// file (every faulty row with its line, column, what was found and what was expected; nothing
/// was imported), the summary of an accepted one, the plan's file to download, and the form that
/// opens a reporting cycle for the plan's indicators.
public struct PlanEditPage: Sendable {
    /// One problem of a refused plan file (`PlanCheck`), ready to show.
    public struct Problem: Sendable, Hashable {
        /// The file as the user named it (or a sheet of a workbook).
        public var file: String
        public var line: Int?
        /// The column (`targets`, `sdg_links`).
        public var column: String?
        /// What was found, as it was written.
        public var found: String?
        public var expected: Message

        public init(file: String, line: Int?, column: String?, found: String?, expected: Message) {
            self.file = file
            self.line = line
            self.column = column
            self.found = found
            self.expected = expected
        }

        /// A problem `PlanCheck` found in `file`.
        public init(_ problem: PlanProblem, file: String) {
            self.init(file: file, line: problem.line, column: problem.column, found: problem.found, expected: problem.message)
        }
    }

    /// A refused file: its name and every problem.
    public struct Refusal: Sendable, Hashable {
        public var fileName: String
        public var problems: [Problem]

        public init(fileName: String, problems: [Problem]) {
            self.fileName = fileName
            self.problems = problems
        }
    }

    /// What an accepted file brought.
    public struct Accepted: Sendable, Hashable {
        public var fileName: String
        public var plan: String
        public var results: Int
        public var indicators: Int
        public var links: Int
        public var targets: Int
        public var values: Int

        public init(fileName: String, plan: String, results: Int, indicators: Int, links: Int, targets: Int, values: Int) {
            self.fileName = fileName
            self.plan = plan
            self.results = results
            self.indicators = indicators
            self.links = links
            self.targets = targets
            self.values = values
        }
    }

    public var language: PasanDomain.Language
    public var session: PageSession
    /// The plan edited; `nil` on the import page of a new plan.
    public var plan: DevelopmentPlan?
    /// The plan's size now (outcomes and outputs, indicators, SDG links).
    public var resultCount: Int
    public var indicatorCount: Int
    public var linkCount: Int
    public var refusal: Refusal?
    public var accepted: Accepted?
    /// The reason typed into the upload that was refused.
    public var reason: String
    /// The cycle form's fields as last sent.
    public var cycleFields: [String: String]
    /// The day the cycle form proposes its dates from.
    public var today: LocalDate
    public var minimumNoticeDays: Int
    /// Whether the minimum notice is Pasan's default or the Secretariat's setting.
    public var noticeOrigin: Message

    /// How many problems the page lists (the rest are counted).
    static let shown = 200

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        plan: DevelopmentPlan?,
        resultCount: Int = 0,
        indicatorCount: Int = 0,
        linkCount: Int = 0,
        refusal: Refusal? = nil,
        accepted: Accepted? = nil,
        reason: String = "",
        cycleFields: [String: String] = [:],
        today: LocalDate,
        minimumNoticeDays: Int = PasanDefaults.pasan.minimumNoticeDays,
        noticeOrigin: Message = Message("settings.origin.pasanShort")
    ) {
        self.language = language
        self.session = session
        self.plan = plan
        self.resultCount = resultCount
        self.indicatorCount = indicatorCount
        self.linkCount = linkCount
        self.refusal = refusal
        self.accepted = accepted
        self.reason = reason
        self.cycleFields = cycleFields
        self.today = today
        self.minimumNoticeDays = minimumNoticeDays
        self.noticeOrigin = noticeOrigin
    }

    var path: SitePath {
        SitePath(language: language, page: plan.map { .planEdit($0.code) } ?? .planImport)
    }

    public func render() -> String {
        let l = language
        let title = plan.map { l.t("plans_report.edit.title", ["plan": .localized($0.name)]) } ?? l.t("plans_report.edit.newTitle")
        return Layout(title: title, description: title, path: path).render(
            .div(
                .class("wrap plan-edit"),
                PlanParts.breadcrumbs(plan, [(l.t("plans_report.edit.breadcrumb"), nil)], l),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .unwrap(refusal) { problems($0) },
                .unwrap(accepted) { acceptedSummary($0) },
                .unwrap(plan) { facts($0) },
                uploadForm,
                .unwrap(plan) { cycleForm($0) }
            )
        )
    }

    // MARK: The plan now

    private func facts(_ plan: DevelopmentPlan) -> BodyNode {
        let l = language
        return .section(
            .if(plan.isIllustrative, PlanReportParts.illustrativeNotice(l)),
            .dl(
                .class("facts"),
                .dt(.text(UIText.code.text(l))),
                .dd(.code(.text(plan.code))),
                .dt(.text(UIText.years.text(l))),
                .dd(.text("\(plan.startYear)–\(plan.endYear)")),
                .dt(.text(l.t("plans_report.edit.results"))),
                .dd(.text(Fragments.count(resultCount, l))),
                .dt(.text(UIText.indicators.text(l))),
                .dd(.text(Fragments.count(indicatorCount, l))),
                .dt(.text(l.t("plans_report.edit.links"))),
                .dd(.text(Fragments.count(linkCount, l)))
            ),
            .p(
                .class("actions"),
                .a(
                    .class("button"),
                    .href(SitePath(language: l, page: .planExport(plan.code, "plan.csv")).path),
                    .text(l.t("plans_report.edit.downloadCSV"))
                ),
                .a(
                    .class("button"),
                    .href(SitePath(language: l, page: .planExport(plan.code, "plan.xlsx")).path),
                    .text(l.t("plans_report.edit.downloadXLSX"))
                ),
                .a(.href(SitePath(language: l, page: .planHarmonisation(plan.code)).path), .text(l.t("plans_report.edit.harmonisation"))),
                .a(
                    .href(SitePath(language: l, page: .planReport(plan.code, min(max(today.year - 1, plan.startYear), plan.endYear))).path),
                    .text(l.t("plans_report.edit.report"))
                )
            )
        )
    }

    // MARK: Upload

    private var uploadForm: BodyNode {
        let l = language
        return .section(
            .h2(.text(plan == nil ? l.t("plans_report.edit.uploadNew") : l.t("plans_report.edit.upload"))),
            .p(.text(l.t("plans_report.edit.uploadHelp"))),
            .form(
                .method(.post),
                .action(SitePath(language: l, page: .planImport).path),
                .enctype(.multipartData),
                .class("stack"),
                FormParts.csrf(session.csrfToken),
                .unwrap(plan) { FormParts.input([("type", "hidden"), ("name", "plan"), ("value", $0.code)]) },
                .div(
                    .class("field"),
                    .label(.for("f-plan-file"), .text(l.t("plans_report.edit.file"))),
                    FormParts.input([
                        ("type", "file"), ("name", "file"), ("id", "f-plan-file"),
                        ("accept", ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                        ("required", "required"),
                    ])
                ),
                .div(
                    .class("field"),
                    .label(.for("f-plan-reason"), .text(l.t("plans_report.edit.reason"))),
                    .textarea(.name("reason"), .id("f-plan-reason"), .required(true), .attribute(named: "rows", value: "2"), .text(reason)),
                    .small(.class("hint"), .text(l.t("plans_report.edit.reasonHint")))
                ),
                FormParts.submit(l.t("plans_report.edit.uploadButton"))
            )
        )
    }

    private func problems(_ refusal: Refusal) -> BodyNode {
        let l = language
        let list = refusal.problems
        return FormParts.refusal(
            heading: l.t("plans_report.edit.refused", ["file": .text(refusal.fileName)]),
            intro: l.t("plans_report.edit.refusedIntro", count: list.count),
            columns: [
                l.t("plans_report.problem.place"), l.t("plans_report.problem.column"), l.t("plans_report.problem.found"),
                l.t("plans_report.problem.expected"),
            ],
            rows: list.prefix(Self.shown).map { p in
                .tr(
                    .td(.code(.text(p.line.map { "\(p.file):\($0)" } ?? p.file))),
                    .td(.unwrap(p.column, { .code(.text($0)) }, else: .text("—"))),
                    .td(.unwrap(p.found, { .code(.text($0)) }, else: .text("—"))),
                    .td(.text(p.expected.text(in: l)))
                )
            },
            more: list.count > Self.shown ? l.t("plans_report.edit.moreProblems", count: list.count - Self.shown) : nil
        )
    }

    private func acceptedSummary(_ a: Accepted) -> BodyNode {
        let l = language
        return .section(
            .class("notice ok"),
            .attribute(named: "role", value: "status"),
            .h2(.text(l.t("plans_report.edit.accepted", ["file": .text(a.fileName), "plan": .text(a.plan)]))),
            .dl(
                .class("facts"),
                .dt(.text(l.t("plans_report.edit.results"))),
                .dd(.text(Fragments.count(a.results, l))),
                .dt(.text(UIText.indicators.text(l))),
                .dd(.text(Fragments.count(a.indicators, l))),
                .dt(.text(l.t("plans_report.edit.links"))),
                .dd(.text(Fragments.count(a.links, l))),
                .dt(.text(UIText.targets.text(l))),
                .dd(.text(Fragments.count(a.targets, l))),
                .dt(.text(l.t("plans_report.edit.values"))),
                .dd(.text(Fragments.count(a.values, l)))
            ),
            .p(.a(.href(SitePath(language: l, page: .plan(a.plan)).path), .text(l.t("plans_report.edit.seePlan"))))
        )
    }

    // MARK: Reporting cycle

    /// The fields of the cycle form of `/cycles` (`CyclesPage`), without the indicators: the
    /// cycle asks for the plan's.
    private func cycleForm(_ plan: DevelopmentPlan) -> BodyNode {
        let l = language
        func f(_ name: String, _ label: String, _ proposed: String = "", type: String = "text") -> Node<HTML.FormContext> {
            FormParts.field(label, name: name, value: cycleFields[name] ?? proposed, type: type, required: true)
        }
        let lastYear = min(max(today.year - 1, plan.startYear), plan.endYear)
        return .section(
            .id("cycle"),
            .h2(.text(l.t("plans_report.cycle.heading"))),
            .p(.text(l.t("plans_report.cycle.intro", count: indicatorCount))),
            .form(
                .method(.post),
                .action(SitePath(language: l, page: .planCycle(plan.code)).path),
                .class("stack"),
                FormParts.csrf(session.csrfToken),
                f("name_en", l.t("cycles.new.nameEn")),
                f("name_lo", l.t("cycles.new.nameLo")),
                f("purpose", l.t("cycles.new.purpose"), l.t("plans_report.cycle.purpose", ["plan": .localized(plan.name)])),
                f("years", l.t("cycles.new.years"), String(lastYear)),
                f("request_date", l.t("cycles.new.requestDate"), today.description, type: "date"),
                f("owner_deadline", l.t("cycles.new.ownerDeadline"), today.adding(days: 30).description, type: "date"),
                f("reporter_deadline", l.t("cycles.new.reporterDeadline"), today.adding(days: 45).description, type: "date"),
                f("statistics_deadline", l.t("cycles.new.statisticsDeadline"), today.adding(days: 60).description, type: "date"),
                f("approval_deadline", l.t("cycles.new.approvalDeadline"), today.adding(days: 70).description, type: "date"),
                f("publication_date", l.t("cycles.new.publicationDate"), today.adding(days: 80).description, type: "date"),
                FormParts.field(
                    l.t("cycles.new.minimumNotice"),
                    name: "minimum_notice",
                    value: cycleFields["minimum_notice"] ?? String(minimumNoticeDays),
                    required: true,
                    hint: noticeOrigin.text(in: l)
                ),
                FormParts.submit(l.t("plans_report.cycle.open"))
            )
        )
    }
}
