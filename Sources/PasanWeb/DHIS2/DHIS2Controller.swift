import Foundation
import Hummingbird
import PasanDHIS2
import PasanDomain
import PasanExchange
import PasanMessages
import PasanStorage
import PasanViews

/// DHIS2 connections on the web (`Action.manageDHIS2`: the Secretariat for any institution, an
/// owner focal point for its own): the instances, registering one (the credential sealed, never
/// shown again), an instance's mapping (edited, imported and exported as CSV or XLSX), the
/// matching of its organisation units to Pasan's areas, pulling now, the schedule, and each
/// pull's report.
struct DHIS2Controller: PortalFeature {
    let state: PortalState

    func register(_ secure: SecureRoutes) {
        let own: SecureRoutes.ResourceOf = { _, context in
            // The list: the Secretariat sees every instance, an owner focal point those of its institutions.
            context.actor.grants.first { $0.role == .ownerFocalPoint }.flatMap(\.institution).map(Resource.institution) ?? .system
        }
        let instance: SecureRoutes.ResourceOf = { _, context in
            guard let id = context.parameters.get("instance", as: Int64.self),
                let found = try await DHIS2Repository(database: state.database).instance(id: id)
            else { return .system }
            return .institution(found.institution)
        }
        let named = SecureRoutes.FormResource(field: "institution") { .institution($0.uppercased()) }
        secure.get(SitePath.Pattern.dhis2, .manageDHIS2, resource: own, use: listView)
        secure.post(SitePath.Pattern.dhis2, .manageDHIS2, formResource: named, use: registerInstance)
        secure.get(SitePath.Pattern.dhis2Instance, .manageDHIS2, resource: instance, use: instanceView)
        secure.post(SitePath.Pattern.dhis2Mapping, .manageDHIS2, resource: instance, use: saveMapping)
        secure.post(SitePath.Pattern.dhis2MappingRemove, .manageDHIS2, resource: instance, use: removeMapping)
        secure.post(SitePath.Pattern.dhis2MappingImport, .manageDHIS2, resource: instance, body: .upload, use: importMapping)
        secure.get(SitePath.Pattern.dhis2MappingExport, .manageDHIS2, resource: instance, use: exportMapping)
        secure.get(SitePath.Pattern.dhis2OrgUnits, .manageDHIS2, resource: instance, use: orgUnitsView)
        secure.post(SitePath.Pattern.dhis2OrgUnits, .manageDHIS2, resource: instance, use: confirmOrgUnits)
        secure.post(SitePath.Pattern.dhis2OrgUnitsFetch, .manageDHIS2, resource: instance, use: fetchOrgUnits)
        secure.post(SitePath.Pattern.dhis2Pull, .manageDHIS2, resource: instance, use: pullNow)
        secure.post(SitePath.Pattern.dhis2Schedule, .manageDHIS2, resource: instance, use: saveSchedule)
        secure.post(SitePath.Pattern.dhis2Credential, .manageDHIS2, resource: instance, use: replaceCredential)
        secure.get(SitePath.Pattern.dhis2PullReport, .manageDHIS2, resource: instance, use: pullView)
    }

    var repository: DHIS2Repository { DHIS2Repository(database: database) }

    /// The page session, with the notice of the last action (`?done=`).
    func session(_ request: Request, _ context: AppRequestContext, _ l: Language, errors: [String] = []) -> PageSession {
        var session = context.pageSession(request, l, errors: errors)
        if let done = request.uri.queryParameters.get("done") {
            switch done {
            case "registered": session.notices.append(l.t("dhis2_web.notice.registered"))
            case "mapping": session.notices.append(l.t("dhis2_web.notice.mapping"))
            case "orgUnits": session.notices.append(l.t("dhis2_web.notice.orgUnits"))
            case "schedule": session.notices.append(l.t("dhis2_web.notice.schedule"))
            case "credential": session.notices.append(l.t("dhis2_web.notice.credential"))
            default: break
            }
        }
        return session
    }

    /// The instance named by the address.
    func instance(_ context: AppRequestContext, _ l: Language) async throws -> DHIS2Instance {
        guard let id = context.parameters.get("instance", as: Int64.self), let instance = try await repository.instance(id: id) else {
            throw PortalError.notFound(l)
        }
        return instance
    }

