import Foundation
import PasanMessages
import Testing

@testable import PasanDomain

/// Issue 8, defects 1, 2, 4 and 8: who may grant, hand over and propose; separation of duties;
/// who sees a submission; throttling that cannot lock anyone out.
@Suite struct SeparationOfDutiesTests {
    let officer = Actor(userID: 2, name: "officer", grants: [RoleGrant(role: .secretariatOfficer)])
    let mohOwner = Actor(userID: 3, name: "moh owner", grants: [RoleGrant(role: .ownerFocalPoint, institution: "MOH")])
    let mohReporter = Actor(userID: 5, name: "moh reporter", grants: [RoleGrant(role: .reporterFocalPoint, institution: "MOH")])
    let molswReporter = Actor(userID: 6, name: "molsw reporter", grants: [RoleGrant(role: .reporterFocalPoint, institution: "MOLSW")])
    let lsb = Actor(userID: 4, name: "lsb", grants: [RoleGrant(role: .statisticsReviewer)])
    let area = Actor(userID: 7, name: "vientiane", grants: [RoleGrant(role: .subnationalFocalPoint, area: "01")])

    @Test func onlyTheSecretariatNamesAndHandsOverFocalPoints() {
        #expect(!Policy.decide(mohOwner, .handOverFocalPoint, .institution("MOH")).isAllowed)
        #expect(!Policy.decide(mohReporter, .handOverFocalPoint, .institution("MOH")).isAllowed)
        #expect(Policy.decide(officer, .handOverFocalPoint, .institution("MOH")).isAllowed)
        // An institution's focal points may propose, for their own institution only.
        #expect(Policy.decide(mohOwner, .proposeFocalPoint, .institution("MOH")).isAllowed)
        #expect(!Policy.decide(mohOwner, .proposeFocalPoint, .institution("MOES")).isAllowed)
    }

    @Test func onlyAPrimaryFocalPointProposesAndNeverThemself() {
        let start = LocalDate(year: 2025, month: 1, day: 6)!, today = LocalDate(year: 2026, month: 6, day: 1)!
        let terms = [
            FocalPointTerm(
                institution: "MOH",
                role: .owner,
                position: .primary,
                userID: 3,
                userName: "moh owner",
                startedOn: start,
                endedOn: nil
            ),
            FocalPointTerm(
                institution: "MOH",
                role: .owner,
                position: .alternate,
                userID: 8,
                userName: "alternate",
                startedOn: start,
                endedOn: nil
            ),
        ]
        #expect(FocalPointProposalRule.decide(mohOwner, institution: "MOH", proposing: 9, terms: terms, on: today).isAllowed)
        #expect(!FocalPointProposalRule.decide(mohOwner, institution: "MOH", proposing: 3, terms: terms, on: today).isAllowed)
        let alternate = Actor(userID: 8, name: "alternate", grants: [RoleGrant(role: .ownerFocalPoint, institution: "MOH")])
        #expect(!FocalPointProposalRule.decide(alternate, institution: "MOH", proposing: 9, terms: terms, on: today).isAllowed)
        // A former primary no longer proposes.
        let ended = [
            FocalPointTerm(institution: "MOH", role: .owner, position: .primary, userID: 3, userName: "x", startedOn: start, endedOn: today)
        ]
        #expect(!FocalPointProposalRule.decide(mohOwner, institution: "MOH", proposing: 9, terms: ended, on: today).isAllowed)
    }

