import Foundation
import Hummingbird
import PasanDomain
import PasanMessages
import PasanStorage
import PasanViews

/// Multi-level reporting chains (`docs/villages.md`, "Reporting chains"): the list (public), the
/// owner's view, a unit's page (its forms, what is due from below, return and accept), the
/// printable paper form, and the set-up of a chain.
///
/// Who: a unit's forms are filled and sent, and what its units below sent is accepted or
/// returned, by the subnational focal points whose area covers it (`Action.submitAreaData` on
/// `.area(unit)`); the centre's steps (the top level's forms) and the set-up by the owner's
/// focal points and the Secretariat (`Action.manageChains` on `.institution(owner)`).
struct ChainsController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>, secure: SecureRoutes) {
        router.get(RouterPath(SitePath.Pattern.chains), use: listPage)
        router.get(RouterPath(SitePath.Pattern.chain), use: chainPage)
        router.get(RouterPath(SitePath.Pattern.chainUnit), use: unitPage)
        router.get(RouterPath(SitePath.Pattern.chainUnitForm), use: paperForm)
        let ownerOfChain: SecureRoutes.ResourceOf = { _, context in
            guard let id = context.parameters.get("chain").flatMap(Int64.init),
                let chain = try await ChainRepository(database: state.database).chain(id: id)
            else { return .system }
            return .institution(chain.owner)
        }
        secure.post(SitePath.Pattern.chain, .manageChains, resource: ownerOfChain, use: centreStep)
        secure.get(
            SitePath.Pattern.chainNew,
            .manageChains,
            resource: { request, _ in request.uri.queryParameters.get("owner").map(Resource.institution) ?? .system },
            use: newPage
        )
        secure.post(SitePath.Pattern.chainNew, .manageChains, formResource: .init(field: "owner", make: Resource.institution), use: create)
        secure.post(SitePath.Pattern.chainUnitSave, .submitAreaData, formResource: .init(field: "area", make: Resource.area), use: save)
        secure.post(SitePath.Pattern.chainUnitStep, .submitAreaData, formResource: .init(field: "area", make: Resource.area), use: step)
    }

    var repository: ChainRepository { ChainRepository(database: database) }

    func status(_ context: AppRequestContext, _ l: Language) async throws -> ChainStatus {
        guard let id = context.parameters.get("chain").flatMap(Int64.init), let status = try await repository.status(of: id) else {
            throw PortalError.notFound(l)
        }
        return status
    }

    func unit(_ status: ChainStatus, _ context: AppRequestContext, _ l: Language) throws -> String {
        guard let area = context.parameters.get("area"), status.isUnit(area) else { throw PortalError.notFound(l) }
        return area
    }

    /// Acts for `area` (its own forms, and towards the units below it).
    func actsFor(_ area: String, _ context: AppRequestContext) -> Bool {
        Policy.decide(context.actor, .submitAreaData, .area(area)).isAllowed
    }

    /// Acts for the centre of `chain` (and may see all of it).
    func manages(_ chain: ReportingChain, _ context: AppRequestContext) -> Bool {
        Policy.decide(context.actor, .manageChains, .institution(chain.owner)).isAllowed
    }

    func denied(_ l: Language) -> Response {
        Pages.response(
            MessagePage(
                language: l,
                title: l.t("app.denied.title"),
                message: l.t("chains.denied"),
                path: SitePath(language: l, page: .me)
            ).render(),
            status: .forbidden
        )
    }

    // MARK: - Pages

    @Sendable func listPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let chains = try await repository.chains()
        let canCreate = Policy.decide(context.actor, .manageChains, .system).isAllowed || !context.actor.focalPointInstitutions.isEmpty
        return Pages.response(
            ChainsPage(language: l, chains: chains, ownerNames: state.catalog.institutionNames, canCreate: canCreate).render()
        )
    }

    @Sendable func chainPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        guard context.actor.isSignedIn else { return Pages.redirect(SitePath(language: l, page: .signIn).path) }
        let status = try await status(context, l)
        let manager = manages(status.chain, context)
        let areas = context.actor.grants.filter { $0.role == .subnationalFocalPoint }.compactMap(\.area)
        let seesPart = areas.contains { area in status.chain.scope.map { area.hasPrefix($0) || $0.hasPrefix(area) } ?? true }
        guard manager || seesPart else { return denied(l) }
        return Pages.response(
            ChainPage(
                language: l,
                status: status,
                ownerName: state.catalog.institutionNames[status.chain.owner],
                session: manager ? context.pageSession(request, l) : nil
            ).render()
        )
    }

    func unitPageModel(
        _ status: ChainStatus,
        _ area: String,
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        typed: [String: [String: String]] = [:]
    ) async throws -> ChainUnitPage {
        ChainUnitPage(
            language: l,
            session: context.pageSession(request, l, errors: errors),
            status: status,
            area: area,
            canAct: actsFor(area, context),
            canReview: actsFor(area, context),
            history: try await repository.history(chain: status.chain.id ?? 0, area: area),
            typed: typed
        )
    }

    @Sendable func unitPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        guard context.actor.isSignedIn else { return Pages.redirect(SitePath(language: l, page: .signIn).path) }
        let status = try await status(context, l)
        let area = try unit(status, context, l)
        guard actsFor(area, context) || manages(status.chain, context) else { return denied(l) }
        return Pages.response(try await unitPageModel(status, area, request, context, l).render())
    }

    /// The paper form holds no data (names and codes only): anyone may print it.
    @Sendable func paperForm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let status = try await status(context, l)
        let area = try unit(status, context, l)
        return Pages.response(
            ChainPaperFormPage(
                language: l,
                chain: status.chain,
                area: area,
                areaName: status.names[area],
                parentName: status.parent(of: area).flatMap { status.names[$0] }
            ).render()
        )
    }

    @Sendable func newPage(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        Pages.response(
            ChainNewPage(
                language: l,
                session: context.pageSession(request, l),
                owners: owners(context, l),
                fields: ["owner": request.uri.queryParameters.get("owner") ?? ""]
            ).render()
        )
    }

    /// The institutions the reader may set up a chain for.
    func owners(_ context: AppRequestContext, _ l: Language) -> [(String, String)] {
        state.catalog.institutionNames.sorted { $0.key < $1.key }
            .filter { Policy.decide(context.actor, .manageChains, .institution($0.key)).isAllowed }
            .map { ($0.key, "\($0.key) — \($0.value.text(in: l))") }
    }

    // MARK: - Changes

    @Sendable func create(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let form = context.form ?? FormData()
        switch ChainSetupForm.decode(form) {
        case .failure(let problems):
            return Pages.response(
                ChainNewPage(
                    language: l,
                    session: context.pageSession(request, l, errors: problems.messages.map { $0.text(in: l) }),
                    owners: owners(context, l),
                    fields: form.fields
                ).render(),
                status: .unprocessableContent
            )
        case .success(let chain):
            let id = try await repository.create(chain, actor: context.actor.name)
            return Pages.redirect(SitePath(language: l, page: .chain(id)).path + "?ok=created")
        }
    }

    /// A unit's own step: save or send a bottom unit's form (its values), or forward a higher
    /// unit's compiled values.
    @Sendable func save(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let status = try await status(context, l)
        let area = try unit(status, context, l)
        let form = context.form ?? FormData()
        guard form.value("area") == area, actsFor(area, context) else { return denied(l) }
        let formCode = form.value("form") ?? ""
        guard let chainForm = status.chain.forms.first(where: { $0.code == formCode }) else { throw PortalError.notFound(l) }
        let step: ChainStep = form.value("step") == "save" ? .save : .submit
        let isBottom = ChainAreas.level(of: area) == status.chain.bottom
        var values: ChainFormValues?
        if isBottom {
            switch ChainSetupForm.values(form, fields: chainForm.fields) {
            case .failure(let problems):
                let typed = Dictionary(uniqueKeysWithValues: chainForm.fields.map { ($0.code, form.value("v-\($0.code)") ?? "") })
                let page = try await unitPageModel(
                    status,
                    area,
                    request,
                    context,
                    l,
                    errors: problems.messages.map { $0.text(in: l) },
                    typed: [formCode: typed]
                )
                return Pages.response(page.render(), status: .unprocessableContent)
            case .success(let typed): values = typed
            }
        } else {
            values = status.compiled.values(of: area)[formCode] ?? [:]
        }
        return try await take(
            step,
            status,
            area: area,
            form: formCode,
            values: values,
            comment: nil,
            as: .unit,
            back: area,
            request,
            context,
            l
        )
    }

    /// The unit above accepts or returns what a unit below sent.
    @Sendable func step(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let status = try await status(context, l)
        let area = try unit(status, context, l)
        let form = context.form ?? FormData()
        let child = form.value("unit") ?? ""
        guard form.value("area") == area, actsFor(area, context), status.isUnit(child), status.parent(of: child) == area else {
            return denied(l)
        }
        let step: ChainStep = form.value("step") == "accept" ? .accept : .return
        return try await take(
            step,
            status,
            area: child,
            form: form.value("form") ?? "",
            values: nil,
            comment: form.value("comment"),
            as: .above,
            back: area,
            request,
            context,
            l
        )
    }

    /// The centre (owner or Secretariat) accepts or returns a top-level unit's form.
    @Sendable func centreStep(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let status = try await status(context, l)
        let form = context.form ?? FormData()
        let child = form.value("unit") ?? ""
        guard status.isUnit(child), status.parent(of: child) == nil else { return denied(l) }
        let step: ChainStep = form.value("step") == "accept" ? .accept : .return
        return try await take(
            step,
            status,
            area: child,
            form: form.value("form") ?? "",
            values: nil,
            comment: form.value("comment"),
            as: .above,
            back: nil,
            request,
            context,
            l
        )
    }

    /// Takes the step; a refusal shows the page again with why (422), success goes back to it.
    func take(
        _ step: ChainStep,
        _ status: ChainStatus,
        area: String,
        form: String,
        values: ChainFormValues?,
        comment: String?,
        as role: ChainRole,
        back: String?,
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language
    ) async throws -> Response {
        let id = status.chain.id ?? 0
        let page = back.map { SitePath(language: l, page: .chainUnit(id, $0)) } ?? SitePath(language: l, page: .chain(id))
        do {
            try await repository.take(
                step,
                chain: id,
                area: area,
                form: form,
                values: values,
                comment: comment,
                as: role,
                actor: context.actor.name
            )
        } catch let problem as ChainProblem {
            let error = ChainSetupForm.message(problem).text(in: l)
            if let back {
                let model = try await unitPageModel(status, back, request, context, l, errors: [error])
                return Pages.response(model.render(), status: .unprocessableContent)
            }
            let model = ChainPage(
                language: l,
                status: status,
                ownerName: state.catalog.institutionNames[status.chain.owner],
                session: context.pageSession(request, l, errors: [error])
            )
            return Pages.response(model.render(), status: .unprocessableContent)
        }
        return Pages.redirect(page.path + "?ok=created")
    }
}
