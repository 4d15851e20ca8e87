import Foundation
import Hummingbird
import PasanDomain
import PasanExchange
import PasanMessages
import PasanReferenceData
import PasanStorage
import PasanViews

/// The activity registry (`docs/villages.md`): the public list and pages, their export, the
/// form and the upload (CSV, XLSX, IATI XML) for the Secretariat and planners (any implementer)
/// and for an institution's focal points (their own institution's activities), the places
/// proposed by name to confirm or decline, and the activities API. After every save, overlaps
/// are detected again and the portal's pages refreshed.
struct ActivitiesController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>, secure: SecureRoutes) {
        router.get(RouterPath(SitePath.Pattern.activities), use: listPage)
        router.get(RouterPath(SitePath.Pattern.activitiesExport), use: export)
        router.get(RouterPath(SitePath.Pattern.activity), use: activityPage)
        registerAPI(on: router)
        let institution: SecureRoutes.ResourceOf = { _, context in
            .institution(context.parameters.get("institution") ?? "")
        }
        let activity: SecureRoutes.ResourceOf = { _, context in
            guard let id = context.parameters.get("activity").flatMap(Int64.init),
                let stored = try await ActivityRepository(database: state.database).activity(id: id),
                let code = stored.implementer.institution
            else { return .system }
            return .institution(code)
        }
        secure.get(SitePath.Pattern.activityNew, .editActivities, use: newForm)
        secure.post(SitePath.Pattern.activityNew, .editActivities, use: create)
        secure.get(SitePath.Pattern.institutionActivityNew, .editActivities, resource: institution, use: newForm)
        secure.post(SitePath.Pattern.institutionActivityNew, .editActivities, resource: institution, use: create)
        secure.get(SitePath.Pattern.activityImport, .editActivities, use: importForm)
        secure.post(SitePath.Pattern.activityImport, .editActivities, body: .upload, use: importFile)
        secure.get(SitePath.Pattern.institutionActivityImport, .editActivities, resource: institution, use: importForm)
        secure.post(SitePath.Pattern.institutionActivityImport, .editActivities, resource: institution, body: .upload, use: importFile)
        secure.get(SitePath.Pattern.activityLocations, .editActivities, use: locationsPage)
        secure.post(SitePath.Pattern.activityLocationDecision, .editActivities, use: decideLocation)
        secure.get(SitePath.Pattern.activityEdit, .editActivities, resource: activity, use: editForm)
        secure.post(SitePath.Pattern.activityEdit, .editActivities, resource: activity, use: update)
    }

    /// Whether the reader edits activities of every implementer (the Secretariat, planners).
    func editsAll(_ context: AppRequestContext) -> Bool {
        Policy.decide(context.actor, .editActivities, .system).isAllowed
    }

    /// Whether the reader may edit this activity (theirs, or any).
    func mayEdit(_ activity: Activity, _ context: AppRequestContext) -> Bool {
        editsAll(context)
            || activity.implementer.institution.map { Policy.decide(context.actor, .editActivities, .institution($0)).isAllowed } ?? false
    }

    var repository: ActivityRepository { ActivityRepository(database: database) }

    var institutionNames: [String: LocalizedText] { state.catalog.institutionNames }

    /// The names of these areas (provinces and districts from the catalog, villages stored).
    func areaNames(_ codes: some Sequence<String>) async throws -> [String: LocalizedText] {
        let catalog = state.catalog
        var names: [String: LocalizedText] = [:]
        for area in catalog.provinces + catalog.districts { names[area.code] = area.name }
        let areas = AreaRepository(database: database)
        for code in Set(codes) where names[code] == nil {
            if let area = try await areas.area(code: code) { names[code] = area.name }
        }
        return names
    }

    /// What activities are checked against: every area, institution and SDG code.
    func checkContext() async throws -> ActivityCheckContext {
        let levels = try await AreaRepository(database: database).levels()
        let catalog = state.catalog
        return ActivityCheckContext(
            area: { code in
                levels[code].map {
                    Area(code: code, level: $0, parentCode: nil, name: LocalizedText(en: code, lo: nil, loStatus: .machine))
                }
            },
            institutionCodes: Set(catalog.institutions.map(\.code)),
            targetCodes: Set(catalog.targets.map(\.code)),
            indicatorCodes: Set(catalog.indicators.map(\.code))
        )
    }

    /// After a save: overlaps found again (notes to the institutions of new ones), pages refreshed.
    func afterSave() async throws {
        try await OverlapRepository(database: database).refresh(
            now: database.clock.now(),
            link: { id in SitePath(language: .lo, page: .overlap(id)).path }
        )
        try await state.reload()
    }
}

