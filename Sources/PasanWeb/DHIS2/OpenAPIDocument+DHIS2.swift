/// `POST /api/v1/dataValueSets` in the OpenAPI document: DHIS2's data value set in (JSON or
/// CSV), DHIS2's web message with its import summary out, and the token refusals every machine
/// operation has.
extension OpenAPIDocument {
    static func dhis2Operation(_ operation: APIOperation) -> JSONValue {
        let webMessage: JSONValue = ["application/json": ["schema": ref("DHIS2WebMessage")]]
        return [
            "operationId": .string(operation.id),
            "summary": .string(operation.summary),
            "description": .string(operation.description),
            "tags": ["dhis2"],
            "security": [["bearerAuth": []], ["ApiToken": []]],
            "parameters": .array(operation.query.map(parameter)),
            "requestBody": [
                "required": true,
                "description": .string(
                    "A DHIS2 data value set (JSON, or CSV as `text/csv` or DHIS2's `application/csv`), at most \(DHIS2PushController.maximumBytes / 1_048_576) MB: envelope `dataSet`, `period`, `orgUnit`, `completeDate`, `dryRun`; each value `dataElement`, `period`, `orgUnit`, `categoryOptionCombo`, `value`, `comment`, `followup`."
                ),
                "content": [
                    "application/json": [
                        "schema": ref("DHIS2DataValueSet"),
                        "example": [
                            "dataSet": "LaoSdgDs001", "period": "2023", "orgUnit": "jbRualozEqW",
                            "dataValues": [["dataElement": "LaoSbaPct01", "value": "88.5"]],
                        ],
                    ],
                    // DHIS2 sends `application/csv`; Pasan reads any CSV type, and documents the common one.
                    "text/csv": [
                        "schema": ["type": "string"],
                        "example":
                            "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\nLaoSbaPct01,2023,jbRualozEqW,,,88.5\n",
                    ],
                ],
            ],
            "responses": [
                "200": ["description": "Imported (SUCCESS), or imported in part (WARNING: see the conflicts).", "content": webMessage],
                "401": ref("Unauthorized", "responses"),
                "403": ref("Forbidden", "responses"),
                "409": ["description": "Nothing imported (ERROR), or no DHIS2 mapping of the institution to use.", "content": webMessage],
                "413": ["description": "A data value set over the size Pasan reads.", "content": webMessage],
                "429": ref("TooManyRequests", "responses"),
            ],
        ]
    }

    static var dhis2Schemas: [String: JSONValue] {
        [
            "DHIS2DataValueSet": [
                "type": "object",
                "description": "DHIS2's data value set (docs/dhis2.md; unknown keys are ignored, as DHIS2 does).",
                "properties": [
                    "dataSet": ["type": "string"], "period": ["type": "string"], "orgUnit": ["type": "string"],
                    "completeDate": ["type": "string"], "dryRun": ["type": "boolean"],
                    "dataValues": [
                        "type": "array",
                        "items": [
                            "type": "object",
                            "required": ["dataElement"],
                            "properties": [
                                "dataElement": ["type": "string"], "period": ["type": "string"], "orgUnit": ["type": "string"],
                                "categoryOptionCombo": ["type": "string"], "attributeOptionCombo": ["type": "string"],
                                "value": ["type": ["string", "number", "boolean", "null"]], "comment": ["type": ["string", "null"]],
                                "followup": ["type": "boolean"], "deleted": ["type": "boolean"],
                            ],
                        ],
                    ],
                ],
                "required": ["dataValues"],
            ],
            "DHIS2WebMessage": [
                "type": "object",
                "description": "DHIS2's web message; `response` is the import summary when there is one.",
                "properties": [
                    "httpStatus": ["type": "string"], "httpStatusCode": ["type": "integer"],
                    "status": ["type": "string", "enum": ["OK", "WARNING", "ERROR"]], "message": ["type": "string"],
                    "response": [
                        "type": "object",
                        "properties": [
                            "responseType": ["type": "string", "const": "ImportSummary"],
                            "status": ["type": "string", "enum": ["SUCCESS", "WARNING", "ERROR"]],
                            "description": ["type": "string"],
                            "importCount": [
                                "type": "object",
                                "properties": [
                                    "imported": ["type": "integer"], "updated": ["type": "integer"], "ignored": ["type": "integer"],
                                    "deleted": ["type": "integer"],
                                ],
                            ],
                            "conflicts": [
                                "type": "array",
                                "items": ["type": "object", "properties": ["object": ["type": "string"], "value": ["type": "string"]]],
                            ],
                        ],
                    ],
                ],
                "required": ["httpStatusCode", "status"],
            ],
        ]
    }
}
