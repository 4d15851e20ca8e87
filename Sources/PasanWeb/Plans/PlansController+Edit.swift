import Foundation
import Hummingbird
import PasanDomain
import PasanExchange
import PasanMessages
import PasanReferenceData
import PasanStorage
import PasanViews

/// Editing plans: the plan file (import), a plan indicator's values and targets, mainstreaming
/// decisions, and a reporting cycle for a plan. Every change is a revision with who, when and why,
/// and an audit entry; the catalog and the cached pages are refreshed after it.
extension PlansController {
    func editPageModel(
        _ document: PlanDocument?,
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        refusal: PlanEditPage.Refusal? = nil,
        accepted: PlanEditPage.Accepted? = nil,
        reason: String = "",
        cycleFields: [String: String] = [:]
    ) -> PlanEditPage {
        PlanEditPage(
            language: l,
            session: context.pageSession(request, l, errors: errors),
            plan: document?.plan,
            resultCount: document?.results.count ?? 0,
            indicatorCount: document?.indicators.count ?? 0,
            linkCount: document?.links.count ?? 0,
            refusal: refusal,
            accepted: accepted,
            reason: reason,
            cycleFields: cycleFields,
            today: today,
            minimumNoticeDays: state.defaults.minimumNoticeDays,
            noticeOrigin: state.defaultOrigin("minimum_notice_days")
        )
    }

    @Sendable func importForm(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        Pages.response(editPageModel(nil, request, context, l).render())
    }

    @Sendable func editPage(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let document = try plan(context, l)
        return Pages.response(editPageModel(document, request, context, l).render())
    }

    /// A plan file (CSV or XLSX): read and checked whole (`PlanUpload`), then saved in one
    /// transaction (`PlanRepository.save`); a refused file changes nothing and lists every problem.
    @Sendable func importPlan(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let form = context.form ?? FormData()
        guard case .success(let upload) = PlanImportForm.decode(form) else {
            return Pages.response(
                editPageModel(nil, request, context, l, errors: [Message("plans_web.form.chooseFile").text(in: l)]).render(),
                status: .badRequest
            )
        }
        let catalog = state.catalog
        switch PlanUpload.read(upload.file.data, filename: upload.file.filename, catalog: catalog) {
        case .failure(let failure):
            let existing = PlanUpload.planCode(of: upload.file.data, filename: upload.file.filename).flatMap(catalog.planDocument)
            let refusal = PlanEditPage.Refusal(
                fileName: failure.file,
                problems: failure.problems.map { PlanEditPage.Problem($0, file: failure.file) }
            )
            return Pages.response(
                editPageModel(existing, request, context, l, refusal: refusal, reason: upload.reason).render(),
                status: .unprocessableContent
            )
        case .success(let read):
            let reason =
                upload.reason.isEmpty
                ? Message("plans_web.import.defaultReason", ["file": .text(upload.file.filename)]).text(in: .en) : upload.reason
            let summary = try await PlanRepository(database: database).save(
                read.document,
                actor: context.change,
                reason: reason,
                seriesOf: catalog.series(ofIndicator:)
            )
            try await state.reload()
            let accepted = PlanEditPage.Accepted(
                fileName: upload.file.filename,
                plan: read.document.plan.code,
                results: summary.resultsAdded + summary.resultsChanged,
                indicators: summary.indicatorsAdded + summary.indicatorsChanged,
                links: summary.linkSetsChanged,
                targets: summary.targetsAdded + summary.targetsRevised + summary.targetsRemoved,
                values: summary.valuesAdded + summary.valuesChanged + summary.sdgValuesAdded + summary.sdgValuesChanged
            )
            return Pages.response(
                editPageModel(state.catalog.planDocument(read.document.plan.code), request, context, l, accepted: accepted).render()
            )
        }
    }

    func indicator(_ document: PlanDocument, _ context: AppRequestContext, _ l: Language) throws -> PlanIndicator {
        guard let code = context.parameters.get("indicator"), let indicator = document.indicators.first(where: { $0.code == code }) else {
            throw PortalError.notFound(l)
        }
        return indicator
    }

