/// The steps of a cycle that someone answers for by a date: owners deliver, reporters review what
/// owners sent, LSB approves official statistics. The Secretariat's approval is not in this list:
/// it is the Secretariat that follows the others.
public enum DeadlineStage: String, Sendable, Codable, CaseIterable, Hashable {
    case owner, reporter, statistics

    public var title: Message {
        switch self {
        case .owner: Message("workflow.deadline.owner")
        case .reporter: Message("workflow.deadline.reporter")
        case .statistics: Message("workflow.deadline.statistics")
        }
    }
}

/// What a cycle asks of one owner for one indicator, with the indicator's reporter (`nil` when
/// the assignment names none).
public struct RequestedItem: Sendable, Hashable {
    public var owner: String
    public var indicator: String
    public var reporter: String?

    public init(owner: String, indicator: String, reporter: String?) {
        self.owner = owner
        self.indicator = indicator
        self.reporter = reporter
    }

    /// The key of the owner's submission in the dashboard items (`OWNER|indicator`).
    public var key: String { "\(owner)|\(indicator)" }
}

/// One step asked of one institution for one owner's indicator: by when, whether it is theirs to
/// take now, and when they first took it.
public struct StepDuty: Sendable, Hashable {
    public var stage: DeadlineStage
    /// Who answers for the step: the owner; the reporter (the Secretariat's institution when the
    /// indicator has no reporter); LSB.
    public var institution: String
    public var owner: String
    public var indicator: String
    /// The assignment's reporter (`nil`: the Secretariat takes the reporter's step).
    public var reporter: String?
    public var deadline: LocalDate
    /// The first day the step was taken (owner: submitted; reporter: reviewed; LSB: statistics
    /// approved), over every revision.
    public var doneOn: LocalDate?
    /// The submission waits for this step now (owner: nothing sent yet, or returned; reporter:
    /// submitted; LSB: reviewed).
    public var needsAction: Bool

    public init(
        stage: DeadlineStage,
        institution: String,
        owner: String,
        indicator: String,
        reporter: String?,
        deadline: LocalDate,
        doneOn: LocalDate?,
        needsAction: Bool
    ) {
        self.stage = stage
        self.institution = institution
        self.owner = owner
        self.indicator = indicator
        self.reporter = reporter
        self.deadline = deadline
        self.doneOn = doneOn
        self.needsAction = needsAction
    }

    /// The step has been asked for: the earlier step is done (owners are asked from the start).
    public var isDue: Bool { doneOn != nil || needsAction }
    /// Taken by the deadline.
    public var isOnTime: Bool { doneOn.map { $0 <= deadline } ?? false }
    /// Taken, and nothing waits for this step again.
    public var isFinished: Bool { doneOn != nil && !needsAction }

    /// Days past the deadline: when it was taken late, or (not taken yet) as of `today`.
    public func daysLate(today: LocalDate) -> Int {
        guard isDue else { return 0 }
        return max(0, deadline.days(until: doneOn ?? today))
    }
}

/// The reminder a group of duties (one stage, one institution) is due on a day.
public struct DueReminder: Sendable, Hashable {
    /// `before-N` (N of the cycle's reminder days) or `late`: each is sent once per cycle, stage
    /// and institution.
    public var kind: String
    /// The earliest deadline among what waits.
    public var deadline: LocalDate
    /// Days left before it (negative once it has passed).
    public var daysLeft: Int
    /// What waits for the institution (after the deadline: what is overdue).
    public var pending: [StepDuty]

    public var isEscalation: Bool { kind == "late" }
}

