import PasanDomain

/// A query parameter of the open-data API and what it accepts. Handlers read parameters only
/// through these (`APIQuery`), the response cache keys on them (`APIOperation.parameterNames`) and
/// the OpenAPI document describes them (`OpenAPIDocument`): one definition, so the document cannot
/// say something other than what the API checks.
struct APIParameter: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// A whole number in the range (outside it, or not a number: 400).
        case integer(ClosedRange<Int>)
        /// `true` or `false` (also `1`/`0`, `yes`/`no`, in any case).
        case boolean
        /// One of these values, exactly.
        case oneOf([String])
        /// A code of the framework catalog (checked against the catalog in memory).
        case code(APICodeList)
        /// Free text: at most `maximumLength` characters, no control characters.
        case text
    }

    let name: String
    let kind: Kind
    /// English technical documentation (the OpenAPI description), not interface text.
    let summary: String
    /// A value the API accepts, shown in the document (and tried by schemathesis).
    let example: String

    /// The longest free-text value the API reads (a search, an area code).
    static let maximumTextLength = 200

    static func oneOf<T: RawRepresentable & CaseIterable>(_ name: String, _ example: T, _ summary: String) -> APIParameter
    where T.RawValue == String {
        APIParameter(name: name, kind: .oneOf(T.allCases.map(\.rawValue)), summary: summary, example: example.rawValue)
    }

    // The parameters, by name. One value per meaning: `level` of progress and `level` of areas
    // accept different values, so they are two parameters.
    static let goal = APIParameter(
        name: "goal",
        kind: .integer(1...18),
        summary: "Only the items of this goal (1–17 global, 18 national).",
        example: "3"
    )
    static let tier = oneOf("tier", Tier.tier1, "Only indicators of this UN tier (`multiple`: components in different tiers).")
    static let scope = oneOf("scope", IndicatorScope.national, "Only global (IAEG-SDGs) or only national indicators.")
    static let nationalRelation = oneOf(
        "national_relation",
        NationalRelation.proxy,
        "Only indicators the national framework uses this way (same, adapted, proxy, additional)."
    )
    static let search = APIParameter(
        name: "q",
        kind: .text,
        summary: "Words or a code to search for in the indicators' codes and titles, in English or Lao.",
        example: "skilled health personnel"
    )
    static let includeRetired = APIParameter(
        name: "include_retired",
        kind: .boolean,
        summary: "Include indicators retired from the global list (default true).",
        example: "false"
    )
    static let limit = APIParameter(
        name: "limit",
        kind: .integer(1...PageRequest.maximumLimit),
        summary: "Items per page (default \(PageRequest.defaultLimit)).",
        example: "50"
    )
    static let dataLimit = APIParameter(
        name: "limit",
        kind: .integer(1...PageRequest.maximumDataLimit),
        summary: "Values per page (default \(PageRequest.defaultDataLimit)).",
        example: "1000"
    )
    static let offset = APIParameter(name: "offset", kind: .integer(0...Int.max - 1), summary: "Items to skip (default 0).", example: "50")
    static let progressLevel = oneOf("level", ProgressResult.Level.goal, "Only results at this level.")
    static let areaLevel = oneOf("level", AreaLevel.province, "Only areas at this administrative level.")
    static let parent = APIParameter(
        name: "parent",
        kind: .text,
        summary: "Only areas directly under the area with this code (e.g. 18 for the districts of province 18).",
        example: "18"
    )
    static let indicator = APIParameter(
        name: "indicator",
        kind: .code(.indicator),
        summary: "Only assignments of this indicator.",
        example: "3.1.2"
    )
    static let institution = APIParameter(
        name: "institution",
        kind: .code(.institution),
        summary: "Only assignments in which this institution takes part (case does not matter).",
        example: "MOH"
    )
    static let language = oneOf(
        "lang",
        Language.en,
        "The language of the validation report's messages (otherwise the first of lo or en in Accept-Language; else en)."
    )
    static let version = APIParameter(
        name: "version",
        kind: .integer(0...Int.max - 1),
        summary: "The version of the submission the rows are based on (as GET answers it); also `If-Match` or the JSON body's `version`.",
        example: "1"
    )
    static let dhis2Instance = APIParameter(
        name: "instance",
        kind: .text,
        summary: "The DHIS2 instance (name or id) whose mapping applies, when the institution has several.",
        example: "MOH HMIS"
    )
    static let dryRun = APIParameter(
        name: "dryRun",
        kind: .boolean,
        summary: "Check and count as an import would, without writing anything (also `dryRun` in the payload).",
        example: "true"
    )
    static let comment = APIParameter(
        name: "comment",
        kind: .text,
        summary: "The comment on the rows' warnings, for a CSV body (a JSON body has its own `comment`).",
        example: "Preliminary figures of the 2023 survey"
    )
}

