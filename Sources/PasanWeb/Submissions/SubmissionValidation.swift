import Foundation
import Hummingbird
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanViews

/// Grid rows and uploads go through the same tidy validation, then are saved all or nothing.
extension SubmissionsController {
    /// Validates tidy rows (from the grid or a file) and saves them all, or nothing.
    /// The grid's rows through the same validation, errors located by cell.
    func validateAndSave(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        cycle: ReportingCycle,
        institution: String,
        indicator: Indicator,
        grid: SubmissionGridForm,
        onlyArea: String? = nil
    ) async throws -> Response {
        try await validateAndSave(
            request,
            context,
            l,
            cycle: cycle,
            institution: institution,
            indicator: indicator,
            header: grid.header,
            rows: grid.rows,
            version: grid.version,
            comment: grid.comment,
            gridCells: grid.cells,
            typed: grid.typed,
            onlyArea: onlyArea
        )
    }

    func validateAndSave(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        cycle: ReportingCycle,
        institution: String,
        indicator: Indicator,
        header: [String],
        rows: [(line: Int, fields: [String])],
        version: Int?,
        comment: String?,
        gridCells: [Int: String]? = nil,
        typed: [String: String] = [:],
        onlyArea: String? = nil,
        locate: (@Sendable (TidyIssue) -> TidyIssue)? = nil
    ) async throws -> Response {
        // Grid errors are located by cell (series · place · breakdown · year), a workbook's by
        // sheet and cell (`3.1.2!D14`), a CSV file's by line.
        func located(_ issues: [TidyIssue]) -> [TidyIssue] {
            if let locate { return issues.map(locate) }
            guard let gridCells else { return issues }
            return issues.map { issue in
                var issue = issue
                if let cell = gridCells[issue.line] { issue.column = cell + " (\(issue.column))"; issue.line = 0 }
                return issue
            }
        }
        switch try await saveTidyRows(
            cycle: cycle,
            institution: institution,
            indicator: indicator,
            header: header,
            rows: rows,
            version: version,
            comment: comment,
            onlyArea: onlyArea,
            change: context.change
        ) {
        case .deadlinePassed(let deadline):
            return try await submissionPage(
                request,
                context,
                l,
                errors: [SubmissionError.deadlinePassed(deadline).message.text(in: l)],
                status: .conflict
            )
        case .refused(let result):
            return try await submissionPage(
                request,
                context,
                l,
                problems: located(result.errors),
                warnings: located(result.warnings),
                typed: typed,
                status: .badRequest
            )
        case .needsComment(let result):
            return try await submissionPage(
                request,
                context,
                l,
                errors: [SubmissionError.needsComment.message.text(in: l)],
                warnings: located(result.warnings),
                typed: typed,
                status: .badRequest
            )
        case .conflict(let error, _):
            return try await submissionPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
        case .saved:
            return Pages.redirect(SitePath(language: l, page: .submission(cycle.id!, institution, indicator.code)).path + "?ok=created")
        }
    }
}

/// What became of tidy rows given to `saveTidyRows`: nothing written (the cycle no longer takes
/// the owner's data, the rows have errors, warnings came without a comment, or the save was
/// refused: a stale version, a locked submission, a cell another institution took meanwhile),
/// or saved. The validation's result comes with every answer that validated.
enum TidySaveOutcome: Sendable {
    case deadlinePassed(LocalDate)
    case refused(TidyResult)
    case needsComment(TidyResult)
    case conflict(SubmissionError, TidyResult)
    case saved(Submission, TidyResult)
}

/// The one path of tidy rows into a submission — the grid, an uploaded file, the machine API:
/// the cycle's deadline, `TidyValidator` against the owner's cells and those other institutions
/// hold (one point of reporting), the warnings' comment, then `SubmissionRepository.save` with
/// its optimistic lock, all or nothing.
extension PortalFeature {
    func saveTidyRows(
        cycle: ReportingCycle,
        institution: String,
        indicator: Indicator,
        header: [String],
        rows: [(line: Int, fields: [String])],
        version: Int?,
        comment: String?,
        onlyArea: String? = nil,
        change: ChangeContext
    ) async throws -> TidySaveOutcome {
        guard cycle.acceptsSubmissions(from: institution, on: today) else {
            return .deadlinePassed(cycle.ownerDeadline(for: institution))
        }
        let tidyContext = try await tidyContext(cycle: cycle, institution: institution, indicator: indicator)
        var result = TidyValidator.validate(header: header, rows: rows, context: tidyContext)
        if onlyArea != nil { result.warnings.removeAll { $0.line == 0 } }  // missing years concern the owner, not one area
        guard result.errors.isEmpty else { return .refused(result) }
        if !result.warnings.isEmpty && (comment ?? "").isEmpty { return .needsComment(result) }
        do {
            let saved = try await SubmissionRepository(database: database).save(
                cycleID: cycle.id!,
                institution: institution,
                indicator: indicator.code,
                values: result.values,
                basedOn: version,
                warningsComment: comment,
                onlyArea: onlyArea,
                change: change
            )
            return .saved(saved, result)
        } catch let error as SubmissionError {
            return .conflict(error, result)
        }
    }

    func tidyContext(cycle: ReportingCycle, institution: String, indicator: Indicator) async throws -> TidyContext {
        let catalog = state.catalog
        let assignments = try await AssignmentRepository(database: database).all()
            .filter { $0.indicator == indicator.code && $0.owners.contains(institution) && $0.isCurrent(on: cycle.schedule.requestDate) }
        let series = Dictionary(catalog.series(ofIndicator: indicator.code).map { ($0.code, $0.unit) }, uniquingKeysWith: { a, _ in a })
        let others = try await SubmissionRepository(database: database).cellsOwnedByOthers(
            cycleID: cycle.id!,
            indicator: indicator.code,
            institution: institution
        )
        var history: [String: [String: Double]] = [:]
        for o in try await ObservationRepository(database: database).observations(indicator: indicator.code) {
            history[
                TidyContext.historyKey(
                    CellKey(indicator: o.indicator, series: o.series, area: o.area, period: o.period, dimensions: o.dimensionKey)
                ),
                default: [:]
            ][o.period] = o.value
        }
        let areas = state.areas
        return TidyContext(
            indicator: indicator.code,
            institution: institution,
            series: series,
            referenceYears: Set(cycle.referenceYears),
            knownAreas: Set(areas.keys),
            cellsOwnedByOthers: others,
            ownedScopes: assignments.map { (series: $0.series, level: $0.geographicLevel) },
            areaLevel: { areas[$0] },
            history: history
        )
    }
}
