import PasanDomain

/// A JSON value, to build documents whose shape is not a Swift type (the OpenAPI document).
/// Objects are written with sorted keys by `APIController.encoder`.
indirect enum JSONValue: Sendable, Equatable, Encodable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}

/// The OpenAPI 3.1 description of `/api/v1`, served at `GET /api/v1/openapi.json`.
///
/// Made at run time from the same definitions the API runs on: the operations, their paths and
/// query parameters from `APIOperation.all` (which the controllers register and read through),
/// the allowed values of enumerated parameters and fields from the domain's enumerations, and the
/// indicator and institution codes from the catalog in memory. The answer schemas below describe
/// the shapes of `APIModels.swift` (and `APIAssignment`, `APICycle`): every object lists all of
/// its fields, requires them and allows no others, so a field added to a shape and not here fails
/// the tests that validate real answers against this document (`OpenAPITests`, and schemathesis
/// in `tests/exchange/test_openapi.py`).
///
/// The descriptions are English technical documentation, not interface text.
enum OpenAPIDocument {
    static let title = "Pasan open-data API"
    /// The version of this document; the API's own version is the `v1` in its paths.
    static let version = "1.0.0"

    static func make(catalog: FrameworkCatalog) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for operation in APIOperation.all {
            paths[operation.path, default: [:]][operation.method.rawValue] =
                operation.security == nil
                ? self.operation(operation)
                : operation.id == APIOperation.dataValueSets.id ? dhis2Operation(operation) : machineOperation(operation)
        }
        paths.merge(activityPathItems(), uniquingKeysWith: { _, activities in activities })
        return [
            "openapi": "3.1.0",
            "info": info,
            "servers": [["url": "/", "description": "The Pasan instance that serves this document."]],
            "tags": [
                ["name": "open-data", "description": "Public, read-only, cross-origin (CORS) JSON."],
                ["name": "submissions", "description": .string(machineTagDescription)],
                ["name": "dhis2", "description": "DHIS2's own data value import, for DHIS2 instances pushing to Pasan."],
            ],
            "paths": .object(paths.mapValues(JSONValue.object)),
            "components": [
                "schemas": .object(
                    schemas(catalog: catalog).merging(machineSchemas, uniquingKeysWith: { a, _ in a })
                        .merging(planSchemas(catalog: catalog), uniquingKeysWith: { a, _ in a })
                        .merging(overlapSchemas, uniquingKeysWith: { a, _ in a })
                        .merging(activitySchemas, uniquingKeysWith: { a, _ in a })
                        .merging(dhis2Schemas, uniquingKeysWith: { a, _ in a })
                ),
                "responses": .object(responseObjects.merging(machineResponses, uniquingKeysWith: { a, _ in a })),
                "headers": .object(headerObjects.merging(machineHeaders, uniquingKeysWith: { a, _ in a })),
                "parameters": [
                    "IfNoneMatch": [
                        "name": "If-None-Match", "in": "header", "required": false,
                        "description": "The `ETag` of a copy the client has: a 304 without a body when it is current.",
                        "schema": ["type": "string"],
                    ],
                    "IfMatch": ifMatch,
                ],
                "securitySchemes": securitySchemes,
            ],
        ]
    }

    static var info: JSONValue {
        [
            "title": .string(title),
            "version": .string(version),
            "summary": "Lao PDR's SDG framework, published data, progress and data responsibilities as JSON.",
            "description": .string(
                """
                Read-only JSON for open-data users: goals, targets, indicators and their series, published \
                observations, progress assessments, administrative areas, institutions, data \
                responsibilities and reporting cycles. Conventions: every text carries `en`, `lo` and \
                `lo_status` (the review state of the Lao text: Lao framework titles are machine \
                translations until a translator's proposal is approved); every field is always present \
                (`null` when Pasan has no value); long lists are paginated with `limit` and `offset`, \
                and `meta.next` is the address of the next page; a query parameter with a value the API \
                does not accept, or given more than once, is a 400 naming the parameter, and an empty \
                value is the parameter left out; every error has the shape \
                `{"error": {"status", "code", "message", "parameter"}}`; an unknown address under \
                `/api/v1/` is a 404 of that shape, a method other than GET, HEAD or OPTIONS a 405. \
                Answers carry an `ETag` (a matching `If-None-Match` gets a 304) and may be read from \
                any origin (CORS, without credentials). The licence below is Pasan's default for the \
                published data until the publishing institution sets its own; the reference data \
                (framework, places) carry the licences listed on the portal's About the data page.

                The `submissions` operations are not open data: an institution's own systems read and \
                save its submissions with an API token of the institution (`Authorization: Bearer \
                <token>`, or DHIS2's `Authorization: ApiToken <token>`), which its focal points or the \
                Secretariat create on the institution's API tokens page. Without a valid token they \
                answer 401, for another institution's submission or a read-only token's save 403; each \
                token may send \(APIRateLimit.pasanDefault.perMinute) requests a minute in bursts of \
                \(APIRateLimit.pasanDefault.burst) (Pasan's default), then 429 with `Retry-After`.
                """
            ),
            "license": [
                "name": "CC BY 4.0 (Pasan's default, until the publishing institution sets the licence of its data)",
                "identifier": "CC-BY-4.0",
            ],
            "contact": ["name": "The SDG Secretariat of Lao PDR (Pasan's default placeholder: set the publishing institution's contact)"],
        ]
    }

    // MARK: - Operations

    static func operation(_ operation: APIOperation) -> JSONValue {
        var parameters: [JSONValue] = []
        if let codes = operation.pathCode {
            parameters.append([
                "name": "code", "in": "path", "required": true,
                "description": .string(codes.pathDescription), "schema": ref(codeSchema(codes)), "example": .string(codes.example),
            ])
        }
        parameters += operation.query.map(parameter)
        let cached = operation.path != APIOperation.cycles.path
        if cached {
            parameters.append(["$ref": "#/components/parameters/IfNoneMatch"])
        }
        var responses: [String: JSONValue] = [
            "200": [
                "description": .string(operation.summary),
                "headers": cached
                    ? ["ETag": ref("ETag", "headers"), "Access-Control-Allow-Origin": corsHeader]
                    : ["Access-Control-Allow-Origin": corsHeader],
                "content": ["application/json": ["schema": ref(operation.response)]],
            ]
        ]
        if cached {
            responses["304"] = ref("NotModified", "responses")
        }
        if !operation.query.isEmpty { responses["400"] = ref("BadRequest", "responses") }
        if operation.pathCode != nil { responses["404"] = ref("NotFound", "responses") }
        return [
            "operationId": .string(operation.id),
            "summary": .string(operation.summary),
            "description": .string(operation.description),
            "tags": ["open-data"],
            "parameters": .array(parameters),
            "responses": .object(responses),
        ]
    }

    /// A query parameter. An empty value (`?goal=`) is the same as leaving the parameter out, as
    /// `APIQuery` reads it; `allowEmptyValue` says so.
    static func parameter(_ parameter: APIParameter) -> JSONValue {
        [
            "name": .string(parameter.name), "in": "query", "required": false, "allowEmptyValue": true,
            "description": .string(parameter.summary + " An empty value is the same as leaving the parameter out."),
            "schema": schema(parameter), "example": example(parameter),
        ]
    }

    /// The parameter's example as the JSON value its schema describes.
    static func example(_ parameter: APIParameter) -> JSONValue {
        switch parameter.kind {
        case .integer: Int(parameter.example).map(JSONValue.int) ?? .string(parameter.example)
        case .boolean: .bool(parameter.example == "true")
        case .oneOf, .code, .text: .string(parameter.example)
        }
    }

    /// What a query parameter accepts, as `APIQuery` checks it.
    static func schema(_ parameter: APIParameter) -> JSONValue {
        switch parameter.kind {
        case .integer(let range):
            return ["type": "integer", "minimum": .int(range.lowerBound), "maximum": .int(range.upperBound)]
        case .boolean:
            return ["type": "boolean"]
        case .oneOf(let values):
            return ["type": "string", "enum": .array(values.map(JSONValue.string))]
        case .code(let codes):
            return ref(codeSchema(codes))
        case .text:
            return text
        }
    }

    /// Free text as the API reads it: no control characters, at most `maximumTextLength`.
    static var text: JSONValue {
        ["type": "string", "maxLength": .int(APIParameter.maximumTextLength), "pattern": #"^[^\u0000-\u001F\u007F-\u009F]*$"#]
    }

    static func codeSchema(_ codes: APICodeList) -> String {
        switch codes {
        case .indicator: "IndicatorCode"
        case .institution: "InstitutionCode"
        case .plan: "PlanCode"
        case .sdg: "SDGCode"
        }
    }

    static var corsHeader: JSONValue { ref("AccessControlAllowOrigin", "headers") }

    static var headerObjects: [String: JSONValue] {
        [
            "ETag": ["description": "The version of the answer, for `If-None-Match`.", "schema": ["type": "string"]],
            "AccessControlAllowOrigin": [
                "description": "Any origin may read the open-data API (no credentials).", "required": true,
                "schema": ["type": "string", "const": "*"],
            ],
        ]
    }

    static var responseObjects: [String: JSONValue] {
        [
            "NotModified": [
                "description": "The client's copy (its `If-None-Match`) is current.",
                "headers": ["ETag": ref("ETag", "headers"), "Access-Control-Allow-Origin": corsHeader],
            ],
            "BadRequest": [
                "description": "A query parameter has a value the API does not accept; `error.parameter` names it.",
                "headers": ["Access-Control-Allow-Origin": corsHeader],
                "content": ["application/json": ["schema": ref("Error")]],
            ],
            "NotFound": [
                "description": "No item has this code.",
                "headers": ["Access-Control-Allow-Origin": corsHeader],
                "content": ["application/json": ["schema": ref("Error")]],
            ],
        ]
    }

    // MARK: - Schemas

    static func ref(_ name: String, _ section: String = "schemas") -> JSONValue {
        ["$ref": .string("#/components/\(section)/\(name)")]
    }

    /// An object with exactly these properties, all required.
    static func object(_ description: String, _ properties: KeyValuePairs<String, JSONValue>) -> JSONValue {
        object(description, properties.map { ($0.key, $0.value) })
    }

    static func object(_ description: String, _ properties: [(String, JSONValue)]) -> JSONValue {
        [
            "type": "object", "description": .string(description),
            "properties": .object(Dictionary(properties, uniquingKeysWith: { a, _ in a })),
            "required": .array(properties.map { .string($0.0) }), "additionalProperties": false,
        ]
    }

    static func nullable(_ schema: JSONValue) -> JSONValue {
        guard case .object(var object) = schema, case .string(let type)? = object["type"] else {
            return ["anyOf": [schema, ["type": "null"]]]
        }
        object["type"] = [.string(type), "null"]
        if case .array(let values)? = object["enum"] { object["enum"] = .array(values + [.null]) }
        return .object(object)
    }

    static func oneOf<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ extra: [String] = []) -> JSONValue where T.RawValue == String {
        ["type": "string", "enum": .array((T.allCases.map(\.rawValue) + extra).map(JSONValue.string))]
    }

    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }

    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let number: JSONValue = ["type": "number"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let date: JSONValue = ["type": "string", "format": "date"]
    static let count: JSONValue = ["type": "integer", "minimum": 0]

    /// A list answer: `data` and `meta`.
    static func list(_ item: String) -> JSONValue {
        object("A list of \(item) items, with `meta` for pagination.", ["data": array(ref(item)), "meta": ref("ListMeta")])
    }

    static func schemas(catalog: FrameworkCatalog) -> [String: JSONValue] {
        [
            "IndicatorCode": [
                "type": "string", "description": "The code of an indicator of the framework.",
                "enum": .array(APICodeList.indicator.codes(in: catalog).map(JSONValue.string)),
            ],
            "SDGCode": [
                "type": "string", "description": "A goal (3), target (3.1) or indicator (3.1.1) of the framework.",
                "enum": .array(APICodeList.sdg.codes(in: catalog).map(JSONValue.string)),
            ],
            "InstitutionCode": [
                "type": "string", "description": "The code of an institution.",
                "enum": .array(APICodeList.institution.codes(in: catalog).map(JSONValue.string)),
            ],
            "Text": object(
                "A text in English and Lao, with the review state of the Lao text.",
                ["en": string, "lo": nullable(string), "lo_status": oneOf(TranslationStatus.self)]
            ),
            "ListMeta": object(
                "Pagination: `total` items, this page's `limit` and `offset`, and the address of the next page (`null` on the last).",
                ["total": count, "limit": count, "offset": count, "next": nullable(string)]
            ),
            "Goal": object(
                "A goal: the 17 global goals and the national Goal 18.",
                [
                    "number": ["type": "integer", "minimum": 1, "maximum": 18], "short_title": ref("Text"), "title": ref("Text"),
                    "colour": ["type": "string", "pattern": "^#[0-9A-Fa-f]{6}$"], "is_national": boolean,
                    "target_count": count, "indicator_count": count,
                ]
            ),
            "Target": object(
                "A target under a goal (`title` is null where the official text was not found).",
                ["code": string, "goal": integer, "title": nullable(ref("Text")), "is_national": boolean]
            ),
            "Series": object(
                "A statistical series of an indicator (SDMX SERIES code).",
                [
                    "code": string, "name": ref("Text"), "unit": nullable(string), "unit_multiplier": nullable(integer),
                    "scope": oneOf(IndicatorScope.self),
                ]
            ),
            "Indicator": object("An indicator, global or national (lists leave out its series).", indicatorProperties),
            "IndicatorDetail": object("An indicator with its series.", indicatorProperties + [("series", array(ref("Series")))]),
            "IndicatorItem": object("One indicator.", ["data": ref("IndicatorDetail")]),
            "Observation": object(
                "A published value: series, area (`LA` for the country), period and disaggregation (SDMX dimension → code; totals omitted).",
                [
                    "series": string, "area": string, "period": string,
                    "dimensions": ["type": "object", "additionalProperties": string], "unit": string, "value": number,
                    "status": nullable(string), "source": nullable(string),
                ]
            ),
            "Progress": object(
                "A progress result of an indicator, target or goal, with the method and edition it was computed with.",
                [
                    "level": oneOf(ProgressResult.Level.self), "code": string, "score": nullable(number),
                    "status": oneOf(ProgressStatus.self), "method": string, "edition": string, "overridden": boolean,
                ]
            ),
            "Area": object(
                "An administrative area: the country, a province, a district or a village.",
                [
                    "code": string, "level": oneOf(AreaLevel.self), "parent_code": nullable(string), "name": ref("Text"),
                    "pcode": nullable(string), "iso_code": nullable(string), "note": nullable(string),
                ]
            ),
            "InstitutionLink": object(
                "A succession between two institutions.",
                ["institution": string, "kind": oneOf(SuccessionKind.self), "date": nullable(date)]
            ),
            "Institution": object(
                "A ministry or other body, with its validity and succession.",
                [
                    "code": string, "abbreviation": ref("Text"), "name": ref("Text"), "kind": oneOf(InstitutionKind.self),
                    "valid_from": nullable(date), "valid_to": nullable(date),
                    "successors": array(ref("InstitutionLink")), "predecessors": array(ref("InstitutionLink")),
                ]
            ),
            "Assignment": assignment,
            "LegalBasis": legalBasis,
            "Cycle": object(
                "A reporting cycle (open or closed) with its schedule and each institution's results.",
                [
                    "id": integer, "name": ref("Text"), "status": oneOf(CycleStatus.self),
                    "reference_years": array(integer),
                    "schedule": object(
                        "The cycle's dates.",
                        [
                            "request_date": date, "owner_deadline": date, "reporter_deadline": date,
                            "statistics_deadline": date, "approval_deadline": date, "publication_date": date,
                        ]
                    ),
                    "institutions": array(ref("CycleInstitution")),
                ]
            ),
            "CycleInstitution": object(
                "One institution in a cycle: its deadline, completeness and timeliness (0 to 1), and the state of each indicator.",
                [
                    "institution": string, "deadline": date,
                    "completeness": ["type": "number", "minimum": 0, "maximum": 1],
                    "timeliness": ["type": "number", "minimum": 0, "maximum": 1],
                    "days_late": count, "returned": count,
                    "indicators": ["type": "object", "additionalProperties": oneOf(SubmissionState.self, ["not-started"])],
                ]
            ),
            "GoalList": list("Goal"),
            "TargetList": list("Target"),
            "IndicatorList": list("Indicator"),
            "ObservationList": list("Observation"),
            "ProgressList": list("Progress"),
            "AreaList": list("Area"),
            "InstitutionList": list("Institution"),
            "AssignmentList": list("Assignment"),
            "CycleList": list("Cycle"),
            "Error": object(
                "Every error of the API.",
                [
                    "error": object(
                        "What went wrong: the HTTP status, a stable code, an English message and the parameter at fault (or null).",
                        [
                            "status": ["type": "integer", "minimum": 400, "maximum": 599],
                            "code": [
                                "type": "string",
                                "enum": .array(
                                    (["invalid_parameter", "not_found", "method_not_allowed"] + machineErrorCodes).map(JSONValue.string)
                                ),
                            ],
                            "message": string, "parameter": nullable(string),
                        ]
                    )
                ]
            ),
            "OpenAPIDocument": [
                "type": "object", "description": "An OpenAPI 3.1 document (this one).",
                "required": ["openapi", "info", "paths"],
                "properties": ["openapi": ["type": "string", "const": "3.1.0"]],
            ],
        ]
    }

    static var indicatorProperties: [(String, JSONValue)] {
        [
            ("code", string), ("goal", integer), ("target", string), ("title", ref("Text")), ("scope", oneOf(IndicatorScope.self)),
            ("un_code", nullable(string)), ("tier", nullable(oneOf(Tier.self))), ("custodians", array(string)),
            ("partners", array(string)), ("national_relation", nullable(oneOf(NationalRelation.self))),
            ("related_global_code", nullable(string)), ("relation_basis", nullable(string)), ("is_retired", boolean),
            ("has_data", boolean),
        ]
    }

    /// `APIAssignment` (the handbook's answer) leaves out the fields it has no value for, so only
    /// its lists and the indicator are required.
    static var assignment: JSONValue {
        let properties: [String: JSONValue] = [
            "id": integer, "indicator": string, "series": string, "disaggregation": string,
            "geographic_level": oneOf(AreaLevel.self), "owners": array(string), "reporter": string,
            "contributors": array(string), "legal_basis": ref("LegalBasis"), "source_kind": oneOf(DataSourceKind.self),
            "source_name": string, "frequency": oneOf(CollectionFrequency.self), "collection_due": string,
            "release_calendar": string, "valid_from": date, "valid_to": date,
        ]
        return [
            "type": "object",
            "description":
                "Who owns (SDGi), reports (SDGr) and contributes to an indicator, optionally narrowed to a series, a disaggregation or a level; fields without a value are left out.",
            "properties": .object(properties), "required": ["indicator", "owners", "contributors"], "additionalProperties": false,
        ]
    }

    static var legalBasis: JSONValue {
        [
            "type": "object", "description": "The instrument that assigns the responsibility.",
            "properties": ["instrument": string, "number": string, "date": date],
            "required": ["instrument"], "additionalProperties": false,
        ]
    }
}
