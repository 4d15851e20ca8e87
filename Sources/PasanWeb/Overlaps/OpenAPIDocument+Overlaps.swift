import PasanDomain

/// The overlaps' part of the OpenAPI document: the answer of `/api/v1/overlaps`.
extension OpenAPIDocument {
    static var overlapSchemas: [String: JSONValue] {
        [
            "OverlapActivity": object(
                "One of the two activities (`title` and `implementer_name` null if the activity has left the registry).",
                [
                    ("identifier", string), ("title", nullable(ref("Text"))),
                    ("implementer", ["type": "string", "description": "The implementer's key: inst:CODE, ref:IATI-ORG-ID or name:…"]),
                    ("implementer_name", nullable(ref("Text"))), ("is_illustrative", nullable(boolean)),
                ]
            ),
            "OverlapPlace": object(
                "A place the two activities meet: a village, or a district where one of them is known only at district level.",
                ["code": string, "level": oneOf(OverlapLevel.self)]
            ),
            "OverlapResolution": object(
                "The latest decision on the overlap (earlier ones are kept in Pasan).",
                [
                    ("state", oneOf(OverlapState.self)), ("note", string), ("decided_by", string), ("decided_at", string),
                    ("revision", integer),
                ]
            ),
            "Overlap": object(
                "Two activities of different institutions doing similar work in the same places at the same time.",
                [
                    ("id", integer), ("activities", array(ref("OverlapActivity"))), ("places", array(ref("OverlapPlace"))),
                    ("level", oneOf(OverlapLevel.self)), ("sdg_targets", array(string)), ("sectors", array(string)),
                    ("period_start", nullable(date)), ("period_end", nullable(date)), ("state", oneOf(OverlapState.self)),
                    ("resolution", nullable(ref("OverlapResolution"))), ("is_current", boolean),
                ]
            ),
            "OverlapList": list("Overlap"),
        ]
    }
}
