import Foundation
import Hummingbird
import PasanDomain
import PasanMessages
import PasanReferenceData
import PasanStorage
import PasanViews

/// Who owns, reports and contributes to each indicator: the list, import and export (CSV or
/// XLSX), and the form for one assignment.
struct AssignmentsController: PortalFeature {
    let state: PortalState

    func register(_ secure: SecureRoutes) {
        secure.get(SitePath.Pattern.assignments, .exportAssignments, use: listAssignments)
        secure.get(SitePath.Pattern.assignmentsExport, .exportAssignments, use: exportAssignments)
        secure.get(SitePath.Pattern.assignmentsExportWorkbook, .exportAssignments, use: exportAssignments)
        secure.post(SitePath.Pattern.assignmentsImport, .editAssignments, body: .upload, use: importAssignments)
        secure.get(SitePath.Pattern.assignmentNew, .editAssignments, use: newAssignmentForm)
        secure.post(SitePath.Pattern.assignmentNew, .editAssignments, use: createAssignment)
        secure.get(SitePath.Pattern.assignment, .editAssignments, use: editAssignmentForm)
        secure.post(SitePath.Pattern.assignment, .editAssignments, use: updateAssignment)
    }

    func saveAssignment(_ request: Request, _ context: AppRequestContext, _ l: Language, id: Int64?) async throws -> Response {
        let form = context.form ?? FormData()
        let decoded = AssignmentForm.decode(form, catalog: state.catalog)
        guard case .success(var assignment) = decoded.map(\.assignment) else {
            let existing = try await id.asyncMap { try await AssignmentRepository(database: database).assignment(id: $0) }
            return Pages.response(
                AssignmentFormPage(
                    language: l,
                    session: context.pageSession(request, l),
                    assignment: existing,
                    fields: form.fields,
                    problems: decoded.problems(in: l)
                ).render(),
                status: .badRequest
            )
        }
        let repository = AssignmentRepository(database: database)
        if let id {
            assignment.id = id
            try await repository.update(assignment, change: context.change)
        } else {
            try await repository.create(assignment, change: context.change)
        }
        await state.invalidate()
        return Pages.redirect(SitePath(language: l, page: .assignments).path + "?ok=created")
    }

    /// The assignments of an uploaded CSV or XLSX file, or every problem of the file (a workbook's
    /// located at its sheet and cell, in the column's place).
    func parseImport(_ file: FormData.File, _ l: Language) -> ([Assignment], [AssignmentsPage.ImportProblem]) {
        let (assignments, problems) = AssignmentFile.read(file.data, file: file.filename, catalog: state.catalog)
        return (
            assignments,
            problems.map {
                .init(line: $0.line ?? 0, column: $0.location ?? "—", value: $0.found ?? "", expected: $0.expected.text(in: l))
            }
        )
    }

    func assignmentsPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        problems: [AssignmentsPage.ImportProblem] = [],
        file: String? = nil
    ) async throws -> Response {
        Pages.response(
            AssignmentsPage(
                language: l,
                session: context.pageSession(request, l, errors: errors),
                assignments: try await AssignmentRepository(database: database).all(),
                importProblems: problems,
                importFile: file
            ).render(),
            status: errors.isEmpty && problems.isEmpty ? .ok : .badRequest
        )
    }
}

// MARK: - Handlers

extension AssignmentsController {
    @Sendable func listAssignments(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        Pages.response(
            AssignmentsPage(
                language: l,
                session: context.pageSession(request, l),
                assignments: try await AssignmentRepository(database: database).all()
            ).render()
        )
    }

    /// Every assignment as CSV or XLSX (by the address's extension), in the columns the import
    /// takes.
    @Sendable func exportAssignments(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try Pages.download(AssignmentFile.table(try await AssignmentRepository(database: database).all()), for: request)
    }

    @Sendable func importAssignments(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let decoded = AssignmentImportForm.decode(context.form ?? FormData())
        guard case .success(let form) = decoded else {
            return try await assignmentsPage(request, context, l, errors: decoded.problems(in: l))
        }
        let (assignments, problems) = parseImport(form.file, l)
        guard problems.isEmpty else {
            return try await assignmentsPage(request, context, l, problems: problems, file: form.file.filename)
        }
        _ = try await AssignmentRepository(database: database).importAll(assignments, change: context.change)
        await state.invalidate()
        return Pages.redirect(SitePath(language: l, page: .assignments).path + "?ok=imported")
    }

    @Sendable func newAssignmentForm(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        Pages.response(AssignmentFormPage(language: l, session: context.pageSession(request, l), assignment: nil).render())
    }

    @Sendable func createAssignment(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await saveAssignment(request, context, l, id: nil)
    }

    @Sendable func editAssignmentForm(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        guard let id = context.parameters.get("assignment", as: Int64.self),
            let assignment = try await AssignmentRepository(database: database).assignment(id: id)
        else { throw PortalError.notFound(l) }
        return Pages.response(
            AssignmentFormPage(language: l, session: context.pageSession(request, l), assignment: assignment).render()
        )
    }

    @Sendable func updateAssignment(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        guard let id = context.parameters.get("assignment", as: Int64.self),
            try await AssignmentRepository(database: database).assignment(id: id) != nil
        else { throw PortalError.notFound(l) }
        return try await saveAssignment(request, context, l, id: id)
    }
}
