import PasanDomain
import PasanViews
import Testing

/// The leadership brief (issue 17) in Lao and English, compared with its reviewed snapshot.
@Suite struct LeadershipBriefPageTests {
    typealias F = Fixtures

    @Test(arguments: Language.allCases)
    func brief(_ l: Language) {
        func duty(_ stage: DeadlineStage, _ who: String, _ indicator: String, due: LocalDate) -> StepDuty {
            StepDuty(
                stage: stage,
                institution: who,
                owner: who,
                indicator: indicator,
                reporter: nil,
                deadline: due,
                doneOn: nil,
                needsAction: true
            )
        }
        let brief = LeadershipBrief(
            asOf: F.today,
            goals: [
                .init(
                    goal: 3,
                    title: LocalizedText(en: "Good health", lo: "ສຸຂະພາບດີ", loStatus: .machine),
                    status: .moderateProgress,
                    indicators: 13,
                    withData: 9
                ),
                .init(
                    goal: 4,
                    title: LocalizedText(en: "Quality education", lo: "ການສຶກສາ", loStatus: .machine),
                    status: nil,
                    indicators: 11,
                    withData: 2
                ),
            ],
            openCycles: [
                (
                    "2025 annual report",
                    [
                        duty(.owner, "MOH", "3.1.2", due: F.today.adding(days: -12)),
                        duty(.statistics, "LSB", "3.1.1", due: F.today.adding(days: -2)),
                    ]
                )
            ],
            openOverlaps: 3,
            valueConflicts: 1
        )
        Snapshot.check(LeadershipBriefPage(language: l, brief: brief).render(), "LeadershipBriefPage", l)
    }
}