    func summary(_ instance: DHIS2Instance) async throws -> DHIS2InstanceSummary {
        DHIS2InstanceSummary(
            id: instance.id,
            name: instance.name,
            baseURL: instance.baseURL,
            institution: instance.institution,
            authKind: instance.authKind.rawValue,
            username: instance.username,
            schedule: instance.schedule.rawValue,
            nextPullAt: instance.nextPullAt,
            lastPull: try await repository.pulls(instanceID: instance.id, limit: 1).first.map(Self.summary)
        )
    }

    static func summary(_ pull: DHIS2PullRecord) -> DHIS2PullSummary {
        DHIS2PullSummary(
            id: pull.id,
            at: pull.startedAt,
            trigger: pull.trigger,
            attempt: pull.attempt,
            succeeded: pull.succeeded,
            actor: pull.actor,
            retryAt: pull.retryAt,
            report: pull.report
        )
    }

    /// The institutions the actor may connect DHIS2 for (code, name).
    func institutions(for actor: Actor, _ l: Language) -> [(code: String, name: String)] {
        state.catalog.institutions.filter { Policy.decide(actor, .manageDHIS2, .institution($0.code)).isAllowed }
            .map { ($0.code, $0.name.text(in: l)) }
    }

    /// The areas an organisation unit may be matched to: the country, its provinces and districts
    /// (DHIS2 organisation units are health facilities below; villages are not matched).
    func matchableAreas() async throws -> [Area] {
        let areas = AreaRepository(database: database)
        var result: [Area] = []
        for level in [AreaLevel.country, .province, .district] {
            result += try await areas.areas(level: level, parent: nil, page: PageRequest(limit: PageRequest.maximumLimit, offset: 0)).items
        }
        return result
    }

    func redirect(_ l: Language, _ page: SitePath.Page, done: String) -> Response {
        Pages.redirect(SitePath(language: l, page: page).path + "?done=\(done)")
    }
}

// MARK: - Handlers

