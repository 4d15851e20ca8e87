import PasanDomain

/// Every address of Pasan, in one place: routes and links are both made from it, so no page
/// hand-writes a URL. The language is the first path segment, so pages can be linked and cached.
public struct SitePath: Sendable, Hashable {
    public var language: Language
    public var page: Page

    public enum Page: Sendable, Hashable {
        case home, goal(Int), indicator(String), places, place(String), search(String?), institutions, dataSources
        case indicatorData(String), methodology, progress, reportingStatus, dataAvailability, downloads, progressConfig(String)
        case handbook(String), responsibilities
        case signIn, signOut, signOutEverywhere, passwordReset, passwordResetToken(String), me
        case users, userGrant(Int64), userRevoke(Int64)
        case assignments, assignmentNew, assignment(Int64), assignmentsImport, assignmentsExport
        case focalPoints(String), focalPointHandover(String), focalPointNote(String), focalPointPropose(String), focalPointProposal(
            String,
            Int64
        )
        case gaps, gapsCSV, audit, outbox, legalInstruments, legalInstrument(Int64)
        case leadershipBrief, costing
        case selfAssessment, selfAssessmentRounds, selfAssessmentResponse(Int64, String), selfAssessmentAnswer(Int64, String)
        case vnrs, vnr(Int), vnrGoals(Int), vnrAnnexDocument(Int)
        case capacity, capacityEvent(Int64), capacityPerson(Int64), recognitionCertificate(Int64, Int64)
        case cycles, cycle(Int64), cycleOpen(Int64), cycleExtend(Int64), cycleClose(Int64), recognition
        case request(Int64, String), template(Int64, String, String), templateWorkbook(Int64, String, String), requestWorkbook(
            Int64,
            String
        )
        case submission(Int64, String, String), submissionSave(Int64, String, String), submissionUpload(Int64, String, String)
        case submissionStep(Int64, String, String), submissionCorrect(Int64, String, String)
        case submissionAreaSave(Int64, String, String), submissionExport(Int64, String, String)
        case translations, translation(TranslatableKind, String), translationReview, translationDecision(Int64)
        case settings
        case imports, importNew, importOpenSDG, importSDMX, importBatch(Int64), importPublish(Int64), importDiscard(Int64)
        case apiTokens, institutionAPITokens(String), apiTokenRevoke(String, Int64)
        case dhis2, dhis2Instance(Int64), dhis2Mapping(Int64), dhis2MappingRemove(Int64), dhis2MappingImport(Int64)
        case dhis2MappingExport(Int64, String), dhis2OrgUnits(Int64), dhis2OrgUnitsFetch(Int64), dhis2Pull(Int64)
        case dhis2Schedule(Int64), dhis2Credential(Int64), dhis2PullReport(Int64, Int64)
        case indicatorDataWorkbook(String), assignmentsExportWorkbook, gapsWorkbook, submissionExportWorkbook(Int64, String, String)
        case plans, plan(String), planResult(String, String), planIndicator(String, String), planHarmonisation(String)
        case planComparison(String, String), planReport(String, Int), planEdit(String), planImport, planExport(String, String)
        case planIndicatorValue(String, String), planIndicatorTarget(String, String), planMainstreaming(String), planCycle(String)
        case planIndicatorEdit(String, String)
        case activities, activity(Int64), activityNew, activityEdit(Int64), activityImport, activityLocations
        case activityLocationDecision(Int64, Int), activitiesExport(String), institutionActivityNew(String), institutionActivityImport(
            String
        )
        case overlaps, overlap(Int64), overlapResolve(Int64)
        case chains, chain(Int64), chainNew, chainUnit(Int64, String), chainUnitForm(Int64, String), chainUnitSave(Int64, String)
        case chainUnitStep(Int64, String)
        case placeBulletin(String), bulletinSettings
    }

    public init(language: Language, page: Page) {
        self.language = language
        self.page = page
    }

