import Foundation
import Hummingbird
import PasanDomain
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

    @Sendable func requestTemplate(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (l, cycle, institution) = try await requestContext(context)
        let file = context.parameters.get("file") ?? ""
        guard file.hasSuffix(".csv"), let indicator = state.catalog.indicator(String(file.dropLast(4))),
            let request = try await CycleRepository(database: database).request(cycleID: cycle.id!, institution: institution.code)
        else { throw PortalError.notFound(l) }
        let assignments = request.assignments.filter { $0.indicator == indicator.code }
        let dims = Array(Set(assignments.compactMap(\.disaggregation).flatMap { $0.split(separator: ";").map(String.init) })).filter {
            TidyFormat.dimensions[$0] != nil
        }.sorted()
        let header = TidyFormat.header(dimensions: dims)
        var rows: [[String]] = []
        for a in assignments {
            for s in seriesOf(a) {
                for year in cycle.referenceYears.sorted() {
                    var row = Array(repeating: "", count: header.count)
                    row[0] = String(year); row[1] = s.code; row[2] = s.unit ?? ""
                    row[header.count - 2] = a.geographicLevel == nil || a.geographicLevel == .country ? "LA" : ""
                    rows.append(row)
                }
            }
        }
        return Pages.csv(
            CSVWriter.write(header: header, rows: rows),
            filename: "pasan-\(cycle.id!)-\(institution.code)-\(indicator.code).csv"
        )
    }
}
