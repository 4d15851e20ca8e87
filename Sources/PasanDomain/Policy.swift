/// Everything a user can do that changes state or reads something that is not public.
/// Every such route names one of these, and `Policy.decide` is the only place that says who may.
public enum Action: String, Sendable, CaseIterable, Hashable {
    case manageUsers = "manage-users"
    case editAssignments = "edit-assignments"
    case exportAssignments = "export-assignments"
    /// See an institution's focal points, their history, tasks and notes.
    case viewFocalPoints = "view-focal-points"
    /// Name a focal point, hand a position over, or confirm a proposed successor (Secretariat).
    case handOverFocalPoint = "hand-over-focal-point"
    /// Propose a successor for a focal point position (the institution's primary focal point);
    /// the Secretariat confirms or declines.
    case proposeFocalPoint = "propose-focal-point"
    case viewGapAnalysis = "view-gap-analysis"
    case viewAuditLog = "view-audit-log"
    case viewOutbox = "view-outbox"
    case writeRoleNote = "write-role-note"
    case manageOwnAccount = "manage-own-account"
    case manageCycles = "manage-cycles"
    case viewCycleDashboard = "view-cycle-dashboard"
    case viewSubmission = "view-submission"
    case submitData = "submit-data"
    case reviewSubmission = "review-submission"
    /// Subnational focal points enter the values of their areas into the owner's submission.
    case submitAreaData = "submit-area-data"
    /// Set how an indicator's progress is measured (direction, target, series, override).
    case configureProgress = "configure-progress"
    /// See the translation queue and propose Lao texts.
    case translate = "translate"
    /// Approve or decline another translator's proposal (four eyes: never one's own).
    case reviewTranslation = "review-translation"
    /// Import values from an Open SDG repository or an SDMX message, and publish or discard an
    /// import batch (the Secretariat and LSB).
    case importData = "import-data"
    /// Create, list and revoke an institution's API tokens (its focal points, or the Secretariat).
    case manageAPITokens = "manage-api-tokens"
    /// Register a DHIS2 instance, edit its mappings and organisation unit matches, and pull from it:
    /// the Secretariat for any institution, an owner focal point for its own institution's data.
    case manageDHIS2 = "manage-dhis2"
    /// Edit development plans (structure, indicators, targets, values, SDG links), decide what is
    /// mainstreamed, and open a plan's reporting cycle: the Secretariat and MPI's planning officers.
    case editPlans = "edit-plans"
    /// Enter, edit and upload activities (CSV, XLSX, IATI): the Secretariat and MPI's planning
    /// officers for any implementer (`.system` or `.institution`), an institution's focal points
    /// for their own institution's activities (`.institution(code)`).
    case editActivities = "edit-activities"
    /// Mark an overlap coordinated or not an overlap: the Secretariat and planning officers, a
    /// provincial or district focal point for overlaps in their area (`.area(code)`), and the
    /// focal points of an institution whose activity is part of it (`.institution(code)`).
    case resolveOverlap = "resolve-overlap"
    /// Set up a multi-level reporting chain and act for any of its units: the Secretariat, and
    /// the owner institution's focal points for its own chains (`.institution(owner)`).
    case manageChains = "manage-chains"
    /// Choose the indicators of the village bulletins (the Secretariat).
    case editBulletins = "edit-bulletins"
    /// Answer a governance self-assessment round for an institution (its focal points, or the
    /// Secretariat: `.institution(code)`) or for the whole arrangement (the Secretariat: `.system`).
    case answerSelfAssessment = "answer-self-assessment"
    /// Read the leadership brief: the Secretariat, LSB's reviewers, viewers and the Steering Committee.
    case viewLeadershipBrief = "view-leadership-brief"
}

/// What an action is done to, for scoped roles.
public enum Resource: Sendable, Hashable {
    case system
    case institution(String)
    case area(String)
    case user(Int64)
    /// One owner's submission of one indicator in a cycle, with who reports it and where it is.
    case submission(SubmissionScope)
}

/// What the policy needs to know about a submission to say who may see it.
public struct SubmissionScope: Sendable, Hashable {
    /// The owner institution whose submission it is.
    public var owner: String
    /// The reporter institution of the indicator, if any.
    public var reporter: String?
    /// `nil` when nothing was saved yet (a draft to be).
    public var state: SubmissionState?
    /// Whether the owner is asked for values below the national level, which subnational focal
    /// points enter for their areas.
    public var asksForAreas: Bool

    public init(owner: String, reporter: String?, state: SubmissionState?, asksForAreas: Bool) {
        self.owner = owner
        self.reporter = reporter
        self.state = state
        self.asksForAreas = asksForAreas
    }

    /// A draft (or nothing yet) stays with its owner until it is submitted.
    public var isWithOwner: Bool { state == nil || state == .draft }
}

/// The answer of the policy, with a reason a person can read in their language.
public struct Decision: Sendable, Hashable {
    public var isAllowed: Bool
    /// Why, as a message of the catalogue (`policy.*`, `workflow.*`).
    public var reason: Message