    @Test func dutiesThatCheckEachOtherAreNeverHeldTogether() {
        let pairs: Set<SeparationOfDuties.OwnerReporter> = [.init(owner: "MOH", reporter: "MOH"), .init(owner: "NRA", reporter: "MOLSW")]
        let owner = RoleGrant(role: .ownerFocalPoint, institution: "MOH")
        // Owner and reporter of the same cells.
        #expect(
            SeparationOfDuties.conflict(adding: RoleGrant(role: .reporterFocalPoint, institution: "MOH"), to: [owner], pairs: pairs) != nil
        )
        #expect(
            SeparationOfDuties.conflict(adding: owner, to: [RoleGrant(role: .reporterFocalPoint, institution: "MOH")], pairs: pairs) != nil
        )
        #expect(
            SeparationOfDuties.conflict(
                adding: RoleGrant(role: .reporterFocalPoint, institution: "MOLSW"),
                to: [RoleGrant(role: .ownerFocalPoint, institution: "NRA")],
                pairs: pairs
            ) != nil
        )
        // Owner of one institution and reporter of an unrelated one: no shared cells.
        #expect(
            SeparationOfDuties.conflict(adding: RoleGrant(role: .reporterFocalPoint, institution: "MOES"), to: [owner], pairs: pairs) == nil
        )
        // Submitter and any reviewer.
        let reason = SeparationOfDuties.conflict(adding: RoleGrant(role: .statisticsReviewer), to: [owner], pairs: pairs)
        #expect(reason?.text(in: .en).contains("separation of duties") == true)
        #expect(reason?.localized.lo?.isEmpty == false)
        #expect(SeparationOfDuties.conflict(adding: RoleGrant(role: .secretariatOfficer), to: [owner], pairs: pairs) != nil)
        #expect(
            SeparationOfDuties.conflict(
                adding: RoleGrant(role: .statisticsReviewer),
                to: [RoleGrant(role: .subnationalFocalPoint, area: "01")],
                pairs: pairs
            ) != nil
        )
        // Roles that check nothing of each other.
        #expect(SeparationOfDuties.conflict(adding: RoleGrant(role: .viewer), to: [owner], pairs: pairs) == nil)
        #expect(
            SeparationOfDuties.conflict(adding: RoleGrant(role: .ownerFocalPoint, institution: "MOES"), to: [owner], pairs: pairs) == nil
        )
        #expect(
            SeparationOfDuties.conflict(
                adding: RoleGrant(role: .statisticsReviewer),
                to: [RoleGrant(role: .secretariatOfficer)],
                pairs: pairs
            ) == nil
        )
    }

    @Test func noOneTakesTwoStepsOfOneRevision() {
        // A person who (through grants held before this rule) is both MOH's owner and reporter.
        let both = Actor(
            userID: 3,
            name: "both",
            grants: [
                RoleGrant(role: .ownerFocalPoint, institution: "MOH"),
                RoleGrant(role: .reporterFocalPoint, institution: "MOH"),
            ]
        )
        let submitted = [TakenStep(actorID: 3, step: .submit, from: .draft)]
        #expect(SubmissionWorkflow.decide(both, .submit, from: .draft, owner: "MOH", reporter: "MOH").isAllowed)
        let review = SubmissionWorkflow.decide(both, .review, from: .submitted, owner: "MOH", reporter: "MOH", earlier: submitted)
        #expect(!review.isAllowed)
        #expect(review.reason.text(in: .en).contains("separation of duties"))
        #expect(!SubmissionWorkflow.decide(both, .return, from: .submitted, owner: "MOH", reporter: "MOH", earlier: submitted).isAllowed)
        // Someone else reviews; the reviewer may not approve; who approved does not publish.
        #expect(
            SubmissionWorkflow.decide(mohReporter, .review, from: .submitted, owner: "MOH", reporter: "MOH", earlier: submitted).isAllowed
        )
        let reviewedBy2 = submitted + [TakenStep(actorID: 2, step: .review, from: .submitted)]
        #expect(!SubmissionWorkflow.decide(officer, .approve, from: .reviewed, owner: "MOH", reporter: nil, earlier: reviewedBy2).isAllowed)
        let approvedBy2 = [TakenStep(actorID: 2, step: .approve, from: .statisticsApproved)]
        #expect(
            !SubmissionWorkflow.decide(officer, .publish, from: .approved, owner: "MOH", reporter: "MOH", earlier: approvedBy2).isAllowed
        )
        let otherOfficer = Actor(userID: 9, name: "officer 2", grants: [RoleGrant(role: .secretariatOfficer)])
        #expect(
            SubmissionWorkflow.decide(otherOfficer, .publish, from: .approved, owner: "MOH", reporter: "MOH", earlier: approvedBy2)
                .isAllowed
        )
        // Repeating one's own step after a return is the same duty, not a second one.
        let returnedOnce = [
            TakenStep(actorID: 3, step: .submit, from: .draft), TakenStep(actorID: 5, step: .review, from: .submitted),
            TakenStep(actorID: 4, step: .return, from: .reviewed), TakenStep(actorID: 3, step: .submit, from: .returned),
        ]
        #expect(
            SubmissionWorkflow.decide(mohReporter, .review, from: .submitted, owner: "MOH", reporter: "MOH", earlier: returnedOnce)
                .isAllowed
        )
        #expect(
            SubmissionWorkflow.decide(lsb, .approveStatistics, from: .reviewed, owner: "MOH", reporter: "MOH", earlier: returnedOnce)
                .isAllowed
        )
    }

    @Test func theStepsOfferedAreThoseTheActorMayTake() {
        let submitted = [TakenStep(actorID: 3, step: .submit, from: .draft)]
        #expect(
            SubmissionWorkflow.steps(
                for: mohReporter,
                from: .submitted,
                officialStatistics: true,
                owner: "MOH",
                reporter: "MOH",
                earlier: submitted
            )
                == [.review, .return]
        )
        #expect(
            SubmissionWorkflow.steps(
                for: mohOwner,
                from: .submitted,
                officialStatistics: true,
                owner: "MOH",
                reporter: "MOH",
                earlier: submitted
            ).isEmpty
        )
        #expect(
            SubmissionWorkflow.steps(for: lsb, from: .reviewed, officialStatistics: true, owner: "MOH", reporter: "MOH", earlier: submitted)
                == [.approveStatistics, .return]
        )
    }

    @Test func recordedTransitionsAreReadAsSteps() {
        #expect(TakenStep(actorID: 1, from: .draft, to: .submitted)?.step == .submit)
        #expect(TakenStep(actorID: 1, from: .returned, to: .submitted)?.step == .submit)
        #expect(TakenStep(actorID: 1, from: .submitted, to: .reviewed)?.step == .review)
        #expect(TakenStep(actorID: 1, from: .reviewed, to: .statisticsApproved)?.step == .approveStatistics)
        #expect(TakenStep(actorID: 1, from: .statisticsApproved, to: .approved)?.step == .approve)
        #expect(TakenStep(actorID: 1, from: .approved, to: .published)?.step == .publish)
        #expect(TakenStep(actorID: 1, from: .reviewed, to: .returned)?.step == .return)
    }

    @Test func theSecretariatTakesTheStepOfAMissingReporter() {
        // Before: nobody could review or return a submission of an indicator without a reporter.
        #expect(SubmissionWorkflow.decide(officer, .review, from: .submitted, owner: "MOH", reporter: nil).isAllowed)
        #expect(SubmissionWorkflow.decide(officer, .return, from: .submitted, owner: "MOH", reporter: nil).isAllowed)
        #expect(SubmissionWorkflow.secretariatActsForReporter(officer, .review, from: .submitted, reporter: nil))
        #expect(!SubmissionWorkflow.secretariatActsForReporter(officer, .review, from: .submitted, reporter: "MOH"))
        #expect(!SubmissionWorkflow.decide(mohReporter, .review, from: .submitted, owner: "MOH", reporter: nil).isAllowed)
        #expect(!SubmissionWorkflow.decide(lsb, .review, from: .submitted, owner: "MOH", reporter: nil).isAllowed)
    }

    @Test func submissionsAreSeenByTheirOwnerReporterAndReviewersDraftsByTheOwnerOnly() {
        func scope(_ state: SubmissionState?, reporter: String? = "MOLSW", areas: Bool = false) -> Resource {
            .submission(SubmissionScope(owner: "NRA", reporter: reporter, state: state, asksForAreas: areas))
        }
        let nraOwner = Actor(userID: 10, name: "nra", grants: [RoleGrant(role: .ownerFocalPoint, institution: "NRA")])
        #expect(Policy.decide(nraOwner, .viewSubmission, scope(.draft)).isAllowed)
        #expect(Policy.decide(nraOwner, .viewSubmission, scope(nil)).isAllowed)
        // The indicator's reporter, once submitted; never a draft; never another reporter's.
        #expect(Policy.decide(molswReporter, .viewSubmission, scope(.submitted)).isAllowed)
        #expect(Policy.decide(molswReporter, .viewSubmission, scope(.returned)).isAllowed)
        #expect(!Policy.decide(molswReporter, .viewSubmission, scope(.draft)).isAllowed)
        #expect(!Policy.decide(mohReporter, .viewSubmission, scope(.submitted)).isAllowed)
        #expect(!Policy.decide(mohOwner, .viewSubmission, scope(.submitted)).isAllowed)
        // LSB and the Secretariat after submission.
        #expect(Policy.decide(lsb, .viewSubmission, scope(.reviewed)).isAllowed)
        #expect(!Policy.decide(lsb, .viewSubmission, scope(.draft)).isAllowed)
        #expect(!Policy.decide(officer, .viewSubmission, scope(.draft)).isAllowed)
        // A subnational focal point when the owner is asked for area values (it enters its own).
        #expect(Policy.decide(area, .viewSubmission, scope(.draft, areas: true)).isAllowed)
        #expect(!Policy.decide(area, .viewSubmission, scope(.submitted, areas: false)).isAllowed)
        #expect(!Policy.decide(area, .viewSubmission, .institution("NRA")).isAllowed)
    }
}