    /// A value of a plan indicator: for one "same" as an SDG series, the series' published value
    /// (with its history); otherwise a new revision of the plan's own value.
    @Sendable func recordValue(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let document = try plan(context, l)
        let indicator = try indicator(document, context, l)
        let form = context.form ?? FormData()
        switch PlanValueForm.decode(form, plan: document.plan) {
        case .failure(let problems):
            return try await refusedIndicatorPage(document, indicator, request, context, l, problems: problems, fields: form.fields)
        case .success(let value):
            _ = try await PlanRepository(database: database).recordValue(
                plan: document.plan.code,
                indicator: indicator.code,
                year: value.year,
                value: value.value,
                source: value.source,
                actor: context.change,
                reason: value.reason,
                seriesOf: state.catalog.series(ofIndicator:)
            )
            try await state.reload()
            return Pages.redirect(SitePath(language: l, page: .planIndicator(document.plan.code, indicator.code)).path + "?ok=created")
        }
    }

    /// A target set, revised (the earlier revision stays visible) or removed.
    @Sendable func setTarget(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let document = try plan(context, l)
        let indicator = try indicator(document, context, l)
        let form = context.form ?? FormData()
        switch PlanTargetForm.decode(form, plan: document.plan) {
        case .failure(let problems):
            return try await refusedIndicatorPage(document, indicator, request, context, l, problems: problems, fields: form.fields)
        case .success(let target):
            let repository = PlanRepository(database: database)
            if target.remove {
                _ = try await repository.removeTarget(
                    plan: document.plan.code,
                    indicator: indicator.code,
                    year: target.target.year,
                    kind: target.target.kind,
                    actor: context.change,
                    reason: target.reason
                )
            } else {
                _ = try await repository.setTarget(
                    plan: document.plan.code,
                    indicator: indicator.code,
                    target: target.target,
                    actor: context.change,
                    reason: target.reason
                )
            }
            try await state.reload()
            return Pages.redirect(SitePath(language: l, page: .planIndicator(document.plan.code, indicator.code)).path + "?ok=created")
        }
    }

    /// The indicator itself edited as its row of the plan file: the form's columns over the stored
    /// row, read and checked exactly as a one-indicator file is (`PlanUpload`), then saved.
    @Sendable func editIndicator(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let document = try plan(context, l)
        let indicator = try indicator(document, context, l)
        let form = context.form ?? FormData()
        guard let reason = form.value("reason") else {
            return try await refusedIndicatorPage(
                document,
                indicator,
                request,
                context,
                l,
                problems: FormProblems([Message("plans_web.form.reason")]),
                fields: form.fields
            )
        }
        var row = PlanRendering.row(of: indicator, in: document)
        let stored = row
        for column in PlanRendering.editableColumns { row[column] = form.value(column) ?? "" }
        if row["title_lo"] != stored["title_lo"] || row["definition_lo"] != stored["definition_lo"] {
            row["lo_status"] = TranslationStatus.unreviewed.rawValue  // a person's Lao, not yet reviewed
        }
        let planRow = PlanFile.rows(PlanDocument(plan: document.plan)).first ?? []
        let csv = CSVWriter.write(header: PlanFile.columns, rows: [planRow, PlanFile.columns.map { row[$0] ?? "" }])
        switch PlanUpload.read(Data(csv.utf8), filename: indicator.code, catalog: state.catalog) {
        case .failure(let failure):
            let problems = failure.problems.map { problem in
                Message(
                    "plans_views.edit.problem",
                    ["column": .text(problem.column ?? "—"), "problem": .message(problem.message)]
                )
            }
            return try await refusedIndicatorPage(
                document,
                indicator,
                request,
                context,
                l,
                problems: FormProblems(problems),
                fields: form.fields
            )
        case .success(let read):
            try await PlanRepository(database: database).save(
                read.document,
                actor: context.change,
                reason: reason,
                seriesOf: state.catalog.series(ofIndicator:)
            )
            try await state.reload()
            return Pages.redirect(SitePath(language: l, page: .planIndicator(document.plan.code, indicator.code)).path + "?ok=created")
        }
    }

