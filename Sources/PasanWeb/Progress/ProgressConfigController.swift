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
        var errors: [String] = []
        func number(_ name: String) -> Double? {
            guard let text = form.value(name) else { return nil }
            if let v = Double(text), v.isFinite { return v }
            errors.append("\(name): \"\(text)\" — " + (l == .lo ? "ຕ້ອງເປັນຕົວເລກ" : "expected a number"))
            return nil
        }
        let series = form.value("series") ?? ""
        let direction = form.value("direction").flatMap { Int($0) }
        let baseYear = form.value("base_year").flatMap { Int($0) }
        let targetYear = form.value("target_year").flatMap { Int($0) }
        let override = form.value("override").flatMap(ProgressStatus.init(rawValue:))
        if series.isEmpty { errors.append(l == .lo ? "ເລືອກຊຸດຂໍ້ມູນ." : "Choose the series.") }
        if direction != 1 && direction != -1 { errors.append(l == .lo ? "ເລືອກທິດທາງ." : "Choose the direction.") }
        if baseYear == nil || targetYear == nil || (baseYear ?? 0) >= (targetYear ?? 0) {
            errors.append(l == .lo ? "ປີຖານຕ້ອງມາກ່ອນປີຄາດໝາຍ." : "The base year must come before the target year.")
        }
        if override != nil && form.value("justification") == nil {
            errors.append(l == .lo ? "ການກຳນົດດ້ວຍມືຕ້ອງມີເຫດຜົນ." : "A manual override needs its justification.")
        }
        let target = number("target"), limit = number("limit")
        guard errors.isEmpty, let direction, let baseYear, let targetYear else {
            return try await progressPage(request, context, l, errors: errors, fields: form.fields, status: .badRequest)
        }
        let config = ProgressConfiguration(
            indicator: code,
            series: series,
            baseYear: baseYear,
            targetYear: targetYear,
            target: target,
            direction: direction,
            limit: limit,
            overrideStatus: override,
            overrideJustification: form.value("justification"),
            note: form.value("note")
        )
        try await ProgressRepository(database: database).replace(indicator: code, with: [config], change: context.change)
        try await state.reload()
        return Pages.redirect(SitePath.indicator(l, code).path)

    }
}
