import PasanDomain

/// The `submissions` operations in the OpenAPI document: their API token security schemes, path
/// parameters, request bodies (JSON and CSV), answers and refusals (401, 403, 404, 409, 413, 415,
/// 422, 429), described from the same definitions the machine API runs on (`APIOperation`,
/// `MachineSubmissionBody`, `APIRateLimit.pasanDefault`, the shapes of `MachineAPIModels.swift`).
extension OpenAPIDocument {
    static var machineTagDescription: String {
        "Institutions' own systems: their submissions, read and saved with an API token of the institution."
    }

    /// The `error.code`s only the machine API answers with.
    static var machineErrorCodes: [String] {
        [
            "unauthorized", "forbidden", "rate_limited", "conflict", "payload_too_large", "unsupported_media_type", "invalid_body",
            "validation_failed",
        ]
    }

    static var securitySchemes: JSONValue {
        [
            "bearerAuth": [
                "type": "http", "scheme": "bearer", "bearerFormat": "pasan_<8 hex digits>_<43 characters>",
                "description":
                    "An API token of the institution (`Authorization: Bearer pasan_ab12cd34_…`), created and revoked by its focal points or the Secretariat on the institution's API tokens page; shown once, stored hashed, with an expiry of at most one year (Pasan's default).",
            ],
            "ApiToken": [
                "type": "apiKey", "in": "header", "name": "Authorization",
                "description": "The same token in DHIS2's form: `Authorization: ApiToken pasan_ab12cd34_…`.",
            ],
        ]
    }