    func refusedIndicatorPage(
        _ document: PlanDocument,
        _ indicator: PlanIndicator,
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        problems: FormProblems,
        fields: [String: String]
    ) async throws -> Response {
        let page = try await indicatorPageModel(
            document,
            indicator.code,
            l,
            editor: true,
            session: context.pageSession(request, l, errors: problems.texts(in: l)),
            fields: fields
        )
        return Pages.response(page.render(), status: .badRequest)
    }

    /// A mainstreaming decision: a new revision; the earlier decisions stay in its history.
    @Sendable func decide(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let document = try plan(context, l)
        let form = context.form ?? FormData()
        switch MainstreamingForm.decode(form, catalog: state.catalog) {
        case .failure(let problems):
            let page = try await harmonisationPageModel(
                document,
                l,
                editor: true,
                session: context.pageSession(request, l, errors: problems.texts(in: l)),
                fields: form.fields
            )
            return Pages.response(page.render(), status: .badRequest)
        case .success(let decision):
            _ = try await PlanRepository(database: database).decide(
                plan: document.plan.code,
                sdgIndicator: decision.sdgIndicator,
                choice: decision.choice,
                reason: decision.reason,
                actor: context.change
            )
            await state.invalidate()
            return Pages.redirect(SitePath(language: l, page: .planHarmonisation(document.plan.code)).path + "?ok=created")
        }
    }

    /// A reporting cycle for the plan: a draft cycle like any other (the Secretariat opens it on
    /// its page), asking for the SDG indicators the plan's indicators are linked to — the cells
    /// whose values the plan uses ("same" links) or reads beside its own (adapted, proxy).
    @Sendable func openCycle(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let document = try plan(context, l)
        var form = context.form ?? FormData()
        let linked = PlanRendering.cycleIndicators(document)
        guard !linked.isEmpty else {
            return Pages.response(
                editPageModel(
                    document,
                    request,
                    context,
                    l,
                    errors: [Message("plans_web.cycle.noLinks").text(in: l)],
                    cycleFields: form.fields
                ).render(),
                status: .badRequest
            )
        }
        form.fields["indicators"] = linked.joined(separator: ",")
        let decoded = NewCycleForm.decode(form, defaults: state.defaults, isKnownIndicator: { state.catalog.indicator($0) != nil })
        var problems = decoded.problems(in: l)
        do {
            guard case .success(var accepted) = decoded else { throw CycleError.invalid([]) }
            accepted.cycle.plan = document.plan.code
            if accepted.cycle.purpose.isEmpty {
                accepted.cycle.purpose = Message("plans_web.cycle.purpose", ["plan": .text(document.plan.name.en)]).text(in: .en)
            }
            let saved = try await CycleRepository(database: database).create(accepted.cycle, change: context.change)
            return Pages.redirect(SitePath(language: l, page: .cycle(saved.id!)).path + "?ok=created")
        } catch let error as CycleError {
            if case .invalid(let list) = error { problems += list.map { $0.text(in: l) } }
            return Pages.response(
                editPageModel(document, request, context, l, errors: problems, cycleFields: form.fields).render(),
                status: .badRequest
            )
        }
    }
}

extension PlanRendering {
    /// The columns of an indicator's row that its edit form sends (targets and values have forms
    /// of their own).
    static let editableColumns = [
        "title_en", "title_lo", "definition_en", "definition_lo", "unit", "direction", "baseline_year", "baseline_value",
        "responsible", "data_source", "sdg_links",
    ]

    /// The SDG indicators a plan's reporting cycle asks for, in framework order.
    static func cycleIndicators(_ document: PlanDocument) -> [String] {
        Set(document.links.filter { $0.relation != .additional }.map(\.sdgIndicator)).sorted(by: FrameworkCode.areInIncreasingOrder)
    }
}