/// The code lists a parameter may be checked against: the catalog in memory holds them.
enum APICodeList: String, Sendable, Hashable {
    case indicator
    case institution
    case plan
    /// A goal (`3`, `18`), target (`3.1`) or indicator (`3.1.1`) of the framework.
    case sdg

    func codes(in catalog: FrameworkCatalog) -> [String] {
        switch self {
        case .sdg: catalog.goals.map { String($0.number) } + catalog.targets.map(\.code) + catalog.indicators.map(\.code)
        case .indicator: catalog.indicators.map(\.code)
        case .institution: catalog.institutions.map(\.code)
        case .plan: catalog.plans.map(\.code)
        }
    }
}

/// A route of the open-data API: where it is, the parameters it reads, the shape of its answer.
/// The controllers register these paths, read these parameters and cache on them; the OpenAPI
/// document is made from the same list (`APIOperation.all`), and a test compares that list with
/// the router's routes.
struct APIOperation: Sendable {
    /// The full path, with `{name}` for a path parameter (the router's syntax and OpenAPI's).
    let path: String
    let id: String
    let summary: String
    let description: String
    let query: [APIParameter]
    /// The path parameter, if any: a code of this list (404 when it names nothing).
    let pathCode: APICodeList?
    /// The name of the answer's schema in the document's components.
    let response: String
    /// The HTTP method: `get` for every open-data operation.
    var method: APIMethod = .get
    /// The API token scope the operation needs (`Authorization: Bearer …`); `nil`: open data,
    /// no token.
    var security: APITokenScope? = nil

    var parameterNames: [String] { query.map(\.name) }

    /// The path under `/api/v1/`, as the API's router group registers it.
    var route: String {
        precondition(path.hasPrefix(Self.prefix + "/"), "\(path) is not under \(Self.prefix)")
        return String(path.dropFirst(Self.prefix.count + 1))
    }

    static let prefix = "/api/v1"

