import PasanDomain

/// The plans' part of the OpenAPI document: the answers of `/api/v1/plans…`.
extension OpenAPIDocument {
    static func planSchemas(catalog: FrameworkCatalog) -> [String: JSONValue] {
        let planProperties: [(String, JSONValue)] = [
            ("code", ref("PlanCode")), ("name", ref("Text")), ("kind", oneOf(PlanKind.self)), ("status", oneOf(PlanStatus.self)),
            ("institution", nullable(string)), ("source", nullable(string)), ("start_year", integer), ("end_year", integer),
            ("parent_plan", nullable(string)), ("is_illustrative", boolean), ("note", nullable(string)),
            ("outcome_count", count), ("output_count", count), ("indicator_count", count), ("sdg_linked_indicator_count", count),
        ]
        let point = object("A year and a value.", ["year": integer, "value": number])
        return [
            "PlanCode": [
                "type": "string", "description": "The code of a plan.",
                "enum": .array(APICodeList.plan.codes(in: catalog).map(JSONValue.string)),
            ],
            "Plan": object("A development plan (demo plans have `is_illustrative`).", planProperties),
            "PlanList": list("Plan"),
            "PlanResult": object(
                "An outcome or output of a plan, with where its wording comes from and its progress rolled up from its indicators.",
                [
                    ("code", string), ("level", oneOf(PlanResultLevel.self)), ("parent", nullable(string)), ("title", ref("Text")),
                    ("source", nullable(string)), ("note", nullable(string)), ("is_verified", boolean),
                    ("aligns_with", array(string)), ("status", oneOf(ProgressStatus.self)), ("score", nullable(number)),
                    ("indicator_count", count),
                ]
            ),
            "PlanDetail": object("A plan with its outcomes and outputs.", planProperties + [("results", array(ref("PlanResult")))]),
            "PlanItem": object("One plan.", ["data": ref("PlanDetail")]),
            "PlanTarget": object(
                "A target: one year's (annual), the end of the plan's, or a milestone towards an SDG target.",
                ["year": integer, "value": number, "kind": oneOf(PlanTargetKind.self)]
            ),
            "PlanLink": object(
                "A link to an SDG indicator (and series): `same` makes one value serve both frameworks.",
                ["indicator": ref("IndicatorCode"), "series": nullable(string), "relation": oneOf(NationalRelation.self)]
            ),
            "PlanValue": object(
                "A value of a plan indicator and where it is kept: `plan` (entered for the plan) or `sdg` (the published national value of the SDG series the indicator is the same as).",
                [
                    "year": integer, "value": number, "source": nullable(string), "origin": ["type": "string", "enum": ["plan", "sdg"]],
                    "sdg_indicator": nullable(string), "sdg_series": nullable(string),
                ]
            ),
            "PlanProgress": object(
                "Progress against the target assessed, with the method and its edition.",
                [
                    "status": oneOf(ProgressStatus.self), "score": nullable(number), "method": string, "edition": string,
                    "target_year": nullable(integer), "target_value": nullable(number),
                    "target_kind": nullable(oneOf(PlanTargetKind.self)),
                ]
            ),
            "PlanIndicator": object(
                "An indicator of a plan's M&E framework.",
                [
                    ("code", string), ("result", string), ("title", ref("Text")), ("definition", nullable(ref("Text"))),
                    ("unit", nullable(string)), ("direction", nullable(oneOf(PlanDirection.self))), ("baseline", nullable(point)),
                    ("targets", array(ref("PlanTarget"))), ("responsible", nullable(string)), ("data_source", nullable(string)),
                    ("frequency", nullable(oneOf(CollectionFrequency.self))), ("is_illustrative", boolean), ("note", nullable(string)),
                    ("sdg_links", array(ref("PlanLink"))), ("values", array(ref("PlanValue"))), ("latest", nullable(ref("PlanValue"))),
                    ("progress", nullable(ref("PlanProgress"))),
                ]
            ),
            "PlanIndicatorList": list("PlanIndicator"),
        ]
    }
}

extension APICodeList {
    /// The path parameter's description in the document.
    var pathDescription: String {
        switch self {
        case .indicator: "An indicator code, e.g. 3.1.2 or 18.1.1."
        case .institution: "An institution code."
        case .plan: "A plan code, e.g. nsedp9."
        case .sdg: "A goal, target or indicator code, e.g. 3, 3.1 or 3.1.2."
        }
    }

    var example: String {
        switch self {
        case .indicator: "3.1.2"
        case .institution: "MOH"
        case .plan: "nsedp9"
        case .sdg: "3.1"
        }
    }
}
