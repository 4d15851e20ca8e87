import Foundation
import Hummingbird
import PasanDomain
import PasanMessages
import PasanReferenceData
import PasanStorage
import PasanViews

/// The Secretariat's oversight: the gap and conflict analysis (page, CSV and XLSX), the audit log and
/// the outbox.
struct OversightController: PortalFeature {
    let state: PortalState

    func register(_ secure: SecureRoutes) {
        secure.get(SitePath.Pattern.gaps, .viewGapAnalysis, use: gapsView)
        secure.get(SitePath.Pattern.gapsCSV, .viewGapAnalysis, use: gapsDownload)
        secure.get(SitePath.Pattern.gapsWorkbook, .viewGapAnalysis, use: gapsDownload)
        secure.get(SitePath.Pattern.audit, .viewAuditLog, use: auditView)
        secure.get(SitePath.Pattern.outbox, .viewOutbox, use: outboxView)
    }

    /// The gap analysis; `plan`: only the links of that plan's indicators (its owner conflicts).
    func findings(plan: String? = nil) async throws -> [GapAnalysis.Finding] {
        let catalog = state.catalog
        let assignments = try await AssignmentRepository(database: database).all()
        let legal = LegalBasisAnalysis.findings(
            assignments: assignments,
            instruments: try await LegalInstrumentRepository(database: database).all(),
            today: today
        )
        return GapAnalysis.findings(
            .init(
                indicators: catalog.indicators,
                assignments: assignments,
                institutions: catalog.institutions,
                focalPoints: try await FocalPointRepository(database: database).terms(),
                planIndicatorOwners: Dictionary(
                    catalog.planIndicators.compactMap { pi in pi.owner.map { (pi.id, $0) } },
                    uniquingKeysWith: { a, _ in a }
                ),
                planLinks: catalog.planLinks.filter { plan == nil || $0.plan == plan },
                today: today,
                ownerDeadline: state.defaults.ownerDeadline
            )
        ) + (plan == nil ? legal : [])
    }
}

// MARK: - Handlers

extension OversightController {
    @Sendable func gapsView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        Pages.response(GapsPage(language: l, session: context.pageSession(request, l), findings: try await findings()).render())
    }

    /// Every finding of the gap analysis (the page shows at most `GapsPage.shown` of a kind), as
    /// CSV or XLSX by the address's extension, its detail in English and in Lao.
    @Sendable func gapsDownload(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let rows = try await findings().map { finding -> [TableDownload.Value] in
            let detail = finding.detail.localized
            return [
                .text(finding.kind.rawValue), .text(finding.subject), .text(finding.institutions.joined(separator: ";")), .text(detail.en),
                .text(detail.lo ?? ""),
            ]
        }
        let table = TableDownload(
            header: ["kind", "subject", "institutions", "detail_en", "detail_lo"],
            rows: rows,
            filename: "pasan-gaps",
            sheet: "gaps",
            title: "Pasan — gaps"
        )
        return try Pages.download(table, for: request)
    }

    @Sendable func auditView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let page = PageRequest(
            limit: request.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 200,
            offset: request.uri.queryParameters.get("offset").flatMap { Int($0) }
        )
        let entries = try await AuditLog.entries(database, page: page)
        return Pages.response(
            AuditPage(
                language: l,
                rows: entries.items.map {
                    .init(
                        at: $0.at,
                        actor: $0.actor,
                        action: $0.action,
                        entity: $0.entity,
                        entityID: $0.entityID,
                        before: $0.before,
                        after: $0.after
                    )
                },
                total: entries.total
            ).render()
        )
    }

    @Sendable func outboxView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let messages = try await Outbox(database: database).messages()
        return Pages.response(
            OutboxPage(
                language: l,
                rows: messages.map {
                    .init(
                        recipient: $0.recipient,
                        subject: $0.subject,
                        createdAt: $0.createdAt,
                        sentAt: $0.sentAt,
                        attempts: $0.attempts,
                        lastError: $0.lastError
                    )
                }
            ).render()
        )
    }
}
