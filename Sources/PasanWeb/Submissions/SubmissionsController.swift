import Foundation
import Hummingbird
import PasanDomain
import PasanMessages
import PasanReferenceData
import PasanStorage
import PasanViews

/// The owners' data entry (grid and CSV upload, validated the same way), the area focal points'
/// part, the export, the review steps and corrections.
struct SubmissionsController: PortalFeature {
    let state: PortalState

    func register(_ secure: SecureRoutes) {
        let institution: SecureRoutes.ResourceOf = { _, context in .institution((context.parameters.get("institution") ?? "").uppercased())
        }
        let submission: SecureRoutes.ResourceOf = { _, context in .submission(try await submissionScope(context)) }
        secure.get(SitePath.Pattern.submission, .viewSubmission, resource: submission, use: submissionView)
        secure.post(SitePath.Pattern.submissionSave, .submitData, resource: institution, use: saveGrid)
        let namedArea = SecureRoutes.FormResource(field: "area") { .area($0.isEmpty ? "-" : $0) }
        secure.post(SitePath.Pattern.submissionAreaSave, .submitAreaData, formResource: namedArea, use: saveAreaGrid)
        secure.get(SitePath.Pattern.submissionExport, .viewSubmission, resource: submission, use: exportSubmission)
        secure.get(SitePath.Pattern.submissionExportWorkbook, .viewSubmission, resource: submission, use: exportSubmission)
        secure.post(SitePath.Pattern.submissionUpload, .submitData, resource: institution, body: .upload, use: uploadSubmission)
        secure.post(SitePath.Pattern.submissionStep, .reviewSubmission, resource: institution, use: takeStep)
        secure.post(SitePath.Pattern.submissionCorrect, .submitData, resource: institution, use: startCorrection)
    }
}

// MARK: - Handlers

extension SubmissionsController {
    @Sendable func submissionView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await submissionPage(request, context, l)
    }

    @Sendable func saveGrid(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let (cycle, code, indicator) = try await submissionContext(context, l)
        let grid = SubmissionGridForm(context.form ?? FormData())
        return try await validateAndSave(request, context, l, cycle: cycle, institution: code, indicator: indicator, grid: grid)
    }

    @Sendable func saveAreaGrid(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let (cycle, code, indicator) = try await submissionContext(context, l)
        let grid = SubmissionGridForm(context.form ?? FormData())
        return try await validateAndSave(
            request,
            context,
            l,
            cycle: cycle,
            institution: code,
            indicator: indicator,
            grid: grid,
            onlyArea: grid.area
        )
    }

    /// The submission's latest values as tidy CSV or XLSX (by the address's extension); the
    /// workbook's sheet is named by the indicator, so it can be uploaded again as it is.
    @Sendable func exportSubmission(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let (cycle, code, indicator) = try await submissionContext(context, l)
        let repository = SubmissionRepository(database: database)
        guard let submission = try await repository.latest(cycleID: cycle.id!, institution: code, indicator: indicator.code) else {
            throw PortalError.notFound(l)
        }
        let dims = TidyFormat.dimensions.keys.sorted()
        // A subnational focal point (not the owner) gets the values of its own areas only.
        let areaScope = areaScope(of: context.actor, owner: code)
        let rows = try await repository.values(submissionID: submission.id).filter { v in
            areaScope.map { v.key.area.hasPrefix($0) } ?? true
        }.map { v -> [TableDownload.Value] in
            let d = Observation.dimensions(fromKey: v.key.dimensions)
            let breakdowns: [TableDownload.Value] = dims.map { d[$0].map(TableDownload.Value.text) ?? .empty }
            let attributes: [TableDownload.Value] = [v.status, v.comment, v.source].map { $0.map(TableDownload.Value.text) ?? .empty }
            return [.numberOrText(v.key.period), .text(v.key.series), .text(v.unit)] + breakdowns + attributes
                + [.text(v.key.area), v.value.map(TableDownload.Value.number) ?? .empty]
        }
        let table = TableDownload(
            header: TidyFormat.header(dimensions: dims),
            rows: rows,
            filename: "pasan-\(cycle.id!)-\(code)-\(indicator.code)-r\(submission.revision)",
            sheet: indicator.code,
            title: "Pasan — \(code) \(indicator.code)"
        )
        return try Pages.download(table, for: request)
    }

    @Sendable func uploadSubmission(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let (cycle, code, indicator) = try await submissionContext(context, l)
        switch SubmissionUploadForm.decode(context.form ?? FormData(), indicator: indicator.code) {
        case .failure(.noFile):
            let message = l.t("submissions.upload.chooseFile")
            return try await submissionPage(request, context, l, errors: [message], status: .badRequest)
        case .failure(.unreadable(let problems)):
            return try await submissionPage(request, context, l, problems: problems, status: .badRequest)
        case .success(let upload):
            return try await validateAndSave(
                request,
                context,
                l,
                cycle: cycle,
                institution: code,
                indicator: indicator,
                header: upload.header,
                rows: upload.rows,
                version: upload.version,
                comment: upload.comment,
                locate: upload.locate
            )
        }
    }

    @Sendable func takeStep(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let (_, code, indicator) = try await submissionContext(context, l)
        let repository = SubmissionRepository(database: database)
        guard case .success(let form) = StepForm.decode(context.form ?? FormData()),
            let id = context.parameters.get("cycle", as: Int64.self),
            let submission = try await repository.latest(cycleID: id, institution: code, indicator: indicator.code)
        else {
            return try await submissionPage(request, context, l, errors: [StepForm.noSuchStep.text(in: l)], status: .badRequest)
        }
        do {
            try await repository.take(
                form.step,
                submissionID: submission.id,
                actor: context.actor,
                reporter: try await reporterOf(indicator: indicator.code, owner: code),
                officialStatistics: true,
                comment: form.comment,
                cell: form.cell,
                change: context.change
            )
            // A reviewer's or LSB's task closes as soon as their step is done for all the owner's data.
            try await CycleRepository(database: database).closeFinishedTasks(cycleID: id)
            if form.step == .publish { try await state.reload() }
            return Pages.redirect(SitePath(language: l, page: .submission(id, code, indicator.code)).path + "?ok=created")
        } catch let error as SubmissionError {
            let status: HTTPResponse.Status = if case .notAllowed = error { .forbidden } else { .conflict }
            return try await submissionPage(request, context, l, errors: [error.message.text(in: l)], status: status)
        }
    }

    @Sendable func startCorrection(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let (cycle, code, indicator) = try await submissionContext(context, l)
        let repository = SubmissionRepository(database: database)
        guard case .success(let form) = CorrectionForm.decode(context.form ?? FormData()),
            let submission = try await repository.latest(cycleID: cycle.id!, institution: code, indicator: indicator.code)
        else {
            return try await submissionPage(request, context, l, errors: [CorrectionForm.needsReason.text(in: l)], status: .badRequest)
        }
        do {
            try await repository.correct(submissionID: submission.id, reason: form.reason, change: context.change)
            return Pages.redirect(SitePath(language: l, page: .submission(cycle.id!, code, indicator.code)).path + "?ok=created")
        } catch let error as SubmissionError {
            return try await submissionPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
        }
    }
}
