import Foundation
import Hummingbird
import PasanDomain
import PasanExchange
import PasanMessages
import PasanReferenceData
import PasanStorage
import PasanViews

/// The public data requests to each owner (a bilingual letter) and their CSV templates.
struct RequestsController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SitePath.Pattern.request), use: requestLetter)
        router.get(RouterPath(SitePath.Pattern.template), use: requestTemplate)
        router.get(RouterPath(SitePath.Pattern.requestWorkbook), use: requestWorkbook)
    }

    func requestContext(_ context: AppRequestContext) async throws -> (Language, ReportingCycle, Institution) {
        let l = Language(rawValue: context.parameters.get("lang") ?? "") ?? state.defaultLanguage
        guard let id = context.parameters.get("cycle", as: Int64.self),
            let cycle = try await CycleRepository(database: database).cycle(id: id), cycle.status != .draft,
            let institution = state.catalog.institution((context.parameters.get("institution") ?? "").uppercased())
        else { throw PortalError.notFound(l) }
        return (l, cycle, institution)
    }
}

// MARK: - Templates

extension RequestsController {
    /// What the owner is asked to fill for `indicator`: the cells of its data-entry grid for each
    /// year of the cycle, with the values published for earlier years as reference.
    func submissionTemplate(_ assignments: [Assignment], indicator: Indicator, cycle: ReportingCycle) async throws -> SubmissionTemplate {
        SubmissionTemplate.make(
            indicator: indicator.code,
            assignments: assignments.filter { $0.indicator == indicator.code }.map { ($0, seriesOf($0)) },
            referenceYears: cycle.referenceYears,
            areaLevels: state.areas,
            published: try await ObservationRepository(database: database).observations(indicator: indicator.code)
        )
    }
}

// MARK: - Handlers

extension RequestsController {
    @Sendable func requestLetter(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (l, cycle, institution) = try await requestContext(context)
        guard let request = try await CycleRepository(database: database).request(cycleID: cycle.id!, institution: institution.code)
        else { throw PortalError.notFound(l) }
        let catalog = state.catalog
        let items = request.assignments.compactMap { a in
            catalog.indicator(a.indicator).map { (assignment: a, indicator: $0, series: seriesOf(a)) }
        }
        var contacts = [l.t("cycles.request.secretariatContact")]
        let reporters = Set(request.assignments.compactMap(\.reporter))
        for term in try await FocalPointRepository(database: database).terms()
        where term.endedOn == nil && reporters.contains(term.institution) && term.role == .reporter {
            contacts.append(l.t("cycles.request.reporterContact", ["name": .text(term.userName), "institution": .text(term.institution)]))
        }
        return Pages.response(
            DataRequestPage(language: l, cycle: cycle, institution: institution, items: items, contacts: contacts).render()
        )
    }

    /// One indicator's template: `<code>.csv` or `<code>.xlsx`.
    @Sendable func requestTemplate(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (l, cycle, institution) = try await requestContext(context)
        let file = context.parameters.get("file") ?? ""
        let format = file.hasSuffix(".csv") ? "csv" : file.hasSuffix(".xlsx") ? "xlsx" : ""
        guard !format.isEmpty, let indicator = state.catalog.indicator(String(file.dropLast(format.count + 1))),
            let request = try await CycleRepository(database: database).request(cycleID: cycle.id!, institution: institution.code),
            request.assignments.contains(where: { $0.indicator == indicator.code })
        else { throw PortalError.notFound(l) }
        let template = try await submissionTemplate(request.assignments, indicator: indicator, cycle: cycle)
        let name = "pasan-\(cycle.id!)-\(institution.code)-\(indicator.code)"
        if format == "xlsx" { return try workbook([template], cycle: cycle, institution: institution, filename: name + ".xlsx") }
        return Pages.csv(CSVWriter.write(header: template.header, rows: template.rows), filename: name + ".csv")
    }

    /// The whole request's template: a sheet per indicator.
    @Sendable func requestWorkbook(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (l, cycle, institution) = try await requestContext(context)
        guard let request = try await CycleRepository(database: database).request(cycleID: cycle.id!, institution: institution.code)
        else { throw PortalError.notFound(l) }
        var templates: [SubmissionTemplate] = []
        for code in Array(Set(request.assignments.map(\.indicator))).sorted(by: FrameworkCode.areInIncreasingOrder) {
            guard let indicator = state.catalog.indicator(code) else { continue }
            templates.append(try await submissionTemplate(request.assignments, indicator: indicator, cycle: cycle))
        }
        return try workbook(templates, cycle: cycle, institution: institution, filename: "pasan-\(cycle.id!)-\(institution.code).xlsx")
    }

    func workbook(_ templates: [SubmissionTemplate], cycle: ReportingCycle, institution: Institution, filename: String) throws -> Response {
        let messages = MessageCatalogue.current
        let book = SubmissionWorkbook.workbook(
            templates,
            title: "\(cycle.name.en) — \(institution.code)",
            text: { messages.localized($0) }
        )
        return Pages.xlsx(try XLSXWriter.data(book), filename: filename)
    }
}