    public var path: String {
        let prefix = "/\(language.rawValue)"
        switch page {
        case .home: return prefix + "/"
        case .goal(let n): return prefix + "/goals/\(n)"
        case .indicator(let code): return prefix + "/indicators/\(code)"
        case .indicatorData(let code): return prefix + "/indicators/\(code)/data.csv"
        case .indicatorDataWorkbook(let code): return prefix + "/indicators/\(code)/data.xlsx"
        case .methodology: return prefix + "/methodology"
        case .progress: return prefix + "/progress"
        case .reportingStatus: return prefix + "/reporting-status"
        case .dataAvailability: return prefix + "/data-availability"
        case .downloads: return prefix + "/downloads"
        case .progressConfig(let code): return prefix + "/indicators/\(code)/progress"
        case .places: return prefix + "/places"
        case .place(let code): return prefix + "/places/\(code)"
        case .search(let q):
            if let q, !q.isEmpty { return prefix + "/search?q=\(Self.queryEscape(q))" }
            return prefix + "/search"
        case .institutions: return prefix + "/institutions"
        case .dataSources: return prefix + "/about/data"
        case .handbook(let code): return prefix + "/institutions/\(code)/handbook"
        case .responsibilities: return prefix + "/responsibilities"
        case .signIn: return prefix + "/sign-in"
        case .signOut: return prefix + "/sign-out"
        case .signOutEverywhere: return prefix + "/sign-out-everywhere"
        case .passwordReset: return prefix + "/password-reset"
        case .passwordResetToken(let token): return prefix + "/password-reset/\(token)"
        case .me: return prefix + "/me"
        case .users: return prefix + "/admin/users"
        case .userGrant(let id): return prefix + "/admin/users/\(id)/roles"
        case .userRevoke(let id): return prefix + "/admin/users/\(id)/roles/revoke"
        case .assignments: return prefix + "/admin/assignments"
        case .assignmentNew: return prefix + "/admin/assignments/new"
        case .assignment(let id): return prefix + "/admin/assignments/\(id)"
        case .assignmentsImport: return prefix + "/admin/assignments/import"
        case .assignmentsExport: return prefix + "/admin/assignments/export.csv"
        case .assignmentsExportWorkbook: return prefix + "/admin/assignments/export.xlsx"
        case .focalPoints(let code): return prefix + "/admin/institutions/\(code)/focal-points"
        case .focalPointHandover(let code): return prefix + "/admin/institutions/\(code)/focal-points/handover"
        case .focalPointNote(let code): return prefix + "/admin/institutions/\(code)/notes"
        case .focalPointPropose(let code): return prefix + "/admin/institutions/\(code)/focal-points/proposals"
        case .focalPointProposal(let code, let id): return prefix + "/admin/institutions/\(code)/focal-points/proposals/\(id)"
        case .gaps: return prefix + "/admin/gaps"
        case .gapsCSV: return prefix + "/admin/gaps.csv"
        case .gapsWorkbook: return prefix + "/admin/gaps.xlsx"
        case .legalInstruments: return prefix + "/admin/legal-basis"
        case .legalInstrument(let id): return prefix + "/admin/legal-basis/\(id)"
        case .leadershipBrief: return prefix + "/brief"
        case .costing: return prefix + "/costing"
        case .selfAssessment: return prefix + "/self-assessment"
        case .selfAssessmentRounds: return prefix + "/self-assessment/rounds"
        case .selfAssessmentResponse(let round, let who): return prefix + "/self-assessment/\(round)/\(who)"
        case .selfAssessmentAnswer(let round, let who): return prefix + "/self-assessment/\(round)/\(who)/answer"
        case .vnrs: return prefix + "/vnr"
        case .vnr(let year): return prefix + "/vnr/\(year)"
        case .vnrGoals(let year): return prefix + "/vnr/\(year)/goals"
        case .vnrAnnexDocument(let year): return prefix + "/vnr/\(year)/annex.docx"
        case .capacity: return prefix + "/capacity"
        case .capacityEvent(let id): return prefix + "/capacity/events/\(id)"
        case .capacityPerson(let user): return prefix + "/capacity/people/\(user)"
        case .recognitionCertificate(let cycle, let user): return prefix + "/recognition/\(cycle)/people/\(user)"
        case .audit: return prefix + "/admin/audit"
        case .outbox: return prefix + "/admin/outbox"
        case .cycles: return prefix + "/cycles"
        case .cycle(let id): return prefix + "/cycles/\(id)"
        case .cycleOpen(let id): return prefix + "/cycles/\(id)/open"
        case .cycleExtend(let id): return prefix + "/cycles/\(id)/extend"
        case .cycleClose(let id): return prefix + "/cycles/\(id)/close"
        case .recognition: return prefix + "/recognition"
        case .request(let id, let i): return prefix + "/cycles/\(id)/requests/\(i)"
        case .template(let id, let i, let code): return prefix + "/cycles/\(id)/requests/\(i)/template/\(code).csv"
        case .templateWorkbook(let id, let i, let code): return prefix + "/cycles/\(id)/requests/\(i)/template/\(code).xlsx"
        case .requestWorkbook(let id, let i): return prefix + "/cycles/\(id)/requests/\(i)/template.xlsx"
        case .submission(let id, let i, let code): return prefix + "/cycles/\(id)/submissions/\(i)/\(code)"
        case .submissionSave(let id, let i, let code): return prefix + "/cycles/\(id)/submissions/\(i)/\(code)/save"
        case .submissionUpload(let id, let i, let code): return prefix + "/cycles/\(id)/submissions/\(i)/\(code)/upload"
        case .submissionStep(let id, let i, let code): return prefix + "/cycles/\(id)/submissions/\(i)/\(code)/step"
        case .submissionCorrect(let id, let i, let code): return prefix + "/cycles/\(id)/submissions/\(i)/\(code)/correct"
        case .submissionAreaSave(let id, let i, let code): return prefix + "/cycles/\(id)/submissions/\(i)/\(code)/area-save"
        case .submissionExport(let id, let i, let code): return prefix + "/cycles/\(id)/submissions/\(i)/\(code)/export.csv"
        case .submissionExportWorkbook(let id, let i, let code): return prefix + "/cycles/\(id)/submissions/\(i)/\(code)/export.xlsx"
        case .translations: return prefix + "/translations"
        case .translation(let kind, let key): return prefix + "/translations/\(kind.rawValue)/\(Self.pathEscape(key))"
        case .translationReview: return prefix + "/translations/review"
        case .translationDecision(let id): return prefix + "/translations/review/\(id)"
        case .settings: return prefix + "/admin/settings"
        case .imports: return prefix + "/admin/imports"
        case .importNew: return prefix + "/admin/imports/new"
        case .importOpenSDG: return prefix + "/admin/imports/open-sdg"
        case .importSDMX: return prefix + "/admin/imports/sdmx"
        case .importBatch(let id): return prefix + "/admin/imports/\(id)"
        case .importPublish(let id): return prefix + "/admin/imports/\(id)/publish"
        case .importDiscard(let id): return prefix + "/admin/imports/\(id)/discard"
        case .apiTokens: return prefix + "/admin/api-tokens"
        case .institutionAPITokens(let code): return prefix + "/admin/institutions/\(code)/api-tokens"
        case .apiTokenRevoke(let code, let id): return prefix + "/admin/institutions/\(code)/api-tokens/\(id)/revoke"
        case .dhis2: return prefix + "/dhis2"
        case .dhis2Instance(let id): return prefix + "/dhis2/\(id)"
        case .dhis2Mapping(let id): return prefix + "/dhis2/\(id)/mapping"
        case .dhis2MappingRemove(let id): return prefix + "/dhis2/\(id)/mapping/remove"
        case .dhis2MappingImport(let id): return prefix + "/dhis2/\(id)/mapping/import"
        case .dhis2MappingExport(let id, let file): return prefix + "/dhis2/\(id)/mapping/\(file)"
        case .dhis2OrgUnits(let id): return prefix + "/dhis2/\(id)/org-units"
        case .dhis2OrgUnitsFetch(let id): return prefix + "/dhis2/\(id)/org-units/fetch"
        case .dhis2Pull(let id): return prefix + "/dhis2/\(id)/pull"
        case .dhis2Schedule(let id): return prefix + "/dhis2/\(id)/schedule"
        case .dhis2Credential(let id): return prefix + "/dhis2/\(id)/credential"
        case .dhis2PullReport(let id, let pull): return prefix + "/dhis2/\(id)/pulls/\(pull)"
        case .plans: return prefix + "/plans"
        case .plan(let code): return prefix + "/plans/\(code)"
        case .planResult(let code, let result): return prefix + "/plans/\(code)/results/\(result)"
        case .planIndicator(let code, let indicator): return prefix + "/plans/\(code)/indicators/\(Self.pathEscape(indicator))"
        case .planHarmonisation(let code): return prefix + "/plans/\(code)/harmonisation"
        case .planComparison(let code, let other): return prefix + "/plans/\(code)/compare/\(other)"
        case .planReport(let code, let year): return prefix + "/plans/\(code)/report/\(year)"
        case .planEdit(let code): return prefix + "/admin/plans/\(code)"
        case .planImport: return prefix + "/admin/plans/import"
        case .planExport(let code, let file): return prefix + "/plans/\(code)/\(file)"
        case .planIndicatorValue(let code, let indicator):
            return prefix + "/plans/\(code)/indicators/\(Self.pathEscape(indicator))/values"
        case .planIndicatorTarget(let code, let indicator):
            return prefix + "/plans/\(code)/indicators/\(Self.pathEscape(indicator))/targets"
        case .planIndicatorEdit(let code, let indicator):
            return prefix + "/plans/\(code)/indicators/\(Self.pathEscape(indicator))/edit"
        case .planMainstreaming(let code): return prefix + "/plans/\(code)/mainstreaming"
        case .planCycle(let code): return prefix + "/admin/plans/\(code)/cycle"
        case .activities: return prefix + "/activities"
        case .activity(let id): return prefix + "/activities/\(id)"
        case .activityNew: return prefix + "/admin/activities/new"
        case .activityEdit(let id): return prefix + "/admin/activities/\(id)"
        case .activityImport: return prefix + "/admin/activities/import"
        case .activityLocations: return prefix + "/admin/activities/locations"
        case .activityLocationDecision(let id, let position): return prefix + "/admin/activities/\(id)/locations/\(position)"
        case .activitiesExport(let file): return prefix + "/activities/export/\(file)"
        case .institutionActivityNew(let code): return prefix + "/admin/institutions/\(code)/activities/new"
        case .institutionActivityImport(let code): return prefix + "/admin/institutions/\(code)/activities/import"
        case .overlaps: return prefix + "/overlaps"
        case .overlap(let id): return prefix + "/overlaps/\(id)"
        case .overlapResolve(let id): return prefix + "/overlaps/\(id)/resolve"
        case .chains: return prefix + "/chains"
        case .chain(let id): return prefix + "/chains/\(id)"
        case .chainNew: return prefix + "/admin/chains/new"
        case .chainUnit(let id, let area): return prefix + "/chains/\(id)/units/\(area)"
        case .chainUnitForm(let id, let area): return prefix + "/chains/\(id)/units/\(area)/form"
        case .chainUnitSave(let id, let area): return prefix + "/chains/\(id)/units/\(area)/save"
        case .chainUnitStep(let id, let area): return prefix + "/chains/\(id)/units/\(area)/step"
        case .placeBulletin(let code): return prefix + "/places/\(code)/bulletin"
        case .bulletinSettings: return prefix + "/admin/bulletins"
        }
    }