@Suite struct SignInThrottleTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func failures(_ n: Int, every seconds: TimeInterval, endingAt end: Date) -> [SignInThrottle.Attempt] {
        (0..<n).map { SignInThrottle.Attempt(at: end.addingTimeInterval(-Double(n - 1 - $0) * seconds), succeeded: false) }
    }

    @Test func aGrowingDelayNotAHardLock() {
        #expect(SignInThrottle.wait(pair: failures(2, every: 1, endingAt: now), addressFailures: [], now: now) == nil)
        #expect(SignInThrottle.wait(pair: failures(3, every: 1, endingAt: now), addressFailures: [], now: now) == 1)
        #expect(SignInThrottle.wait(pair: failures(5, every: 1, endingAt: now), addressFailures: [], now: now) == 4)
        #expect(SignInThrottle.delay(afterFailures: 40, free: 3) == SignInThrottle.maximumDelay)
        // Once the delay has passed, the next attempt is checked.
        #expect(SignInThrottle.wait(pair: failures(5, every: 1, endingAt: now), addressFailures: [], now: now.addingTimeInterval(5)) == nil)
        // A success ends the run of failures.
        let succeeded =
            failures(6, every: 1, endingAt: now.addingTimeInterval(-10)) + [
                SignInThrottle.Attempt(at: now.addingTimeInterval(-5), succeeded: true)
            ]
        #expect(SignInThrottle.wait(pair: succeeded, addressFailures: [], now: now) == nil)
    }

    @Test func oneWrongAttemptEveryThreeMinutesNeverLocksTheAccountForLong() {
        // The probe's attack: one wrong attempt every 3 minutes kept the account locked for ever.
        // Now the attacker's pair waits at most 15 minutes, and the holder's own pair not at all.
        let attacker = failures(40, every: 180, endingAt: now)
        let wait = SignInThrottle.wait(pair: attacker, addressFailures: [], now: now.addingTimeInterval(1)) ?? 0
        #expect(wait <= SignInThrottle.maximumDelay)
        #expect(SignInThrottle.wait(pair: [], addressFailures: [], now: now) == nil)
    }

    @Test func anAddressSprayingAccountsSlowsDownOnlyItself() {
        let spray = (0..<25).map { now.addingTimeInterval(-Double($0)) }
        #expect(SignInThrottle.wait(pair: [], addressFailures: spray, now: now) != nil)
        #expect(SignInThrottle.wait(pair: [], addressFailures: Array(spray.prefix(19)), now: now) == nil)
        // Failures older than the address window no longer count.
        #expect(
            SignInThrottle.wait(pair: [], addressFailures: spray, now: now.addingTimeInterval(SignInThrottle.addressWindow + 30)) == nil
        )
    }

    @Test func resetLimits() {
        #expect(SignInThrottle.allowsReset(accountRequests: 0, addressRequests: 0))
        #expect(!SignInThrottle.allowsReset(accountRequests: SignInThrottle.resetsPerAccount, addressRequests: 0))
        #expect(!SignInThrottle.allowsReset(accountRequests: 0, addressRequests: SignInThrottle.resetsPerAddress))
    }
}