// MARK: - Public pages

extension ActivitiesController {
    /// The filter of the list and the export, from the query.
    func filter(_ request: Request) -> (ActivitiesPage.Filter, ActivityFilter) {
        let q = request.uri.queryParameters
        func get(_ name: String) -> String { q.get(name)?.trimmingSpaces ?? "" }
        let shown = ActivitiesPage.Filter(
            province: get("province"),
            district: get("district"),
            institution: get("institution"),
            sdg: get("sdg"),
            status: get("status")
        )
        let area = !shown.district.isEmpty ? shown.district : shown.province
        return (
            shown,
            ActivityFilter(area: area, institution: shown.institution, sdg: shown.sdg, status: ActivityStatus(rawValue: shown.status))
        )
    }

    @Sendable func listPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let (shown, filter) = filter(request)
        let offset = max(0, request.uri.queryParameters.get("offset").flatMap(Int.init) ?? 0)
        let editor = editsAll(context)
        let render: () async throws -> String = {
            let page = try await repository.activities(filter: filter, page: PageRequest(limit: 50, offset: offset))
            let catalog = state.catalog
            let names = try await areaNames(page.items.flatMap { $0.confirmedLocations.map(\.areaCode) })
            return ActivitiesPage(
                language: l,
                activities: page.items,
                total: page.total,
                offset: page.request.offset,
                limit: page.request.limit,
                filter: shown,
                provinces: catalog.provinces.map { ($0.code, $0.name) },
                districts: catalog.districts.map { ($0.code, $0.name) },
                institutions: catalog.institutions.map { ($0.code, $0.name) },
                goals: catalog.goals,
                areaNames: names,
                institutionNames: institutionNames,
                canEdit: editor
            ).render()
        }
        if editor { return Pages.response(try await render()) }
        let key = CacheKey(request, parameters: ["province", "district", "institution", "sdg", "status", "offset"])
        if let hit = state.cache.peek(key) { return hit.response(for: request) }
        let html = try await render()
        return state.cache.entry(key) { (.ok, "text/html; charset=utf-8", html) }.response(for: request)
    }

    @Sendable func activityPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        guard let id = context.parameters.get("activity").flatMap(Int64.init), let activity = try await repository.activity(id: id) else {
            throw PortalError.notFound(l)
        }
        let editor = mayEdit(activity, context)
        let revisions = try await repository.revisions(identifier: activity.identifier).map {
            ActivityPage.Revision(revision: $0.revision, changedBy: $0.changedBy, changedAt: $0.changedAt, reason: $0.reason)
        }
        let overlaps = try await overlaps(of: activity)
        let names = try await areaNames(activity.locations.map(\.areaCode) + (overlaps ?? []).flatMap(\.places))
        let html = ActivityPage(
            language: l,
            activity: activity,
            areaNames: names,
            institutionNames: institutionNames,
            revisions: revisions,
            overlaps: overlaps,
            canEdit: editor
        ).render()
        return Pages.response(html)
    }

    /// The overlaps an activity is part of, as `OverlapRepository` stores them.
    func overlaps(of activity: Activity) async throws -> [ActivityPage.Overlap]? {
        let store = OverlapRepository(database: database)
        var result: [ActivityPage.Overlap] = []
        for id in try await repository.overlapIDs(of: activity.identifier) {
            guard let detail = try await store.overlap(id: id) else { continue }
            let overlap = detail.stored.overlap
            let otherIdentifier = overlap.first == activity.identifier ? overlap.second : overlap.first
            let other = detail.activities.first { $0.identifier == otherIdentifier }
            result.append(
                ActivityPage.Overlap(
                    id: id,
                    otherIdentifier: otherIdentifier,
                    otherTitle: other?.title,
                    otherImplementer: other?.implementerName,
                    level: overlap.level,
                    places: overlap.places.map(\.areaCode),
                    sharedTargets: overlap.sharedTargets,
                    sharedSectors: overlap.sharedSectors,
                    state: overlap.state
                )
            )
        }
        return result
    }

    /// `activities.csv` or `activities.xlsx`: the activities the list's filter selects.
    @Sendable func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let file = context.parameters.get("file") ?? ""
        guard file == "activities.csv" || file == "activities.xlsx" else { throw PortalError.notFound(l) }
        let activities = try await repository.all(filter: filter(request).1)
        if file == "activities.xlsx" {
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    .contentDisposition: "attachment; filename=\"activities.xlsx\"",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: try ActivityWorkbook.data(activities)))
            )
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"activities.csv\""],
            body: .init(byteBuffer: ByteBuffer(string: ActivityFile.write(activities)))
        )
    }
}