    static let goals = APIOperation(
        path: "/api/v1/goals",
        id: "listGoals",
        summary: "The 18 goals",
        description: "The 17 global goals and Lao PDR's national Goal 18, with their counts of targets and indicators. Not paginated.",
        query: [],
        pathCode: nil,
        response: "GoalList"
    )
    static let targets = APIOperation(
        path: "/api/v1/targets",
        id: "listTargets",
        summary: "Targets",
        description: "The targets of all goals, or of one goal.",
        query: [.goal, .limit, .offset],
        pathCode: nil,
        response: "TargetList"
    )
    static let indicators = APIOperation(
        path: "/api/v1/indicators",
        id: "listIndicators",
        summary: "Indicators",
        description: "Global and national indicators, filtered and searched.",
        query: [.goal, .tier, .scope, .nationalRelation, .search, .includeRetired, .limit, .offset],
        pathCode: nil,
        response: "IndicatorList"
    )
    static let indicator = APIOperation(
        path: "/api/v1/indicators/{code}",
        id: "getIndicator",
        summary: "One indicator with its series",
        description: "An indicator by its code (3.1.2, 18.1.1), with its statistical series.",
        query: [],
        pathCode: .indicator,
        response: "IndicatorItem"
    )
    static let indicatorData = APIOperation(
        path: "/api/v1/indicators/{code}/data",
        id: "getIndicatorData",
        summary: "Published values of one indicator",
        description:
            "The published observations of the indicator's series, national and by area, a page at a time, "
            + "in the order series, area, period, breakdown; `meta.next` is the next page.",
        query: [.dataLimit, .offset],
        pathCode: .indicator,
        response: "ObservationList"
    )
    static let progress = APIOperation(
        path: "/api/v1/progress",
        id: "listProgress",
        summary: "Progress assessments",
        description: "Progress of indicators, targets and goals, with the method and edition each was computed with. Not paginated.",
        query: [.progressLevel],
        pathCode: nil,
        response: "ProgressList"
    )
    static let areas = APIOperation(
        path: "/api/v1/areas",
        id: "listAreas",
        summary: "Administrative areas",
        description: "The country, provinces, districts and villages, by level and parent.",
        query: [.areaLevel, .parent, .limit, .offset],
        pathCode: nil,
        response: "AreaList"
    )
    static let institutions = APIOperation(
        path: "/api/v1/institutions",
        id: "listInstitutions",
        summary: "Institutions",
        description: "Ministries and other bodies, with their validity and succession (mergers, renamings). Not paginated.",
        query: [],
        pathCode: nil,
        response: "InstitutionList"
    )
    static let assignments = APIOperation(
        path: "/api/v1/assignments",
        id: "listAssignments",
        summary: "Data responsibilities",
        description: "Who owns, reports and contributes to each indicator, on what legal basis and from which source. Not paginated.",
        query: [.indicator, .institution],
        pathCode: nil,
        response: "AssignmentList"
    )
    static let cycles = APIOperation(
        path: "/api/v1/cycles",
        id: "listCycles",
        summary: "Reporting cycles",
        description:
            "Open and closed reporting cycles with their schedule and each institution's completeness and timeliness. Not paginated.",
        query: [],
        pathCode: nil,
        response: "CycleList"
    )
    static let plans = APIOperation(
        path: "/api/v1/plans",
        id: "listPlans",
        summary: "Development plans",
        description:
            "The national plans (NSEDP) and sector plans Pasan monitors, with their period, status (draft or adopted), source and counts of outcomes, outputs, indicators and SDG-linked indicators. Demo plans are marked `is_illustrative`. Not paginated.",
        query: [],
        pathCode: nil,
        response: "PlanList"
    )
    static let plan = APIOperation(
        path: "/api/v1/plans/{code}",
        id: "getPlan",
        summary: "One plan with its outcomes and outputs",
        description:
            "A plan by its code (`nsedp9`), with its outcomes and outputs (source of each wording, alignment of a sector plan's outputs with the national plan's) and the progress of each, rolled up from its indicators.",
        query: [],
        pathCode: .plan,
        response: "PlanItem"
    )
    static let planIndicators = APIOperation(
        path: "/api/v1/plans/{code}/indicators",
        id: "listPlanIndicators",
        summary: "A plan's indicators with their SDG links, targets and values",
        description:
            "Every indicator of the plan: definition, unit, baseline, annual, end-of-plan and milestone targets, responsible institution, SDG links (same: the value is the SDG series' published value, and the reverse; adapted; proxy), values with where each comes from, the latest value, and progress against the end-of-plan target (Open SDG / Statistics Canada method, with its edition). Not paginated.",
        query: [],
        pathCode: .plan,
        response: "PlanIndicatorList"
    )
    static let openAPI = APIOperation(
        path: "/api/v1/openapi.json",
        id: "getOpenAPIDocument",
        summary: "This document",
        description: "The OpenAPI 3.1 description of the open-data API.",
        query: [],
        pathCode: nil,
        response: "OpenAPIDocument"
    )