/// The rules of who must do what, by when, and whether it was on time.
///
/// - Owners: every requested indicator, from the request, by the owner deadline (extensions
///   included); on time = first submitted by then.
/// - Reporters: an owner's indicator is due from its reporter once the owner has submitted it, by
///   the reporter deadline; on time = first reviewed by then. An indicator without a reporter is
///   reviewed by the Secretariat, which then answers for the step.
/// - LSB: official statistics are due once reviewed, by the statistics deadline; on time = first
///   approved by LSB by then.
/// - An extension granted to an owner moves the later steps of its data by as many days, so a
///   reporter or LSB is never late because an owner was allowed more time.
/// - Reminders go to whoever the submission waits for, before their earliest deadline (the cycle's
///   reminder days) and once after it (an escalation to the Secretariat).
public enum DeadlineRules {
    /// The institution that hosts the National SDG Secretariat (which reviews indicators that have
    /// no reporter).
    public static let secretariatInstitution = "MOFA"
    /// The Lao Statistics Bureau, whose statistics reviewers approve official statistics.
    public static let statisticsInstitution = "LSB"

    /// The deadline of `stage` for `owner`'s data.
    public static func deadline(_ stage: DeadlineStage, cycle: ReportingCycle, owner: String) -> LocalDate {
        let ownerDeadline = cycle.ownerDeadline(for: owner)
        let shift = max(0, cycle.schedule.ownerDeadline.days(until: ownerDeadline))
        return switch stage {
        case .owner: ownerDeadline
        case .reporter: cycle.schedule.reporterDeadline.adding(days: shift)
        case .statistics: cycle.schedule.statisticsDeadline.adding(days: shift)
        }
    }

    /// Who answers for `stage` of `item`.
    public static func responsible(_ stage: DeadlineStage, for item: RequestedItem) -> String {
        switch stage {
        case .owner: item.owner
        case .reporter: item.reporter ?? secretariatInstitution
        case .statistics: statisticsInstitution
        }
    }

    /// Every step asked of anyone for `items`, from what was delivered (`delivered` maps
    /// `OWNER|indicator` to the dashboard item). LSB's step applies to official statistics only.
    public static func duties(
        cycle: ReportingCycle,
        items: [RequestedItem],
        delivered: [String: CycleDashboard.Item],
        officialStatistics: (String) -> Bool = { _ in true }
    ) -> [StepDuty] {
        var duties: [StepDuty] = []
        for item in items {
            let d = delivered[item.key]
            let state = d?.state
            for stage in DeadlineStage.allCases {
                if stage == .statistics && !officialStatistics(item.indicator) { continue }
                let (doneOn, needsAction): (LocalDate?, Bool) =
                    switch stage {
                    case .owner: (d?.submittedOn, state == nil || state == .draft || state == .returned)
                    case .reporter: (d?.reviewedOn, state == .submitted)
                    case .statistics: (d?.statisticsApprovedOn, state == .reviewed)
                    }
                duties.append(
                    StepDuty(
                        stage: stage,
                        institution: responsible(stage, for: item),
                        owner: item.owner,
                        indicator: item.indicator,
                        reporter: item.reporter,
                        deadline: deadline(stage, cycle: cycle, owner: item.owner),
                        doneOn: doneOn,
                        needsAction: needsAction
                    )
                )
            }
        }
        return duties
    }

    /// The reminder due on `today` for `duties` of one stage and institution, if any: `before-N`
    /// for the smallest reminder day N not below the days left before the earliest deadline of
    /// what waits, `late` once a deadline of what waits has passed; nothing when nothing waits.
    public static func reminder(for duties: [StepDuty], today: LocalDate, reminderDays: [Int]) -> DueReminder? {
        let waiting = duties.filter(\.needsAction)
        guard let earliest = waiting.map(\.deadline).min() else { return nil }
        let daysLeft = today.days(until: earliest)
        if daysLeft < 0 {
            return DueReminder(kind: "late", deadline: earliest, daysLeft: daysLeft, pending: waiting.filter { $0.deadline < today })
        }
        guard let d = reminderDays.sorted().first(where: { daysLeft <= $0 }) else { return nil }
        return DueReminder(kind: "before-\(d)", deadline: earliest, daysLeft: daysLeft, pending: waiting)
    }
}
