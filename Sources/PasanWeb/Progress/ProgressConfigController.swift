import Foundation
import Hummingbird
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanViews

/// How an indicator's progress is measured (series, direction, years, target, override), set
/// by the Secretariat and LSB; saving recomputes progress.
struct ProgressConfigController: PortalFeature {
    let state: PortalState

    func register(_ secure: SecureRoutes) {
        secure.get(SitePath.Pattern.progressConfig, .configureProgress, use: progressConfigPage)
        secure.post(SitePath.Pattern.progressConfig, .configureProgress, use: saveProgressConfig)
    }

    func progressPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        fields: [String: String] = [:],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let code = context.parameters.get("code"), let indicator = state.catalog.indicator(code) else {
            throw PortalError.notFound(l)
        }
        let observed = Set(try await ObservationRepository(database: database).observations(indicator: code).map(\.series))
        let series = Array(observed.union(state.catalog.series(ofIndicator: code).map(\.code))).sorted()
        let current = try await ProgressRepository(database: database).configurations().first { $0.indicator == code }
        return Pages.response(
            ProgressConfigPage(
                language: l,
                session: context.pageSession(request, l, errors: errors),
                indicator: indicator,
                series: series,
                current: current,
                fields: fields
            ).render(),
            status: status
        )
    }
}

// MARK: - Handlers

extension ProgressConfigController {
    @Sendable func progressConfigPage(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await progressPage(request, context, l)
    }

    @Sendable func saveProgressConfig(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        guard let code = context.parameters.get("code"), state.catalog.indicator(code) != nil else { throw PortalError.notFound(l) }
        let form = context.form ?? FormData()
        switch ProgressConfigForm.decode(form, indicator: code) {
        case .failure(let problems):
            return try await progressPage(request, context, l, errors: problems.texts(in: l), fields: form.fields, status: .badRequest)
        case .success(let decoded):
            try await ProgressRepository(database: database).replace(indicator: code, with: [decoded.configuration], change: context.change)
            try await state.reload()
            return Pages.redirect(SitePath.indicator(l, code).path)
        }
    }
}
