import PasanDomain
import Testing

@Suite struct ActivityCheckTests {
    static let areas: [String: Area] = [
        "01": Area(
            code: "01",
            level: .province,
            parentCode: "LA",
            name: LocalizedText(en: "Vientiane Capital", lo: nil, loStatus: .machine)
        ),
        "0101": Area(code: "0101", level: .district, parentCode: "01", name: LocalizedText(en: "Chanthabuly", lo: nil, loStatus: .machine)),
        "0101001": Area(
            code: "0101001",
            level: .village,
            parentCode: "0101",
            name: LocalizedText(en: "Nongping", lo: nil, loStatus: .machine)
        ),
    ]
    static let context = ActivityCheckContext(
        areas: areas,
        institutionCodes: ["MOH", "LWU"],
        targetCodes: ["3.1", "6.1"],
        indicatorCodes: ["3.1.1", "6.1.1"]
    )

    static func activity(_ change: (inout Activity) -> Void = { _ in }) -> Activity {
        var activity = Activity(
            identifier: "LA-PASAN-MOH-1",
            implementer: ActivityOrganisation(
                role: .implementing,
                institution: "MOH",
                name: LocalizedText(en: "MOH", lo: nil, loStatus: .machine)
            ),
            title: LocalizedText(en: "Mother and child health", lo: nil, loStatus: .machine),
            start: LocalDate(year: 2025, month: 1, day: 1),
            end: LocalDate(year: 2026, month: 12, day: 31),
            budget: ActivityBudget(amount: 1000, currency: "USD"),
            locations: [ActivityLocation(areaCode: "0101001", level: .village), ActivityLocation(areaCode: "0101", level: .district)],
            sdgGoals: [3, 18],
            sdgTargets: ["3.1"],
            sdgIndicators: ["3.1.1"]
        )
        change(&activity)
        return activity
    }

    static func keys(_ activity: Activity, _ context: ActivityCheckContext = context) -> [String] {
        ActivityCheck.problems(of: activity, context: context).map(\.message.key)
    }

    @Test func aGoodActivityHasNoProblem() {
        #expect(Self.keys(Self.activity()).isEmpty)
        #expect(Self.keys(Self.activity { $0.locations = [] }).isEmpty, "a national activity has no place")
        #expect(Self.keys(Self.activity { $0.start = nil }).isEmpty, "an open start")
        #expect(Self.keys(Self.activity { $0.end = $0.start }).isEmpty, "one day")
    }

    @Test func eachRuleRefuses() {
        #expect(Self.keys(Self.activity { $0.identifier = "" }) == ["activities.check.identifierEmpty"])
        #expect(Self.keys(Self.activity { $0.identifier = "LA PASAN 1" }) == ["activities.check.identifierSpaces"])
        #expect(Self.keys(Self.activity { $0.identifier = "LA-\u{7}1" }) == ["activities.check.identifierSpaces"])
        #expect(
            Self.keys(Self.activity { $0.title = LocalizedText(en: "  ", lo: "x", loStatus: .machine) }) == [
                "activities.check.titleMissing"
            ]
        )
        #expect(Self.keys(Self.activity { $0.end = LocalDate(year: 2024, month: 12, day: 31) }) == ["activities.check.endBeforeStart"])
        #expect(Self.keys(Self.activity { $0.budget = ActivityBudget(amount: -1, currency: "USD") }) == ["activities.check.budgetNegative"])
        #expect(
            Self.keys(Self.activity { $0.budget = ActivityBudget(amount: .nan, currency: "USD") }) == ["activities.check.budgetNegative"]
        )
        #expect(Self.keys(Self.activity { $0.budget = ActivityBudget(amount: 1, currency: "usd") }) == ["activities.check.currencyInvalid"])
        #expect(Self.keys(Self.activity { $0.budget = ActivityBudget(amount: 1, currency: "US$") }) == ["activities.check.currencyInvalid"])
        #expect(Self.keys(Self.activity { $0.implementer.institution = "MOX" }) == ["activities.check.unknownInstitution"])
        #expect(
            Self.keys(
                Self.activity {
                    $0.participants = [
                        ActivityOrganisation(role: .funding, institution: "ZZZ", name: LocalizedText(en: "Z", lo: nil, loStatus: .machine))
                    ]
                }
            ) == ["activities.check.unknownInstitution"]
        )
        #expect(
            Self.keys(Self.activity { $0.locations.append(ActivityLocation(areaCode: "0199", level: .district)) }) == [
                "activities.check.unknownArea"
            ]
        )
        #expect(
            Self.keys(Self.activity { $0.locations = [ActivityLocation(areaCode: "0101", level: .village)] }) == [
                "activities.check.areaLevel"
            ]
        )
        #expect(Self.keys(Self.activity { $0.sdgGoals = [0, 19] }) == ["activities.check.sdgGoal", "activities.check.sdgGoal"])
        #expect(Self.keys(Self.activity { $0.sdgTargets = ["3.9"] }) == ["activities.check.sdgTarget"])
        #expect(Self.keys(Self.activity { $0.sdgIndicators = ["3.1.9"] }) == ["activities.check.sdgIndicator"])
    }

    @Test func problemsNameTheActivityTheFieldAndTheItem() throws {
        let problems = ActivityCheck.problems(
            of: Self.activity { $0.locations.append(ActivityLocation(areaCode: "9999", level: .district)) },
            context: Self.context
        )
        let problem = try #require(problems.first)
        #expect(problem.identifier == "LA-PASAN-MOH-1")
        #expect(problem.field == .locations)
        #expect(problem.index == 2)
        #expect(problem.message.arguments["code"] == .text("9999"))
    }

    @Test func withoutListsTheFrameworkCodesAreCheckedByShape() {
        let open = ActivityCheckContext(areas: Self.areas)
        #expect(Self.keys(Self.activity { $0.implementer.institution = "ANY" }, open).isEmpty, "institutions not checked without a list")
        #expect(
            Self.keys(
                Self.activity {
                    $0.sdgTargets = ["18.a"]; $0.sdgIndicators = ["17.19.2"]
                },
                open
            ).isEmpty
        )
        #expect(
            Self.keys(
                Self.activity {
                    $0.sdgTargets = ["19.1", "3"]; $0.sdgIndicators = ["3.1"]
                },
                open
            ) == [
                "activities.check.sdgTarget", "activities.check.sdgTarget", "activities.check.sdgIndicator",
            ]
        )
    }
}
