import PasanDomain
import PasanViews
import Testing

/// SDG costing (issue 17) in Lao and English, compared with its reviewed snapshot.
@Suite struct SDGCostingPageTests {
    @Test(arguments: Language.allCases)
    func costing(_ l: Language) {
        func activity(_ id: String, _ amount: Double, targets: [String], from: String?, to: String?) -> Activity {
            Activity(
                identifier: id,
                implementer: ActivityOrganisation(
                    role: .implementing,
                    institution: "MOH",
                    name: LocalizedText(en: "MOH", lo: nil, loStatus: .machine)
                ),
                title: LocalizedText(en: id, lo: nil, loStatus: .machine),
                start: from.flatMap { LocalDate(iso: $0) },
                end: to.flatMap { LocalDate(iso: $0) },
                budget: ActivityBudget(amount: amount, currency: "LAK"),
                sdgTargets: targets,
                isIllustrative: true
            )
        }
        let costing = SDGCosting(activities: [
            activity("a", 1_200_000_000, targets: ["3.1", "3.2"], from: "2025-07-01", to: "2026-06-30"),
            activity("b", 450_000_000, targets: ["4.1"], from: nil, to: nil),
        ])
        let titles = [
            3: LocalizedText(en: "Good health", lo: "ສຸຂະພາບດີ", loStatus: .machine),
            4: LocalizedText(en: "Quality education", lo: "ການສຶກສາ", loStatus: .machine),
        ]
        Snapshot.check(SDGCostingPage(language: l, costing: costing, goalTitles: titles).render(), "SDGCostingPage", l)
    }
}