    /// One submission of an institution's system (an API token of that institution).
    static let submission = APIOperation(
        path: "/api/v1/submissions/{cycle}/{institution}/{indicator}",
        id: "getSubmission",
        summary: "One submission: state, version, values and validation report",
        description:
            "An institution's submission of an indicator in a reporting cycle, for the institution's own systems: its state, revision and version (what a save names), its values as tidy rows, and their validation report today (errors and warnings located by row and column, with the catalogue key and arguments of each message). Needs an API token of the institution (scope read or write).",
        query: [.language],
        pathCode: nil,
        response: "SubmissionItem",
        method: .get,
        security: .read
    )
    static let submissionSave = APIOperation(
        path: "/api/v1/submissions/{cycle}/{institution}/{indicator}",
        id: "saveSubmission",
        summary: "Save tidy rows into a submission",
        description:
            "Replaces the values of the institution's submission with tidy rows, as JSON or as CSV, through the same validation as the data-entry grid: errors refuse the rows (422, nothing written), warnings need a comment, a cell another institution reports is refused (one point of reporting), and the save names the version it is based on (a stale version is a 409, never merged). Needs an API token of the institution with the write scope.",
        query: [.version, .comment, .language],
        pathCode: nil,
        response: "SubmissionReceiptItem",
        method: .post,
        security: .write
    )

    /// DHIS2's own import, for a DHIS2 instance pushing with an institution's API token
    /// (`DHIS2PushController`; also at DHIS2's path `/api/dataValueSets`).
    static let dataValueSets = APIOperation(
        path: "/api/v1/dataValueSets",
        id: "importDataValueSet",
        summary: "Import a DHIS2 data value set",
        description:
            "DHIS2's `POST /api/dataValueSets`, for a DHIS2 instance (or any system speaking DHIS2) that pushes to Pasan: DHIS2's data value set as JSON, or as CSV (`application/csv`, DHIS2's columns), mapped by the institution's DHIS2 mapping (data elements and combos to series and breakdowns, confirmed organisation units to areas) into its submissions of the open cycle, through the same validation as typed data. The answer is DHIS2's web message with its import summary: 200 for SUCCESS and WARNING (as DHIS2 2.43 answers), 409 for ERROR; conflicts list every value left aside with the reason, in English, or in Lao with `Accept-Language: lo`. The same import is at DHIS2's own path `/api/dataValueSets`, with `/api/system/info` and `/api/me`, so that a DHIS2 client pointed at Pasan's address works. Needs an API token of the institution with the write scope (`Authorization: ApiToken …` as DHIS2 clients send it, or `Bearer …`).",
        query: [.dhis2Instance, .dryRun],
        pathCode: nil,
        response: "DHIS2WebMessage",
        method: .post,
        security: .write
    )

    /// The public, read-only open-data operations (no token, cross-origin, cached).
    static let openData: [APIOperation] = [
        goals, targets, indicators, indicator, indicatorData, progress, areas, institutions, assignments, cycles, plans, plan,
        planIndicators, openAPI,
    ]

    /// The operations of institutions' systems, with an API token.
    static let machine: [APIOperation] = [submission, submissionSave, dataValueSets]

    /// Every operation of `/api/v1`, in the order the document lists them.
    static let all: [APIOperation] = openData + activityOperations + overlapOperations + machine

    /// Whether `path` is an address of this operation (`{name}` stands for one segment).
    func matches(_ path: String) -> Bool {
        let template = self.path.split(separator: "/", omittingEmptySubsequences: false)
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard template.count == segments.count else { return false }
        return zip(template, segments).allSatisfy { t, s in t.hasPrefix("{") && t.hasSuffix("}") ? !s.isEmpty : t == s }
    }

    /// The methods other than GET (upper case: `POST`) the operations at `path` take, for the
    /// open-data middleware, which answers every other method with 405.
    static func writeMethods(at path: String) -> [String] {
        all.filter { $0.method != .get && $0.matches(path) }.map { $0.method.rawValue.uppercased() }
    }
}

/// The HTTP methods of `/api/v1` operations (the OpenAPI document's lower-case names).
enum APIMethod: String, Sendable, Hashable {
    case get
    case post
}