extension DHIS2Controller {
    func listPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        form: DHIS2InstancesPage.Form = .init(),
        formErrors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let actor = context.actor
        var summaries: [DHIS2InstanceSummary] = []
        for instance in try await repository.instances()
        where Policy.decide(actor, .manageDHIS2, .institution(instance.institution)).isAllowed {
            summaries.append(try await summary(instance))
        }
        let page = DHIS2InstancesPage(
            language: l,
            session: session(request, context, l),
            instances: summaries,
            institutions: institutions(for: actor, l),
            canSealSecrets: state.secrets != nil,
            form: form,
            formErrors: formErrors
        )
        return Pages.response(page.render(), status: status)
    }

    @Sendable func listView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await listPage(request, context, l)
    }

    @Sendable func registerInstance(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let known = Set(state.catalog.institutions.map(\.code))
        switch DHIS2RegisterForm.decode(context.form ?? FormData(), isKnownInstitution: { known.contains($0) }) {
        case .failure(let problems):
            var form = DHIS2InstancesPage.Form()
            let data = context.form ?? FormData()
            form.name = data.value("name") ?? ""
            form.baseURL = data.value("base_url") ?? ""
            form.institution = data.value("institution") ?? ""
            form.authKind = data.value("auth_kind") ?? "token"
            form.username = data.value("username") ?? ""
            form.schedule = data.value("schedule") ?? "none"
            return try await listPage(request, context, l, form: form, formErrors: problems.texts(in: l), status: .badRequest)
        case .success(let form):
            guard let secrets = state.secrets else {
                let message = l.t("dhis2_web.register.noKey", ["variable": .text(SecretBox.environmentVariable)])
                return try await listPage(request, context, l, form: form.page, formErrors: [message], status: .conflict)
            }
            do {
                let id = try await repository.register(
                    name: form.name,
                    baseURL: form.baseURL,
                    institution: form.institution,
                    authKind: DHIS2Instance.AuthKind(rawValue: form.authKind) ?? .token,
                    username: form.username,
                    secret: form.secret,
                    schedule: DHIS2Instance.Schedule(rawValue: form.schedule) ?? .none,
                    secrets: secrets,
                    change: context.change
                )
                return redirect(l, .dhis2Instance(id), done: "registered")
            } catch DHIS2Repository.Problem.nameTaken {
                let message = Message("dhis2_web.form.nameTaken", ["name": .text(form.name)]).text(in: l)
                return try await listPage(request, context, l, form: form.page, formErrors: [message], status: .conflict)
            }
        }
    }

    func instancePage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        mappingForm: DHIS2InstancePage.MappingForm? = nil,
        mappingErrors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let instance = try await instance(context, l)
        let units = try await repository.orgUnits(instanceID: instance.id)
        var form = mappingForm ?? .init()
        if mappingForm == nil {
            // A "map it" link from a pull's report names the DHIS2 data to map.
            form.dataElement = request.uri.queryParameters.get("element").map { String($0) } ?? ""
            form.categoryOptionCombo = request.uri.queryParameters.get("coc").map { String($0) } ?? ""
        }
        let page = DHIS2InstancePage(
            language: l,
            session: session(request, context, l),
            instance: try await summary(instance),
            mappings: try await repository.mappings(instanceID: instance.id),
            orgUnits: (units.count, units.filter(\.confirmed).count),
            pulls: try await repository.pulls(instanceID: instance.id).map(Self.summary),
            canSealSecrets: state.secrets != nil,
            mappingForm: form,
            mappingErrors: mappingErrors
        )
        return Pages.response(page.render(), status: status)
    }

    @Sendable func instanceView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await instancePage(request, context, l)
    }

    @Sendable func saveMapping(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let instance = try await instance(context, l)
        switch DHIS2MappingForm.decode(context.form ?? FormData(), catalog: state.catalog) {
        case .failure(let problems):
            let data = context.form ?? FormData()
            var form = DHIS2InstancePage.MappingForm()
            form.dataElement = data.value("data_element") ?? ""
            form.categoryOptionCombo = data.value("category_option_combo") ?? ""
            form.source = data.value("source") ?? "analytics"
            form.indicator = data.value("indicator") ?? ""
            form.series = data.value("series") ?? ""
            form.breakdown = data.value("breakdown") ?? ""
            form.aggregation = data.value("aggregation") ?? "sum"
            form.factor = data.value("factor") ?? "1"
            return try await instancePage(request, context, l, mappingForm: form, mappingErrors: problems.texts(in: l), status: .badRequest)
        case .success(let form):
            try await repository.saveMapping(instanceID: instance.id, form.mapping, change: context.change)
            return redirect(l, .dhis2Instance(instance.id), done: "mapping")
        }
    }

    @Sendable func removeMapping(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let instance = try await instance(context, l)
        let form = context.form ?? FormData()
        guard let element = form.value("data_element") else { throw PortalError.notFound(l) }
        try await repository.removeMapping(
            instanceID: instance.id,
            dataElement: element,
            categoryOptionCombo: form.value("category_option_combo"),
            change: context.change
        )
        return redirect(l, .dhis2Instance(instance.id), done: "mapping")
    }

    @Sendable func orgUnitsView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await orgUnitsPage(request, context, l)
    }

    func orgUnitsPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let instance = try await instance(context, l)
        let areas = try await matchableAreas()
        let page = DHIS2OrgUnitsPage(
            language: l,
            session: session(request, context, l, errors: errors),
            instance: try await summary(instance),
            matches: try await repository.orgUnits(instanceID: instance.id),
            areas: areas.map { ($0.code, $0.name.text(in: l)) }
        )
        return Pages.response(page.render(), status: status)
    }

    /// Fetches the organisation units from DHIS2 (provinces and districts: levels 1–3) and
    /// proposes their matches; confirmed matches are kept.
    @Sendable func fetchOrgUnits(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let instance = try await instance(context, l)
        guard let secrets = state.secrets else {
            let message = l.t("dhis2_web.register.noKey", ["variable": .text(SecretBox.environmentVariable)])
            return try await orgUnitsPage(request, context, l, errors: [message], status: .conflict)
        }
        do {
            let puller = DHIS2Puller(state: state, secrets: secrets)
            let secret = try await repository.openCredential(instanceID: instance.id, secrets: secrets)
            let client = DHIS2Client(connection: try puller.connection(instance, secret: secret))
            let units = try await client.organisationUnits(maxLevel: 3)
            let areas = try await matchableAreas()
            try await repository.storeOrgUnits(
                instanceID: instance.id,
                proposals: DHIS2OrgUnitMatcher.propose(orgUnits: units, areas: areas)
            )
            return redirect(l, .dhis2OrgUnits(instance.id), done: "orgUnits")
        } catch let error as DHIS2ClientError {
            var errors = [error.message.text(in: l)]
            if let said = error.dhis2Message { errors.append(l.t("dhis2_web.pull.dhis2Said") + " " + said) }
            return try await orgUnitsPage(request, context, l, errors: errors, status: .badGateway)
        }
    }

    /// A person's decisions: `area.<uid>` = an area code, or empty for none; every unit on the
    /// page is confirmed as chosen.
    @Sendable func confirmOrgUnits(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let instance = try await instance(context, l)
        let form = context.form ?? FormData()
        let known = Set(try await repository.orgUnits(instanceID: instance.id).map(\.orgUnit.uid))
        let areas = Set(try await matchableAreas().map(\.code))
        var decisions: [String: String?] = [:]
        var problems: [String] = []
        for uid in known {
            guard let chosen = form[("area." + uid)] else { continue }
            let code = chosen.trimmingCharacters(in: .whitespaces)
            if code.isEmpty {
                decisions[uid] = .some(nil)
            } else if areas.contains(code) {
                decisions[uid] = code
            } else {
                problems.append(Message("dhis2_web.form.area", ["area": .text(code), "orgUnit": .text(uid)]).text(in: l))
            }
        }
        guard problems.isEmpty else { return try await orgUnitsPage(request, context, l, errors: problems, status: .badRequest) }
        try await repository.confirmMatches(instanceID: instance.id, decisions, change: context.change)
        return redirect(l, .dhis2OrgUnits(instance.id), done: "orgUnits")
    }

    @Sendable func pullNow(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let instance = try await instance(context, l)
        guard let secrets = state.secrets else {
            return try await instancePage(
                request,
                context,
                l,
                mappingErrors: [l.t("dhis2_web.register.noKey", ["variable": .text(SecretBox.environmentVariable)])],
                status: .conflict
            )
        }
        let id = try await DHIS2Puller(state: state, secrets: secrets).pull(
            instanceID: instance.id,
            trigger: .manual,
            change: context.change
        )
        await state.invalidate()
        return Pages.redirect(SitePath(language: l, page: .dhis2PullReport(instance.id, id)).path)
    }

    @Sendable func pullView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let instance = try await instance(context, l)
        guard let id = context.parameters.get("pull", as: Int64.self), let pull = try await repository.pull(id: id),
            pull.instanceID == instance.id
        else { throw PortalError.notFound(l) }
        let page = DHIS2PullPage(
            language: l,
            session: session(request, context, l),
            instance: try await summary(instance),
            pull: Self.summary(pull)
        )
        return Pages.response(page.render())
    }

    @Sendable func saveSchedule(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let instance = try await instance(context, l)
        guard let schedule = (context.form ?? FormData()).value("schedule").flatMap(DHIS2Instance.Schedule.init(rawValue:)) else {
            return try await instancePage(request, context, l, mappingErrors: [l.t("dhis2_web.form.schedule")], status: .badRequest)
        }
        try await repository.setSchedule(instanceID: instance.id, schedule, change: context.change)
        return redirect(l, .dhis2Instance(instance.id), done: "schedule")
    }

    @Sendable func replaceCredential(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let instance = try await instance(context, l)
        var reader = FormReader(context.form ?? FormData())
        guard let secrets = state.secrets, let credential = DHIS2RegisterForm.decodeCredential(&reader) else {
            let problems =
                state.secrets == nil
                ? [l.t("dhis2_web.register.noKey", ["variable": .text(SecretBox.environmentVariable)])]
                : reader.problems.map { $0.text(in: l) }
            return try await instancePage(request, context, l, mappingErrors: problems, status: .badRequest)
        }
        try await repository.replaceCredential(
            instanceID: instance.id,
            authKind: DHIS2Instance.AuthKind(rawValue: credential.kind) ?? .token,
            username: credential.username,
            secret: credential.secret,
            secrets: secrets,
            change: context.change
        )
        return redirect(l, .dhis2Instance(instance.id), done: "credential")
    }
}