    public init(isAllowed: Bool, reason: Message) {
        self.isAllowed = isAllowed
        self.reason = reason
    }

    static func allow(_ reason: Message) -> Decision { Decision(isAllowed: true, reason: reason) }

    static func deny(_ reason: Message) -> Decision { Decision(isAllowed: false, reason: reason) }
}

/// The one permission function: (actor, action, resource) → allow or deny, with the reason.
public enum Policy {
    public static func decide(_ actor: Actor, _ action: Action, _ resource: Resource) -> Decision {
        guard actor.isSignedIn else {
            return .deny(Message("policy.signInFirst"))
        }
        if actor.has(.secretariatAdmin) {
            return .allow(Message("policy.admin.allowAll"))
        }
        switch action {
        case .manageOwnAccount:
            if case .user(let id) = resource, id == actor.userID {
                return .allow(Message("policy.ownAccount.allow"))
            }
            return .deny(
                Message("policy.ownAccount.deny")
            )
        case .manageUsers:
            return .deny(
                Message("policy.manageUsers.deny")
            )
        case .editAssignments:
            if actor.has(.secretariatOfficer) { return .allow(Message("policy.editAssignments.allow")) }
            return .deny(
                Message("policy.editAssignments.deny")
            )
        case .viewGapAnalysis, .viewAuditLog, .viewOutbox:
            if actor.has(.secretariatOfficer) { return .allow(Message("policy.oversight.allowSecretariat")) }
            if action == .viewGapAnalysis && actor.has(.statisticsReviewer) {
                return .allow(Message("policy.oversight.allowLSBGaps"))
            }
            if action == .viewGapAnalysis && actor.has(.steeringCommittee) {
                return .allow(Message("governance.policy.steeringCommittee.allowRead"))
            }
            return .deny(Message("policy.oversight.deny"))
        case .exportAssignments:
            if actor.has(.secretariatOfficer) || actor.has(.statisticsReviewer) || !actor.focalPointInstitutions.isEmpty
                || actor.has(.viewer) || actor.has(.steeringCommittee)
            {
                return .allow(Message("policy.exportAssignments.allow"))
            }
            return .deny(Message("policy.exportAssignments.deny"))
        case .manageCycles:
            if actor.has(.secretariatOfficer) { return .allow(Message("policy.manageCycles.allow")) }
            return .deny(
                Message("policy.manageCycles.deny")
            )
        case .viewCycleDashboard:
            if actor.has(.secretariatOfficer) || actor.has(.statisticsReviewer) {
                return .allow(Message("policy.cycleDashboard.allow"))
            }
            if actor.has(.steeringCommittee) { return .allow(Message("governance.policy.steeringCommittee.allowRead")) }
            return .deny(Message("policy.cycleDashboard.deny"))
        case .submitData:
            if case .institution(let code) = resource, actor.grants.contains(RoleGrant(role: .ownerFocalPoint, institution: code)) {
                return .allow(Message("policy.submitData.allow"))
            }
            return .deny(Message("policy.submitData.deny"))
        case .translate, .reviewTranslation:
            if actor.has(.translator) { return .allow(Message("translations.policy.allow")) }
            return .deny(Message("translations.policy.deny"))
        case .importData:
            if actor.has(.secretariatOfficer) || actor.has(.statisticsReviewer) {
                return .allow(Message("batches.policy.allow"))
            }
            return .deny(Message("batches.policy.deny"))
        case .manageAPITokens:
            if actor.has(.secretariatOfficer) { return .allow(Message("policy.apiTokens.allowSecretariat")) }
            if case .institution(let code) = resource, actor.focalPointInstitutions.contains(code) {
                return .allow(Message("policy.apiTokens.allowFocalPoint"))
            }
            return .deny(Message("policy.apiTokens.deny"))
        case .manageDHIS2:
            if actor.has(.secretariatOfficer) { return .allow(Message("policy.dhis2.allowSecretariat")) }
            if case .institution(let code) = resource, actor.grants.contains(RoleGrant(role: .ownerFocalPoint, institution: code)) {
                return .allow(Message("policy.dhis2.allowOwner"))
            }
            return .deny(Message("policy.dhis2.deny"))
        case .editPlans:
            if actor.has(.secretariatOfficer) { return .allow(Message("plans.policy.allowSecretariat")) }
            if actor.has(.planningOfficer) { return .allow(Message("plans.policy.allowPlanner")) }
            return .deny(Message("plans.policy.deny"))
        case .editActivities:
            if actor.has(.secretariatOfficer) || actor.has(.planningOfficer) {
                return .allow(Message("villages.policy.activities.allowNational"))
            }
            if case .institution(let code) = resource, actor.focalPointInstitutions.contains(code) {
                return .allow(Message("villages.policy.activities.allowOwn"))
            }
            return .deny(Message("villages.policy.activities.deny"))
        case .resolveOverlap:
            if actor.has(.secretariatOfficer) || actor.has(.planningOfficer) {
                return .allow(Message("villages.policy.overlap.allowNational"))
            }
            if case .area(let code) = resource,
                actor.grants.contains(where: { $0.role == .subnationalFocalPoint && ($0.area.map { code.hasPrefix($0) } ?? false) })
            {
                return .allow(Message("villages.policy.overlap.allowArea"))
            }
            if case .institution(let code) = resource, actor.focalPointInstitutions.contains(code) {
                return .allow(Message("villages.policy.overlap.allowInstitution"))
            }
            return .deny(Message("villages.policy.overlap.deny"))
        case .manageChains:
            if actor.has(.secretariatOfficer) { return .allow(Message("villages.policy.chains.allowSecretariat")) }
            if case .institution(let code) = resource, actor.grants.contains(RoleGrant(role: .ownerFocalPoint, institution: code)) {
                return .allow(Message("villages.policy.chains.allowOwner"))
            }
            return .deny(Message("villages.policy.chains.deny"))
        case .editBulletins:
            if actor.has(.secretariatOfficer) { return .allow(Message("villages.policy.bulletins.allow")) }
            return .deny(Message("villages.policy.bulletins.deny"))
        case .answerSelfAssessment:
            if actor.has(.secretariatOfficer) { return .allow(Message("governance.policy.answer.allowSecretariat")) }
            if case .institution(let code) = resource, actor.focalPointInstitutions.contains(code) {
                return .allow(Message("governance.policy.answer.allowOwnInstitution"))
            }
            return .deny(Message("governance.policy.answer.deny"))
        case .viewLeadershipBrief:
            if actor.has(.secretariatOfficer) || actor.has(.statisticsReviewer) || actor.has(.viewer) || actor.has(.steeringCommittee) {
                return .allow(Message("governance.policy.brief.allow"))
            }
            return .deny(Message("governance.policy.brief.deny"))
        case .configureProgress:
            if actor.has(.secretariatOfficer) || actor.has(.statisticsReviewer) {
                return .allow(Message("policy.configureProgress.allow"))
            }
            return .deny(Message("policy.configureProgress.deny"))
        case .submitAreaData:
            if case .area(let code) = resource,
                actor.grants.contains(where: { $0.role == .subnationalFocalPoint && ($0.area.map { code.hasPrefix($0) } ?? false) })
            {
                return .allow(Message("policy.submitAreaData.allow"))
            }
            return .deny(Message("policy.submitAreaData.deny"))
        case .reviewSubmission:
            if actor.has(.secretariatOfficer) || actor.has(.statisticsReviewer) || actor.has(.reporterFocalPoint) {
                return .allow(Message("policy.reviewSubmission.allowReviewers"))
            }
            if case .institution(let code) = resource, actor.grants.contains(RoleGrant(role: .ownerFocalPoint, institution: code)) {
                return .allow(Message("policy.reviewSubmission.allowOwners"))
            }
            return .deny(Message("policy.reviewSubmission.deny"))
        case .viewSubmission:
            guard case .submission(let scope) = resource else {
                return .deny(Message("policy.viewSubmission.noSubmission"))
            }
            if actor.grants.contains(RoleGrant(role: .ownerFocalPoint, institution: scope.owner)) {
                return .allow(Message("policy.viewSubmission.allowOwners"))
            }
            if scope.asksForAreas && actor.has(.subnationalFocalPoint) {
                return .allow(Message("policy.viewSubmission.allowSubnational"))
            }
            if scope.isWithOwner {
                return .deny(Message("policy.viewSubmission.denyDraft"))
            }
            if actor.has(.secretariatOfficer) || actor.has(.statisticsReviewer) {
                return .allow(Message("policy.viewSubmission.allowSecretariatAndLSB"))
            }
            if let reporter = scope.reporter, actor.grants.contains(RoleGrant(role: .reporterFocalPoint, institution: reporter)) {
                return .allow(Message("policy.viewSubmission.allowReporters"))
            }
            return .deny(
                Message("policy.viewSubmission.deny")
            )
        case .viewFocalPoints, .writeRoleNote:
            if actor.has(.secretariatOfficer) { return .allow(Message("policy.focalPoints.allowSecretariat")) }
            if case .institution(let code) = resource, actor.focalPointInstitutions.contains(code) {
                return .allow(Message("policy.focalPoints.allowOwnInstitution"))
            }
            return .deny(Message("policy.focalPoints.deny"))
        case .handOverFocalPoint:
            if actor.has(.secretariatOfficer) {
                return .allow(Message("policy.handOver.allow"))
            }
            return .deny(
                Message("policy.handOver.deny")
            )
        case .proposeFocalPoint:
            if case .institution(let code) = resource, actor.focalPointInstitutions.contains(code) {
                return .allow(
                    Message("policy.propose.allow")
                )
            }
            if actor.has(.secretariatOfficer) {
                return .deny(
                    Message("policy.propose.denySecretariat")
                )
            }
            return .deny(Message("policy.propose.deny"))
        }
    }
}
