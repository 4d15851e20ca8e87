import Foundation
import Hummingbird
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanViews

/// Accounts and roles (Secretariat administrators): create accounts, grant and revoke roles,
/// each grant checked against the separation of duties.
struct UsersController: PortalFeature {
    let state: PortalState

    func register(_ secure: SecureRoutes) {
        secure.get(SitePath.Pattern.users, .manageUsers, use: listUsers)
        secure.post(SitePath.Pattern.users, .manageUsers, use: createUser)
        secure.post(SitePath.Pattern.userGrant, .manageUsers, use: grantRole)
        secure.post(SitePath.Pattern.userRevoke, .manageUsers, use: revokeRole)
    }

    func roleGrant(_ form: FormData) throws -> RoleGrant? {
        guard let text = form.value("role") else { return nil }
        guard let role = Role(rawValue: text) else {
            throw AccountError.invalidGrant(LocalizedText(en: "Unknown role \(text).", lo: "ບໍ່ຮູ້ຈັກບົດບາດ \(text).", loStatus: .reviewed))
        }
        let grant = RoleGrant(
            role: role,
            institution: role.scope == .institution ? form.value("institution") : nil,
            area: role.scope == .area ? form.value("area") : nil
        )
        if let problem = grant.problem { throw AccountError.invalidGrant(problem) }
        if let code = grant.institution, state.catalog.institution(code) == nil {
            throw AccountError.invalidGrant(
                LocalizedText(en: "Unknown institution \(code).", lo: "ບໍ່ຮູ້ຈັກອົງການ \(code).", loStatus: .reviewed)
            )
        }
        return grant
    }

    func usersPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let users = try await AccountRepository(database: database).accounts()
        return Pages.response(
            UsersPage(
                language: l,
                session: context.pageSession(request, l, errors: errors),
                users: users.map { .init(id: $0.id, name: $0.name, email: $0.email, isActive: $0.isActive, grants: $0.grants) },
                institutions: state.catalog.institutions
            ).render(),
            status: status
        )
    }
}

// MARK: - Handlers

extension UsersController {
    @Sendable func listUsers(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await usersPage(request, context, l)

    }

    @Sendable func createUser(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let form = context.form ?? FormData()
        do {
            let grant = try roleGrant(form)
            try await AccountRepository(database: database).createUser(
                email: form.value("email") ?? "",
                name: form.value("name") ?? "",
                password: form["password"] ?? "",
                language: l,
                grants: grant.map { [$0] } ?? [],
                change: context.change
            )
            return Pages.redirect(SitePath(language: l, page: .users).path + "?ok=created")
        } catch let error as AccountError {
            return try await usersPage(request, context, l, errors: [error.message.text(in: l)], status: .badRequest)
        }

    }

    @Sendable func grantRole(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        guard let id = context.parameters.get("user", as: Int64.self) else { throw PortalError.notFound(l) }
        do {
            guard let grant = try roleGrant(context.form ?? FormData()) else {
                throw AccountError.invalidGrant(LocalizedText(en: "Choose a role.", lo: "ເລືອກບົດບາດ.", loStatus: .reviewed))
            }
            try await AccountRepository(database: database).grant(grant, to: id, change: context.change)
            state.invalidate()
            return Pages.redirect(SitePath(language: l, page: .users).path + "?ok=granted")
        } catch let error as AccountError {
            return try await usersPage(request, context, l, errors: [error.message.text(in: l)], status: .badRequest)
        }

    }

    @Sendable func revokeRole(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        guard let id = context.parameters.get("user", as: Int64.self) else { throw PortalError.notFound(l) }
        do {
            guard let grant = try roleGrant(context.form ?? FormData()) else {
                return Pages.redirect(SitePath(language: l, page: .users).path)
            }
            try await AccountRepository(database: database).revoke(grant, from: id, change: context.change)
            state.invalidate()
            return Pages.redirect(SitePath(language: l, page: .users).path + "?ok=revoked")
        } catch let error as AccountError {
            return try await usersPage(request, context, l, errors: [error.message.text(in: l)], status: .badRequest)
        }

    }
}