// MARK: - The form

extension ActivitiesController {
    func formPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        activity: Activity?,
        institution: String?,
        fields: [String: String],
        problems: [(column: String?, message: String)] = []
    ) -> ActivityEditPage {
        let action: String =
            if let id = activity?.id {
                SitePath(language: l, page: .activityEdit(id)).path
            } else if let institution {
                SitePath(language: l, page: .institutionActivityNew(institution)).path
            } else {
                SitePath(language: l, page: .activityNew).path
            }
        return ActivityEditPage(
            language: l,
            session: context.pageSession(request, l),
            activity: activity,
            institution: institution,
            institutions: state.catalog.institutions.map { ($0.code, $0.name) },
            fields: fields,
            problems: problems,
            action: action
        )
    }

    /// The institution a route names (it must be one of Pasan's), `nil` for the national routes.
    func routeInstitution(_ context: AppRequestContext, _ l: Language) throws -> String? {
        guard let code = context.parameters.get("institution") else { return nil }
        guard state.catalog.institutions.contains(where: { $0.code == code }) else { throw PortalError.notFound(l) }
        return code
    }

    @Sendable func newForm(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let institution = try routeInstitution(context, l)
        var fields = ["status": ActivityStatus.implementation.rawValue]
        if let institution { fields["implementer"] = institution }
        return Pages.response(formPage(request, context, l, activity: nil, institution: institution, fields: fields).render())
    }

    @Sendable func editForm(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let activity = try await stored(context, l)
        return Pages.response(
            formPage(
                request,
                context,
                l,
                activity: activity,
                institution: editsAll(context) ? nil : activity.implementer.institution,
                fields: ActivityForm.fields(of: activity)
            ).render()
        )
    }

    func stored(_ context: AppRequestContext, _ l: Language) async throws -> Activity {
        guard let id = context.parameters.get("activity").flatMap(Int64.init), let activity = try await repository.activity(id: id) else {
            throw PortalError.notFound(l)
        }
        return activity
    }

    @Sendable func create(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let institution = try routeInstitution(context, l)
        var form = ActivityForm.decode(context.form ?? FormData())
        if let institution { form.fields["implementer"] = institution }
        if form.fields["identifier", default: ""].isEmpty {
            let implementer = form.fields["implementer", default: ""]
            let code = state.catalog.institutions.first { $0.code == implementer.uppercased() }?.code ?? "ORG"
            form.fields["identifier"] = try await repository.nextIdentifier(for: code)
        }
        return try await save(form, request, context, l, stored: nil, institution: institution)
    }

    @Sendable func update(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let activity = try await stored(context, l)
        var form = ActivityForm.decode(context.form ?? FormData())
        form.fields["identifier"] = activity.identifier
        let institution = editsAll(context) ? nil : activity.implementer.institution
        if let institution { form.fields["implementer"] = institution }
        return try await save(form, request, context, l, stored: activity, institution: institution)
    }

    /// Reads, checks and saves the form's activity; a refusal shows the form again with every
    /// problem. A correction needs its reason.
    func save(
        _ form: ActivityForm,
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        stored: Activity?,
        institution: String?
    ) async throws -> Response {
        func refuse(_ problems: [(column: String?, message: String)]) -> Response {
            var fields = form.fields
            fields["reason"] = form.reason ?? ""
            return Pages.response(
                formPage(request, context, l, activity: stored, institution: institution, fields: fields, problems: problems).render(),
                status: .unprocessableContent
            )
        }
        let reading = form.read(institutions: institutionNames)
        var problems = reading.problems.map { ($0.column, $0.message.text(in: l)) }
        problems += ActivityFile.checked(reading, context: try await checkContext()).map { ($0.column, $0.message.text(in: l)) }
        if stored != nil && form.reason == nil {
            problems.append(("reason", Message("activities.form.reasonRequired").text(in: l)))
        }
        guard problems.isEmpty, var activity = reading.activities.first else { return refuse(problems) }
        if let institution, activity.implementer.institution != institution {
            return refuse([
                (
                    "implementer",
                    Message(
                        "activities.import.otherInstitution",
                        ["identifier": .text(activity.identifier), "institution": .text(institution)]
                    ).text(in: l)
                )
            ])
        }
        if stored == nil, try await repository.activity(identifier: activity.identifier) != nil {
            return refuse([("identifier", Message("activities.form.exists", ["identifier": .text(activity.identifier)]).text(in: l))])
        }
        if let stored {
            // The form holds confirmed codes: places proposed or declined stay as they are.
            let typed = Set(activity.locations.map(\.areaCode))
            activity.locations += stored.locations.filter { !$0.counts && !typed.contains($0.areaCode) }
            activity.origin = stored.origin == .demo ? .demo : .app
        }
        try await repository.save([activity], by: context.change.actorName, reason: form.reason)
        try await afterSave()
        guard let saved = try await repository.activity(identifier: activity.identifier), let id = saved.id else {
            throw PortalError.notFound(l)
        }
        return Pages.redirect(SitePath(language: l, page: .activity(id)).path)
    }
}