    /// The same page in another language.
    public func `in`(_ language: Language) -> SitePath { SitePath(language: language, page: page) }

    public static func home(_ l: Language) -> SitePath { .init(language: l, page: .home) }
    public static func goal(_ l: Language, _ n: Int) -> SitePath { .init(language: l, page: .goal(n)) }
    public static func indicator(_ l: Language, _ code: String) -> SitePath { .init(language: l, page: .indicator(code)) }
    public static func places(_ l: Language) -> SitePath { .init(language: l, page: .places) }
    public static func place(_ l: Language, _ code: String) -> SitePath { .init(language: l, page: .place(code)) }
    public static func search(_ l: Language, _ q: String?) -> SitePath { .init(language: l, page: .search(q)) }
    public static func institutions(_ l: Language) -> SitePath { .init(language: l, page: .institutions) }
    public static func dataSources(_ l: Language) -> SitePath { .init(language: l, page: .dataSources) }

    /// Route patterns for the router, with the same segments as `path`.
    public enum Pattern {
        public static let home = "/{lang}"
        public static let goal = "/{lang}/goals/{number}"
        public static let indicator = "/{lang}/indicators/{code}"
        public static let indicatorData = "/{lang}/indicators/{code}/data.csv"
        public static let indicatorDataWorkbook = "/{lang}/indicators/{code}/data.xlsx"
        public static let methodology = "/{lang}/methodology"
        public static let progress = "/{lang}/progress"
        public static let progressConfig = "/{lang}/indicators/{code}/progress"
        public static let reportingStatus = "/{lang}/reporting-status"
        public static let dataAvailability = "/{lang}/data-availability"
        public static let downloads = "/{lang}/downloads"
        public static let places = "/{lang}/places"
        public static let place = "/{lang}/places/{code}"
        public static let search = "/{lang}/search"
        public static let institutions = "/{lang}/institutions"
        public static let dataSources = "/{lang}/about/data"
        public static let handbook = "/{lang}/institutions/{institution}/handbook"
        public static let responsibilities = "/{lang}/responsibilities"
        public static let signIn = "/{lang}/sign-in"
        public static let signOut = "/{lang}/sign-out"
        public static let signOutEverywhere = "/{lang}/sign-out-everywhere"
        public static let passwordReset = "/{lang}/password-reset"
        public static let passwordResetToken = "/{lang}/password-reset/{token}"
        public static let me = "/{lang}/me"
        public static let users = "/{lang}/admin/users"
        public static let userGrant = "/{lang}/admin/users/{user}/roles"
        public static let userRevoke = "/{lang}/admin/users/{user}/roles/revoke"
        public static let assignments = "/{lang}/admin/assignments"
        public static let assignmentNew = "/{lang}/admin/assignments/new"
        public static let assignment = "/{lang}/admin/assignments/{assignment}"
        public static let assignmentsImport = "/{lang}/admin/assignments/import"
        public static let assignmentsExport = "/{lang}/admin/assignments/export.csv"
        public static let assignmentsExportWorkbook = "/{lang}/admin/assignments/export.xlsx"
        public static let focalPoints = "/{lang}/admin/institutions/{institution}/focal-points"
        public static let focalPointHandover = "/{lang}/admin/institutions/{institution}/focal-points/handover"
        public static let focalPointNote = "/{lang}/admin/institutions/{institution}/notes"
        public static let focalPointPropose = "/{lang}/admin/institutions/{institution}/focal-points/proposals"
        public static let focalPointProposal = "/{lang}/admin/institutions/{institution}/focal-points/proposals/{proposal}"
        public static let gaps = "/{lang}/admin/gaps"
        public static let gapsCSV = "/{lang}/admin/gaps.csv"
        public static let gapsWorkbook = "/{lang}/admin/gaps.xlsx"
        public static let legalInstruments = "/{lang}/admin/legal-basis"
        public static let legalInstrument = "/{lang}/admin/legal-basis/{instrument}"
        public static let leadershipBrief = "/{lang}/brief"
        public static let costing = "/{lang}/costing"
        public static let selfAssessment = "/{lang}/self-assessment"
        public static let selfAssessmentRounds = "/{lang}/self-assessment/rounds"
        public static let selfAssessmentResponse = "/{lang}/self-assessment/{round}/{institution}"
        public static let selfAssessmentAnswer = "/{lang}/self-assessment/{round}/{institution}/answer"
        public static let vnrs = "/{lang}/vnr"
        public static let vnr = "/{lang}/vnr/{year}"
        public static let vnrGoals = "/{lang}/vnr/{year}/goals"
        public static let vnrAnnexDocument = "/{lang}/vnr/{year}/annex.docx"
        public static let capacity = "/{lang}/capacity"
        public static let capacityEvent = "/{lang}/capacity/events/{event}"
        public static let capacityPerson = "/{lang}/capacity/people/{user}"
        public static let recognitionCertificate = "/{lang}/recognition/{cycle}/people/{user}"
        public static let audit = "/{lang}/admin/audit"
        public static let outbox = "/{lang}/admin/outbox"
        public static let cycles = "/{lang}/cycles"
        public static let cycle = "/{lang}/cycles/{cycle}"
        public static let cycleOpen = "/{lang}/cycles/{cycle}/open"
        public static let cycleExtend = "/{lang}/cycles/{cycle}/extend"
        public static let cycleClose = "/{lang}/cycles/{cycle}/close"
        public static let recognition = "/{lang}/recognition"
        public static let request = "/{lang}/cycles/{cycle}/requests/{institution}"
        public static let template = "/{lang}/cycles/{cycle}/requests/{institution}/template/{file}"
        public static let requestWorkbook = "/{lang}/cycles/{cycle}/requests/{institution}/template.xlsx"
        public static let submission = "/{lang}/cycles/{cycle}/submissions/{institution}/{indicator}"
        public static let submissionSave = "/{lang}/cycles/{cycle}/submissions/{institution}/{indicator}/save"
        public static let submissionUpload = "/{lang}/cycles/{cycle}/submissions/{institution}/{indicator}/upload"
        public static let submissionStep = "/{lang}/cycles/{cycle}/submissions/{institution}/{indicator}/step"
        public static let submissionCorrect = "/{lang}/cycles/{cycle}/submissions/{institution}/{indicator}/correct"
        public static let submissionAreaSave = "/{lang}/cycles/{cycle}/submissions/{institution}/{indicator}/area-save"
        public static let submissionExport = "/{lang}/cycles/{cycle}/submissions/{institution}/{indicator}/export.csv"
        public static let submissionExportWorkbook = "/{lang}/cycles/{cycle}/submissions/{institution}/{indicator}/export.xlsx"
        public static let translations = "/{lang}/translations"
        public static let translationReview = "/{lang}/translations/review"
        public static let translationDecision = "/{lang}/translations/review/{change}"
        public static let translation = "/{lang}/translations/{kind}/{key}"
        public static let settings = "/{lang}/admin/settings"
        public static let imports = "/{lang}/admin/imports"
        public static let importNew = "/{lang}/admin/imports/new"
        public static let importOpenSDG = "/{lang}/admin/imports/open-sdg"
        public static let importSDMX = "/{lang}/admin/imports/sdmx"
        public static let importBatch = "/{lang}/admin/imports/{batch}"
        public static let importPublish = "/{lang}/admin/imports/{batch}/publish"
        public static let importDiscard = "/{lang}/admin/imports/{batch}/discard"
        public static let apiTokens = "/{lang}/admin/api-tokens"
        public static let institutionAPITokens = "/{lang}/admin/institutions/{institution}/api-tokens"
        public static let apiTokenRevoke = "/{lang}/admin/institutions/{institution}/api-tokens/{token}/revoke"
        public static let dhis2 = "/{lang}/dhis2"
        public static let dhis2Instance = "/{lang}/dhis2/{instance}"
        public static let dhis2Mapping = "/{lang}/dhis2/{instance}/mapping"
        public static let dhis2MappingRemove = "/{lang}/dhis2/{instance}/mapping/remove"
        public static let dhis2MappingImport = "/{lang}/dhis2/{instance}/mapping/import"
        public static let dhis2MappingExport = "/{lang}/dhis2/{instance}/mapping/{file}"
        public static let dhis2OrgUnits = "/{lang}/dhis2/{instance}/org-units"
        public static let dhis2OrgUnitsFetch = "/{lang}/dhis2/{instance}/org-units/fetch"
        public static let dhis2Pull = "/{lang}/dhis2/{instance}/pull"
        public static let dhis2Schedule = "/{lang}/dhis2/{instance}/schedule"
        public static let dhis2Credential = "/{lang}/dhis2/{instance}/credential"
        public static let dhis2PullReport = "/{lang}/dhis2/{instance}/pulls/{pull}"
        public static let plans = "/{lang}/plans"
        public static let plan = "/{lang}/plans/{plan}"
        public static let planResult = "/{lang}/plans/{plan}/results/{result}"
        public static let planIndicator = "/{lang}/plans/{plan}/indicators/{indicator}"
        public static let planHarmonisation = "/{lang}/plans/{plan}/harmonisation"
        public static let planComparison = "/{lang}/plans/{plan}/compare/{other}"
        public static let planReport = "/{lang}/plans/{plan}/report/{year}"
        public static let planEdit = "/{lang}/admin/plans/{plan}"
        public static let planImport = "/{lang}/admin/plans/import"
        /// `plan.csv` or `plan.xlsx`.
        public static let planExport = "/{lang}/plans/{plan}/{file}"
        public static let planIndicatorValue = "/{lang}/plans/{plan}/indicators/{indicator}/values"
        public static let planIndicatorTarget = "/{lang}/plans/{plan}/indicators/{indicator}/targets"
        public static let planIndicatorEdit = "/{lang}/plans/{plan}/indicators/{indicator}/edit"
        public static let planMainstreaming = "/{lang}/plans/{plan}/mainstreaming"
        public static let planCycle = "/{lang}/admin/plans/{plan}/cycle"
        public static let activities = "/{lang}/activities"
        public static let activity = "/{lang}/activities/{activity}"
        public static let activityNew = "/{lang}/admin/activities/new"
        public static let activityEdit = "/{lang}/admin/activities/{activity}"
        public static let activityImport = "/{lang}/admin/activities/import"
        public static let activityLocations = "/{lang}/admin/activities/locations"
        public static let activityLocationDecision = "/{lang}/admin/activities/{activity}/locations/{position}"
        /// `activities.csv` or `activities.xlsx`.
        public static let activitiesExport = "/{lang}/activities/export/{file}"
        public static let institutionActivityNew = "/{lang}/admin/institutions/{institution}/activities/new"
        public static let institutionActivityImport = "/{lang}/admin/institutions/{institution}/activities/import"
        public static let overlaps = "/{lang}/overlaps"
        public static let overlap = "/{lang}/overlaps/{overlap}"
        public static let overlapResolve = "/{lang}/overlaps/{overlap}/resolve"
        public static let chains = "/{lang}/chains"
        public static let chain = "/{lang}/chains/{chain}"
        public static let chainNew = "/{lang}/admin/chains/new"
        public static let chainUnit = "/{lang}/chains/{chain}/units/{area}"
        public static let chainUnitForm = "/{lang}/chains/{chain}/units/{area}/form"
        public static let chainUnitSave = "/{lang}/chains/{chain}/units/{area}/save"
        public static let chainUnitStep = "/{lang}/chains/{chain}/units/{area}/step"
        public static let placeBulletin = "/{lang}/places/{code}/bulletin"
        public static let bulletinSettings = "/{lang}/admin/bulletins"
    }

    /// A path segment with everything but unreserved characters and `@` percent-encoded.
    static func pathEscape(_ text: String) -> String {
        queryEscape(text).replacingOccurrences(of: "+", with: "%20").replacingOccurrences(of: "%40", with: "@")
    }

    static func queryEscape(_ text: String) -> String {
        var out = ""
        let hex = Array("0123456789ABCDEF")
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: " "):
                out.append("+")
            default:
                out.append("%"); out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}

/// Static assets, with a version so they can be cached for a long time.
public enum AssetPath {
    public static let version = "12"
    public static let stylesheet = "/assets/pasan.css?v=\(version)"
    /// Progressive enhancement only (the chart selector submits itself on change).
    public static let script = "/assets/pasan.js?v=\(version)"
    public static let fontRegular = "/assets/fonts/NotoSansLao-Regular.ttf"
    public static let fontBold = "/assets/fonts/NotoSansLao-Bold.ttf"
}
