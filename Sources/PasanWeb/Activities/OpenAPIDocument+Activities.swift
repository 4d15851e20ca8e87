import PasanDomain

/// The activity registry's part of the OpenAPI document: the answers of `/api/v1/activities…`,
/// and the operations' path items (the identifier is a path parameter of its own).
extension OpenAPIDocument {
    static var activitySchemas: [String: JSONValue] {
        let organisation = object(
            "An organisation taking part: a Pasan institution (`institution`), or an outside organisation by IATI identifier (`ref`) and name.",
            [
                ("role", oneOf(OrganisationRole.self)), ("institution", nullable(string)), ("ref", nullable(string)),
                ("name", ref("Text")),
            ]
        )
        let place = object(
            "A place the activity works in, how it was matched (code, alias table, point in the district boundaries, name) and whether it counts (a name match counts once a person confirms it).",
            [
                ("code", string), ("level", ["type": "string", "enum": ["province", "district", "village"]]),
                ("match", oneOf(LocationMatchKind.self)), ("status", oneOf(LocationStatus.self)),
            ]
        )
        let activity = object(
            "An activity: who does what where, when, for which SDG targets (demo activities have `is_illustrative`).",
            [
                ("identifier", string), ("implementer", organisation), ("participants", array(organisation)), ("title", ref("Text")),
                ("description", nullable(ref("Text"))), ("status", oneOf(ActivityStatus.self)), ("start", nullable(date)),
                ("end", nullable(date)),
                ("budget", nullable(object("Money planned, in one currency (ISO 4217).", ["amount": number, "currency": string]))),
                ("places", array(place)),
                (
                    "sectors",
                    array(
                        object(
                            "A sector: IATI's vocabulary (1 DAC purpose code, 2 DAC sector) and the code.",
                            ["vocabulary": string, "code": string]
                        )
                    )
                ),
                ("sdg_goals", array(integer)), ("sdg_targets", array(string)), ("sdg_indicators", array(string)),
                ("is_illustrative", boolean), ("revision", count),
            ]
        )
        return [
            "Activity": activity,
            "ActivityList": list("Activity"),
            "ActivityItem": object("One activity.", ["data": ref("Activity")]),
        ]
    }

    /// The path items of the activity operations: the generic ones, with the identifier declared
    /// as a path parameter and its 404.
    static func activityPathItems() -> [String: [String: JSONValue]] {
        var items: [String: [String: JSONValue]] = [:]
        for activityOperation in APIOperation.activityOperations {
            guard case .object(var item) = operation(activityOperation) else { continue }
            if activityOperation.path.contains("{identifier}") {
                let parameter: JSONValue = [
                    "name": "identifier", "in": "path", "required": true,
                    "description": "An activity's identifier (IATI identifier, or LA-PASAN-<institution>-<n>).",
                    "schema": ["type": "string"], "example": "LA-PASAN-MOH-1",
                ]
                if case .array(let parameters)? = item["parameters"] { item["parameters"] = .array([parameter] + parameters) }
                if case .object(var responses)? = item["responses"] {
                    responses["404"] = ref("NotFound", "responses")
                    item["responses"] = .object(responses)
                }
            }
            items[activityOperation.path] = ["get": .object(item)]
        }
        return items
    }
}