// MARK: - Upload

extension ActivitiesController {
    func importPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        institution: String?,
        refusal: (fileName: String, problems: [ActivityImportPage.Problem])? = nil,
        preview: ActivityImportPage.Preview? = nil,
        accepted: ActivityImportPage.Accepted? = nil,
        errors: [String] = []
    ) -> ActivityImportPage {
        ActivityImportPage(
            language: l,
            session: context.pageSession(request, l, errors: errors),
            institution: institution,
            refusal: refusal,
            preview: preview,
            accepted: accepted,
            action: institution.map { SitePath(language: l, page: .institutionActivityImport($0)).path }
                ?? SitePath(language: l, page: .activityImport).path
        )
    }

    @Sendable func importForm(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let institution = try routeInstitution(context, l)
        return Pages.response(importPage(request, context, l, institution: institution).render())
    }

    /// The activities of an uploaded file, or every problem of it.
    func read(_ upload: ActivityUploadForm) async throws -> ActivityUploadReading {
        let name = upload.filename.lowercased()
        let context = try await checkContext()
        if name.hasSuffix(".xml") {
            return try await ActivityIATIUpload.read(upload.data, filename: upload.filename, state: state, check: context)
        }
        let reading: ActivityFile.Reading
        var located: (ActivityFileProblem) -> ActivityFileProblem = { $0 }
        if name.hasSuffix(".xlsx") {
            let workbook = ActivityWorkbook.read(upload.data, file: upload.filename, institutions: institutionNames)
            reading = workbook.reading
            located = workbook.located
        } else {
            reading = ActivityFile.read(data: upload.data, file: upload.filename, institutions: institutionNames)
        }
        let problems = reading.problems + ActivityFile.checked(reading, context: context).map(located)
        if !problems.isEmpty {
            return .problems(
                problems.map {
                    ActivityImportPage.Problem(file: $0.file, line: $0.line, place: $0.column, found: $0.found, message: $0.message)
                }
            )
        }
        return .activities(reading.activities)
    }

    /// A file is checked whole and previewed (nothing written); the confirmation sends it back
    /// and it is checked again and saved in one transaction. An institution's page refuses an
    /// activity of another implementer, or one whose identifier another institution's holds.
    @Sendable func importFile(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let institution = try routeInstitution(context, l)
        let upload: ActivityUploadForm
        switch ActivityUploadForm.decode(context.form ?? FormData()) {
        case .failure(let problems):
            return Pages.response(
                importPage(request, context, l, institution: institution, errors: problems.texts(in: l)).render(),
                status: .badRequest
            )
        case .success(let decoded): upload = decoded
        }
        var activities: [Activity]
        switch try await read(upload) {
        case .problems(let problems):
            return Pages.response(
                importPage(request, context, l, institution: institution, refusal: (upload.filename, problems)).render(),
                status: .unprocessableContent
            )
        case .activities(let read): activities = read
        }
        // Whose activities: the route's institution's only (also those stored under the identifiers).
        if let institution {
            var problems: [ActivityImportPage.Problem] = []
            for activity in activities {
                let storedOwner = try await repository.activity(identifier: activity.identifier)?.implementer.institution
                if activity.implementer.institution != institution || (storedOwner != nil && storedOwner != institution) {
                    problems.append(
                        ActivityImportPage.Problem(
                            file: upload.filename,
                            line: nil,
                            place: activity.identifier,
                            message: Message(
                                "activities.import.otherInstitution",
                                ["identifier": .text(activity.identifier), "institution": .text(institution)]
                            )
                        )
                    )
                }
            }
            if !problems.isEmpty {
                return Pages.response(
                    importPage(request, context, l, institution: institution, refusal: (upload.filename, problems)).render(),
                    status: .unprocessableContent
                )
            }
        }
        for index in activities.indices where activities[index].sourceFile == nil {
            activities[index].sourceFile = upload.filename
        }
        if !upload.confirm {
            let result = try await repository.preview(activities)
            let preview = ActivityImportPage.Preview(
                fileName: upload.filename,
                content: upload.data.base64EncodedString(),
                activities: activities,
                added: result.added,
                changed: result.changed,
                unchanged: result.unchanged,
                proposedPlaces: activities.reduce(0) { $0 + $1.locations.filter { $0.status == .proposed }.count }
            )
            return Pages.response(importPage(request, context, l, institution: institution, preview: preview).render())
        }
        let reason = upload.reason ?? Message("activities.import.defaultReason", ["file": .text(upload.filename)]).text(in: .en)
        let result = try await repository.save(activities, by: context.change.actorName, reason: reason)
        try await afterSave()
        let accepted = ActivityImportPage.Accepted(
            fileName: upload.filename,
            added: result.added.count,
            changed: result.changed.count,
            unchanged: result.unchanged.count
        )
        return Pages.response(importPage(request, context, l, institution: institution, accepted: accepted).render())
    }
}

