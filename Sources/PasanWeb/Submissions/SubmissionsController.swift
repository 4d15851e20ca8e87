import Foundation
import Hummingbird
import PasanDomain
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
        let form = context.form ?? FormData()
        let (cycle, code, indicator) = try await submissionContext(context, l)
        let (header, rows, cells, typed) = gridRows(form)
        return try await validateAndSave(
            request,
            context,
            l,
            cycle: cycle,
            institution: code,
            indicator: indicator,
            header: header,
            rows: rows,
            version: form.value("version").flatMap { Int($0) },
            comment: form.value("comment"),
            gridCells: cells,
            typed: typed
        )

    }

    @Sendable func saveAreaGrid(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let form = context.form ?? FormData()
        let (cycle, code, indicator) = try await submissionContext(context, l)
        let (header, rows, cells, typed) = gridRows(form)
        return try await validateAndSave(
            request,
            context,
            l,
            cycle: cycle,
            institution: code,
            indicator: indicator,
            header: header,
            rows: rows,
            version: form.value("version").flatMap { Int($0) },
            comment: form.value("comment"),
            gridCells: cells,
            typed: typed,
            onlyArea: form.value("area")
        )

    }

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
        }.map { v -> [String] in
            let d = Observation.dimensions(fromKey: v.key.dimensions)
            let breakdowns: [String] = dims.map { d[$0] ?? "" }
            let attributes: [String] = [v.status ?? "", v.comment ?? "", v.source ?? ""]
            let value: String = v.value.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) } ?? ""
            return [v.key.period, v.key.series, v.unit] + breakdowns + attributes + [v.key.area, value]
        }
        return Pages.csv(
            CSVWriter.write(header: TidyFormat.header(dimensions: dims), rows: rows),
            filename: "pasan-\(cycle.id!)-\(code)-\(indicator.code)-r\(submission.revision).csv"
        )

    }

    @Sendable func uploadSubmission(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let form = context.form ?? FormData()
        let (cycle, code, indicator) = try await submissionContext(context, l)
        guard let file = form.files["file"] else {
            return try await submissionPage(
                request,
                context,
                l,
                errors: [l == .lo ? "ເລືອກໄຟລ໌ CSV." : "Choose a CSV file."],
                status: .badRequest
            )
        }
        let issue = { (message: String, messageLo: String) in
            TidyIssue(
                line: 0,
                column: "—",
                value: file.filename,
                expected: LocalizedText(en: message, lo: messageLo, loStatus: .reviewed)
            )
        }
        guard !file.data.isEmpty else {
            return try await submissionPage(
                request,
                context,
                l,
                problems: [issue("a CSV file with a header and rows; this one is empty", "ໄຟລ໌ CSV ທີ່ມີຫົວ ແລະ ແຖວ; ໄຟລ໌ນີ້ຫວ່າງ")],
                status: .badRequest
            )
        }
        guard let text = String(data: file.data, encoding: .utf8) else {
            return try await submissionPage(
                request,
                context,
                l,
                problems: [issue("UTF-8 text (save the file as “CSV UTF-8”)", "ຂໍ້ຄວາມ UTF-8 (ບັນທຶກເປັນ “CSV UTF-8”)")],
                status: .badRequest
            )
        }
        let table: CSVTable
        do throws(DataFileIssue) { table = try CSVTable(text: text, file: file.filename) } catch {
            return try await submissionPage(
                request,
                context,
                l,
                problems: [
                    TidyIssue(
                        line: error.line ?? 0,
                        column: error.column ?? "—",
                        value: file.filename,
                        expected: LocalizedText(en: error.message, lo: error.message, loStatus: .machine)
                    )
                ],
                status: .badRequest
            )
        }
        if table.header.count == 1 && (table.header[0].contains(";") || table.header[0].contains("\t")) {
            return try await submissionPage(
                request,
                context,
                l,
                problems: [
                    issue("columns separated by commas; this file uses semicolons or tabs", "ຖັນແຍກດ້ວຍເຄື່ອງໝາຍຈຸດ (,); ໄຟລ໌ນີ້ໃຊ້ ; ຫຼື tab")
                ],
                status: .badRequest
            )
        }
        return try await validateAndSave(
            request,
            context,
            l,
            cycle: cycle,
            institution: code,
            indicator: indicator,
            header: table.header,
            rows: table.records.map { ($0.line, $0.fields) },
            version: form.value("version").flatMap { Int($0) },
            comment: form.value("comment")
        )

    }

    @Sendable func takeStep(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let (_, code, indicator) = try await submissionContext(context, l)
        guard let step = context.form?.value("step").flatMap(SubmissionStep.init(rawValue:)),
            let id = context.parameters.get("cycle", as: Int64.self),
            let submission = try await SubmissionRepository(database: database).latest(
                cycleID: id,
                institution: code,
                indicator: indicator.code
            )
        else {
            return try await submissionPage(
                request,
                context,
                l,
                errors: [l == .lo ? "ບໍ່ມີຂັ້ນຕອນນີ້." : "No such step."],
                status: .badRequest
            )
        }
        let reporter = try await reporterOf(indicator: indicator.code, owner: code)
        do {
            try await SubmissionRepository(database: database).take(
                step,
                submissionID: submission.id,
                actor: context.actor,
                reporter: reporter,
                officialStatistics: true,
                comment: context.form?.value("comment"),
                cell: context.form?.value("cell"),
                change: context.change
            )
            // A reviewer's or LSB's task closes as soon as their step is done for all the owner's data.
            try await CycleRepository(database: database).closeFinishedTasks(cycleID: id)
            if step == .publish { try await state.reload() }
            return Pages.redirect(SitePath(language: l, page: .submission(id, code, indicator.code)).path + "?ok=created")
        } catch let error as SubmissionError {
            let status: HTTPResponse.Status = if case .notAllowed = error { .forbidden } else { .conflict }
            return try await submissionPage(request, context, l, errors: [error.message.text(in: l)], status: status)
        }

    }

    @Sendable func startCorrection(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let (cycle, code, indicator) = try await submissionContext(context, l)
        guard let reason = context.form?.value("reason"),
            let submission = try await SubmissionRepository(database: database).latest(
                cycleID: cycle.id!,
                institution: code,
                indicator: indicator.code
            )
        else {
            return try await submissionPage(
                request,
                context,
                l,
                errors: [l == .lo ? "ບອກເຫດຜົນຂອງການແກ້ໄຂ." : "Give the reason for the correction."],
                status: .badRequest
            )
        }
        do {
            try await SubmissionRepository(database: database).correct(
                submissionID: submission.id,
                reason: reason,
                change: context.change
            )
            return Pages.redirect(SitePath(language: l, page: .submission(cycle.id!, code, indicator.code)).path + "?ok=created")
        } catch let error as SubmissionError {
            return try await submissionPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
        }

    }
}