    static var ifMatch: JSONValue {
        [
            "name": "If-Match", "in": "header", "required": false,
            "description": "The version of the submission the rows are based on (the `ETag` of GET, e.g. `\"3\"`); or `version`.",
            "schema": ["type": "string", "pattern": #"^(W/)?"?[0-9]{1,18}"?$"#], "example": "\"1\"",
        ]
    }

    static func machineOperation(_ operation: APIOperation) -> JSONValue {
        var parameters: [JSONValue] = [
            [
                "name": "cycle", "in": "path", "required": true,
                "description": "The reporting cycle's id (`GET /api/v1/cycles` lists them).",
                "schema": ["type": "integer", "minimum": 1, "maximum": .int(Int.max - 1)], "example": 1,
            ],
            [
                "name": "institution", "in": "path", "required": true,
                "description": "The owner institution: the institution of the API token.",
                "schema": ref("InstitutionCode"), "example": "MOH",
            ],
            [
                "name": "indicator", "in": "path", "required": true, "description": "The indicator's code.",
                "schema": ref("IndicatorCode"), "example": "3.b.1",
            ],
        ]
        parameters += operation.query.map(parameter)
        var responses: [String: JSONValue] = [
            "400": ref("BadSubmissionRequest", "responses"),
            "401": ref("Unauthorized", "responses"),
            "403": ref("Forbidden", "responses"),
            "404": ref("NoSubmission", "responses"),
            "429": ref("TooManyRequests", "responses"),
        ]
        var item: [String: JSONValue] = [
            "operationId": .string(operation.id),
            "summary": .string(operation.summary),
            "description": .string(operation.description),
            "tags": ["submissions"],
            "security": [["bearerAuth": []], ["ApiToken": []]],
        ]
        switch operation.method {
        case .get:
            responses["200"] = [
                "description": .string(operation.summary),
                "headers": ["ETag": ref("ETag", "headers"), "Access-Control-Allow-Origin": corsHeader],
                "content": ["application/json": ["schema": ref(operation.response)]],
            ]
        case .post:
            parameters.append(["$ref": "#/components/parameters/IfMatch"])
            responses["200"] = [
                "description":
                    "The rows were saved: the submission's new version, and the report (its warnings, which the comment answered).",
                "headers": ["Access-Control-Allow-Origin": corsHeader],
                "content": ["application/json": ["schema": ref(operation.response)]],
            ]
            responses["409"] = ref("SubmissionConflict", "responses")
            responses["413"] = ref("PayloadTooLarge", "responses")
            responses["415"] = ref("UnsupportedMediaType", "responses")
            responses["422"] = ref("ValidationFailed", "responses")
            item["requestBody"] = [
                "required": true,
                "description": .string(
                    "Tidy rows, as JSON or as CSV (UTF-8), at most \(BodyLimit.upload.bytes / 1_048_576) MB. They replace the submission's values."
                ),
                "content": [
                    "application/json": [
                        "schema": ref("SubmissionRows"),
                        "example": [
                            "version": 1, "comment": "Preliminary figures of the 2023 survey",
                            "rows": [
                                ["Year": "2022", "SERIES": "SH_ACS_DTP3", "GeoCode": "LA", "Value": "85"],
                                ["Year": "2023", "SERIES": "SH_ACS_DTP3", "GeoCode": "LA", "Value": "86.5"],
                            ],
                        ],
                    ],
                    "text/csv": [
                        "schema": ["type": "string", "description": "Tidy CSV: the header row, then one row per value."],
                        "example": "Year,SERIES,GeoCode,Value\n2022,SH_ACS_DTP3,LA,85\n2023,SH_ACS_DTP3,LA,86.5\n",
                    ],
                ],
            ]
        }
        item["parameters"] = .array(parameters)
        item["responses"] = .object(responses)
        return .object(item)
    }

    static var machineHeaders: [String: JSONValue] {
        [
            "WWWAuthenticate": [
                "description": "How to authenticate: an API token as `Bearer` (or DHIS2's `ApiToken`).", "required": true,
                "schema": ["type": "string"],
            ],
            "RetryAfter": [
                "description": "Seconds to wait before the token's next request.", "required": true,
                "schema": ["type": "string", "pattern": "^[1-9][0-9]*$"],
            ],
        ]
    }

    static var machineResponses: [String: JSONValue] {
        func error(_ description: String, headers: [String: JSONValue] = [:]) -> JSONValue {
            [
                "description": .string(description),
                "headers": .object(headers.merging(["Access-Control-Allow-Origin": corsHeader], uniquingKeysWith: { a, _ in a })),
                "content": ["application/json": ["schema": ref("Error")]],
            ]
        }
        let limit = APIRateLimit.pasanDefault
        return [
            "BadSubmissionRequest": error(
                "A query parameter or `If-Match` has a value the API does not accept (`error.parameter` names it), or the body is not the JSON this operation takes (`invalid_body`, with where)."
            ),
            "Unauthorized": error(
                "No API token, not a Pasan token, no token with its prefix or a wrong secret, a revoked or an expired token. Refused uses of a token are written to Pasan's audit log with its prefix.",
                headers: ["WWW-Authenticate": ref("WWWAuthenticate", "headers")]
            ),
            "Forbidden": error(
                "The token is another institution's (a token acts as the owner of its own institution's submissions only), or it may only read and the operation writes."
            ),
            "NoSubmission": error("No open or closed reporting cycle has this id, or no indicator or institution has this code."),
            "SubmissionConflict": error(
                "Nothing was saved: the version named is not the submission's current one (someone saved meanwhile: read it again), the submission is locked in review or approved, or the cycle no longer takes the institution's data (its deadline has passed)."
            ),
            "PayloadTooLarge": error("The body is over \(BodyLimit.upload.bytes / 1_048_576) MB."),
            "UnsupportedMediaType": error("The body is neither `application/json` nor `text/csv`."),
            "TooManyRequests": error(
                "The token sent more than \(limit.perMinute) requests a minute, in bursts of at most \(limit.burst) (Pasan's default): wait `Retry-After` seconds.",
                headers: ["Retry-After": ref("RetryAfter", "headers")]
            ),
            "ValidationFailed": [
                "description":
                    "Nothing was saved: the rows have errors, or warnings without a comment (`error.code` validation_failed), or a CSV body that does not read; the report says where and why.",
                "headers": ["Access-Control-Allow-Origin": corsHeader],
                "content": ["application/json": ["schema": ref("ValidationFailure")]],
            ],
        ]
    }

    static var machineSchemas: [String: JSONValue] {
        let states = oneOf(SubmissionState.self)
        return [
            "SubmissionRows": [
                "type": "object",
                "description":
                    "Tidy rows to save: one object per value, its keys the tidy columns (Year, SERIES, UNIT_MEASURE, breakdowns such as SEX, OBS_STATUS, COMMENT_OBS, SOURCE_DETAIL, GeoCode, Value), a value text, a number or null (blank); `version` as GET answers it (none for a submission not saved yet); `comment` answers the rows' warnings.",
                "properties": [
                    "version": nullable(["type": "integer", "minimum": 0]),
                    "comment": nullable(["type": "string", "maxLength": .int(MachineSubmissionBody.maximumCommentLength)]),
                    "rows": array(ref("TidyRow")),
                ],
                "required": ["rows"], "additionalProperties": false,
            ],
            "TidyRow": [
                "type": "object", "description": "One tidy row: column → value.",
                "additionalProperties": ["type": ["string", "number", "null"]],
            ],
            "TidyValues": [
                "type": "object", "description": "One stored value as a tidy row (every column, blank when not given).",
                "properties": ["Year": string, "SERIES": string, "GeoCode": string, "Value": string],
                "required": ["Year", "SERIES", "GeoCode", "Value"], "additionalProperties": string,
            ],
            "ValidationIssue": object(
                "One problem: its row (the index in `rows` of a JSON body, the line of a CSV body, the index in `values`; null for the header or the whole submission), column and value, what was expected in the report's language (`message`), and the catalogue's key and arguments of that message.",
                [
                    "row": nullable(["type": "integer", "minimum": 0]), "column": string, "value": string, "message": string, "key": string,
                    "arguments": ["type": "object", "additionalProperties": string],
                ]
            ),
            "ValidationReport": object(
                "The validation report: errors refuse the rows, warnings need a comment.",
                [
                    "language": oneOf(Language.self), "valid": boolean, "errors": array(ref("ValidationIssue")),
                    "warnings": array(ref("ValidationIssue")),
                ]
            ),
            "Submission": object(
                "An institution's submission of an indicator in a cycle: state (null before the first save), revision, version, the owner's deadline and whether the cycle still takes the institution's data, the values as tidy rows and their validation report today.",
                [
                    "cycle": integer, "institution": string, "indicator": string, "state": nullable(states), "revision": count,
                    "version": count, "updated_at": nullable(string), "deadline": date, "accepts_submissions": boolean,
                    "values": array(ref("TidyValues")), "report": ref("ValidationReport"),
                ]
            ),
            "SubmissionItem": object("One submission.", ["data": ref("Submission")]),
            "SubmissionReceipt": object(
                "What a save did: the submission's state, revision and new version, how many values it holds now, and the report.",
                [
                    "cycle": integer, "institution": string, "indicator": string, "state": states, "revision": count, "version": count,
                    "saved": count, "report": ref("ValidationReport"),
                ]
            ),
            "SubmissionReceiptItem": object("A saved submission.", ["data": ref("SubmissionReceipt")]),
            "ValidationFailure": object(
                "Rows refused (nothing written): the error, and the report of what to fix.",
                [
                    "error": object(
                        "What went wrong.",
                        [
                            "status": ["type": "integer", "const": 422], "code": ["type": "string", "const": "validation_failed"],
                            "message": string, "parameter": nullable(string),
                        ]
                    ),
                    "report": ref("ValidationReport"),
                ]
            ),
        ]
    }
}