// MARK: - Proposed places

extension ActivitiesController {
    @Sendable func locationsPage(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let proposed = try await repository.proposedLocations()
        let names = try await areaNames(proposed.map(\.location.areaCode))
        let items = proposed.map {
            ActivityLocationsPage.Item(
                activityID: $0.activityID,
                identifier: $0.identifier,
                title: $0.title,
                position: $0.position,
                location: $0.location
            )
        }
        return Pages.response(
            ActivityLocationsPage(language: l, session: context.pageSession(request, l), items: items, areaNames: names).render()
        )
    }

    @Sendable func decideLocation(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        guard let id = context.parameters.get("activity").flatMap(Int64.init),
            let position = context.parameters.get("position").flatMap(Int.init),
            let activity = try await repository.activity(id: id), activity.locations.indices.contains(position)
        else { throw PortalError.notFound(l) }
        guard case .success(let decision) = LocationDecisionForm.decode(context.form ?? FormData()) else {
            return Pages.redirect(SitePath(language: l, page: .activityLocations).path)
        }
        try await repository.decideLocation(activityID: id, position: position, confirm: decision.confirm, by: context.change.actorName)
        try await afterSave()
        return Pages.redirect(SitePath(language: l, page: .activityLocations).path + "?ok=created")
    }
}
