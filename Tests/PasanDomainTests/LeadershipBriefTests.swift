import Testing

@testable import PasanDomain

/// The leadership brief (issue 17, item 4): what is late and who owes it, the largest gaps, the
/// decisions pending, from plain inputs.
@Suite struct LeadershipBriefTests {
    static let today = LocalDate(year: 2026, month: 6, day: 15)!

    static func duty(
        _ stage: DeadlineStage,
        _ who: String,
        _ indicator: String,
        due: String,
        done: String? = nil,
        waiting: Bool = true
    )
        -> StepDuty
    {
        StepDuty(
            stage: stage,
            institution: who,
            owner: who,
            indicator: indicator,
            reporter: nil,
            deadline: LocalDate(iso: due)!,
            doneOn: done.flatMap { LocalDate(iso: $0) },
            needsAction: waiting
        )
    }

    static func goal(_ n: Int, _ indicators: Int, _ withData: Int, _ status: ProgressStatus? = nil) -> LeadershipBrief.GoalLine {
        .init(
            goal: n,
            title: LocalizedText(en: "Goal \(n)", lo: nil, loStatus: .machine),
            status: status,
            indicators: indicators,
            withData: withData
        )
    }

    @Test func lateStepsAreThoseWhoseDeadlinePassedUntaken() {
        let brief = LeadershipBrief(
            asOf: Self.today,
            goals: [Self.goal(3, 10, 4, .moderateProgress), Self.goal(1, 5, 5), Self.goal(4, 8, 1)],
            openCycles: [
                (
                    "2026 annual",
                    [
                        Self.duty(.owner, "MOH", "3.1.2", due: "2026-06-01"),  // 14 days late
                        Self.duty(.owner, "MOES", "4.1.1", due: "2026-06-10"),  // 5 days late
                        Self.duty(.owner, "MOH", "3.3.1", due: "2026-06-01", done: "2026-05-30", waiting: false),  // done
                        Self.duty(.owner, "MOH", "3.b.1", due: "2026-06-30"),  // not yet due
                        Self.duty(.statistics, "LSB", "3.1.1", due: "2026-06-14"),  // 1 day late, awaits LSB
                        Self.duty(.statistics, "LSB", "3.2.1", due: "2026-07-01"),  // awaits LSB, not late
                        Self.duty(.reporter, "LSB", "3.1.1", due: "2026-06-01", waiting: false),  // not its turn
                    ]
                )
            ],
            openOverlaps: 2,
            valueConflicts: 0
        )
        #expect(brief.late.map { "\($0.institution) \($0.indicator) \($0.daysLate)" } == ["MOH 3.1.2 14", "MOES 4.1.1 5", "LSB 3.1.1 1"])
        #expect(brief.lateByInstitution.map(\.institution) == ["LSB", "MOES", "MOH"])
        #expect(brief.goals.map(\.goal) == [1, 3, 4])
        #expect(brief.largestGaps.map(\.goal) == [4, 3])
        #expect(brief.decisions == [.init(kind: .openOverlaps, count: 2), .init(kind: .awaitingStatistics, count: 2)])
    }

    @Test func aQuietDayHasNothingToSay() {
        let brief = LeadershipBrief(asOf: Self.today, goals: [Self.goal(1, 2, 2)], openCycles: [], openOverlaps: 0, valueConflicts: 0)
        #expect(brief.late.isEmpty && brief.largestGaps.isEmpty && brief.decisions.isEmpty)
    }
}
