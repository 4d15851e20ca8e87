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

    func isKnownInstitution(_ code: String) -> Bool { state.catalog.institution(code) != nil }

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
        let decoded = NewAccountForm.decode(context.form ?? FormData(), isKnownInstitution: isKnownInstitution)
        guard case .success(let form) = decoded else {
            return try await usersPage(request, context, l, errors: decoded.problems(in: l), status: .badRequest)
        }
        do {
            try await AccountRepository(database: database).createUser(
                email: form.email,
                name: form.name,
                password: form.password,
                language: l,
                grants: form.grant.map { [$0] } ?? [],
                change: context.change
            )
            return Pages.redirect(SitePath(language: l, page: .users).path + "?ok=created")
        } catch let error as AccountError {
            return try await usersPage(request, context, l, errors: [error.message.text(in: l)], status: .badRequest)
        }
    }

    @Sendable func grantRole(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        guard let id = context.parameters.get("user", as: Int64.self) else { throw PortalError.notFound(l) }
        let decoded = RoleGrantForm.decodeRequired(context.form ?? FormData(), isKnownInstitution: isKnownInstitution)
        guard case .success(let form) = decoded else {
            return try await usersPage(request, context, l, errors: decoded.problems(in: l), status: .badRequest)
        }
        do {
            try await AccountRepository(database: database).grant(form.grant, to: id, change: context.change)
            await state.invalidate()
            return Pages.redirect(SitePath(language: l, page: .users).path + "?ok=granted")
        } catch let error as AccountError {
            return try await usersPage(request, context, l, errors: [error.message.text(in: l)], status: .badRequest)
        }
    }

    @Sendable func revokeRole(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        guard let id = context.parameters.get("user", as: Int64.self) else { throw PortalError.notFound(l) }
        let decoded = RoleGrantForm.decode(context.form ?? FormData(), isKnownInstitution: isKnownInstitution)
        guard case .success(let form) = decoded else {
            return try await usersPage(request, context, l, errors: decoded.problems(in: l), status: .badRequest)
        }
        guard let form else { return Pages.redirect(SitePath(language: l, page: .users).path) }
        do {
            try await AccountRepository(database: database).revoke(form.grant, from: id, change: context.change)
            await state.invalidate()
            return Pages.redirect(SitePath(language: l, page: .users).path + "?ok=revoked")
        } catch let error as AccountError {
            return try await usersPage(request, context, l, errors: [error.message.text(in: l)], status: .badRequest)
        }
    }
}
