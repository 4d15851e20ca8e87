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
    public var reason: LocalizedText

    static func allow(_ en: String, _ lo: String) -> Decision {
        Decision(isAllowed: true, reason: LocalizedText(en: en, lo: lo, loStatus: .reviewed))
    }

    static func deny(_ en: String, _ lo: String) -> Decision {
        Decision(isAllowed: false, reason: LocalizedText(en: en, lo: lo, loStatus: .reviewed))
    }
}

/// The one permission function: (actor, action, resource) → allow or deny, with the reason.
public enum Policy {
    public static func decide(_ actor: Actor, _ action: Action, _ resource: Resource) -> Decision {
        guard actor.isSignedIn else {
            return .deny("Sign in first.", "ກະລຸນາເຂົ້າສູ່ລະບົບກ່ອນ.")
        }
        if actor.has(.secretariatAdmin) {
            return .allow("Secretariat administrators may do everything.", "ຜູ້ບໍລິຫານລະບົບ ກອງເລຂາ ເຮັດໄດ້ທຸກຢ່າງ.")
        }
        switch action {
        case .manageOwnAccount:
            if case .user(let id) = resource, id == actor.userID {
                return .allow("Everyone manages their own account.", "ທຸກຄົນຈັດການບັນຊີຂອງຕົນເອງ.")
            }
            return .deny(
                "Only the account holder or a Secretariat administrator may do this.",
                "ສະເພາະເຈົ້າຂອງບັນຊີ ຫຼື ຜູ້ບໍລິຫານລະບົບ ກອງເລຂາ ເທົ່ານັ້ນ."
            )
        case .manageUsers:
            return .deny(
                "Only Secretariat administrators manage accounts and roles.",
                "ສະເພາະຜູ້ບໍລິຫານລະບົບ ກອງເລຂາ ເທົ່ານັ້ນ ທີ່ຈັດການບັນຊີ ແລະ ບົດບາດ."
            )
        case .editAssignments:
            if actor.has(.secretariatOfficer) { return .allow("The Secretariat maintains the assignments.", "ກອງເລຂາ ຮັບຜິດຊອບການມອບໝາຍ.") }
            return .deny(
                "Only the National SDG Secretariat edits who owns and reports indicators.",
                "ສະເພາະກອງເລຂາ SDG ແຫ່ງຊາດ ເທົ່ານັ້ນ ທີ່ແກ້ໄຂການມອບໝາຍ."
            )
        case .viewGapAnalysis, .viewAuditLog, .viewOutbox:
            if actor.has(.secretariatOfficer) { return .allow("The Secretariat oversees coordination.", "ກອງເລຂາ ຕິດຕາມການປະສານງານ.") }
            if action == .viewGapAnalysis && actor.has(.statisticsReviewer) {
                return .allow("LSB reviews gaps in the statistics.", "ສຖຕ ກວດກາຊ່ອງຫວ່າງຂອງສະຖິຕິ.")
            }
            return .deny("Only the National SDG Secretariat may see this.", "ສະເພາະກອງເລຂາ SDG ແຫ່ງຊາດ ເທົ່ານັ້ນ ທີ່ເບິ່ງໄດ້.")
        case .exportAssignments:
            if actor.has(.secretariatOfficer) || actor.has(.statisticsReviewer) || !actor.focalPointInstitutions.isEmpty
                || actor.has(.viewer)
            {
                return .allow("Assignments are shared with everyone who reports.", "ການມອບໝາຍແບ່ງປັນໃຫ້ທຸກຄົນທີ່ລາຍງານ.")
            }
            return .deny("Your role does not include exporting assignments.", "ບົດບາດຂອງທ່ານບໍ່ລວມການສົ່ງອອກການມອບໝາຍ.")
        case .manageCycles:
            if actor.has(.secretariatOfficer) { return .allow("The Secretariat runs the reporting cycles.", "ກອງເລຂາ ດຳເນີນຮອບການລາຍງານ.") }
            return .deny(
                "Only the National SDG Secretariat opens, extends and closes cycles.",
                "ສະເພາະກອງເລຂາ SDG ແຫ່ງຊາດ ເທົ່ານັ້ນທີ່ເປີດ, ຂະຫຍາຍ ແລະ ປິດຮອບ."
            )
        case .viewCycleDashboard:
            if actor.has(.secretariatOfficer) || actor.has(.statisticsReviewer) {
                return .allow("The Secretariat and LSB follow the cycles.", "ກອງເລຂາ ແລະ ສຖຕ ຕິດຕາມຮອບ.")
            }
            return .deny("Only the Secretariat and LSB see the cycle dashboard.", "ສະເພາະກອງເລຂາ ແລະ ສຖຕ ເທົ່ານັ້ນທີ່ເບິ່ງໜ້າຕິດຕາມຮອບ.")
        case .submitData:
            if case .institution(let code) = resource, actor.grants.contains(RoleGrant(role: .ownerFocalPoint, institution: code)) {
                return .allow("Owners enter and upload their own data.", "ເຈົ້າຂອງຂໍ້ມູນປ້ອນ ແລະ ອັບໂຫຼດຂໍ້ມູນຂອງຕົນ.")
            }
            return .deny("Only the owner's focal points enter this institution's data.", "ສະເພາະຜູ້ປະສານງານຂອງເຈົ້າຂອງເທົ່ານັ້ນທີ່ປ້ອນຂໍ້ມູນຂອງອົງການນີ້.")
        case .configureProgress:
            if actor.has(.secretariatOfficer) || actor.has(.statisticsReviewer) {
                return .allow("The Secretariat and LSB set how progress is measured.", "ກອງເລຂາ ແລະ ສຖຕ ກຳນົດວິທີວັດແທກຄວາມຄືບໜ້າ.")
            }
            return .deny("Only the Secretariat and LSB set how progress is measured.", "ສະເພາະກອງເລຂາ ແລະ ສຖຕ ເທົ່ານັ້ນທີ່ກຳນົດວິທີວັດແທກຄວາມຄືບໜ້າ.")
        case .submitAreaData:
            if case .area(let code) = resource,
                actor.grants.contains(where: { $0.role == .subnationalFocalPoint && ($0.area.map { code.hasPrefix($0) } ?? false) })
            {
                return .allow("Subnational focal points enter the data of their areas.", "ຜູ້ປະສານງານຂັ້ນທ້ອງຖິ່ນປ້ອນຂໍ້ມູນຂອງເຂດຕົນ.")
            }
            return .deny("Only the subnational focal points of this area enter its data.", "ສະເພາະຜູ້ປະສານງານຂັ້ນທ້ອງຖິ່ນຂອງເຂດນີ້ເທົ່ານັ້ນທີ່ປ້ອນຂໍ້ມູນ.")
        case .reviewSubmission:
            if actor.has(.secretariatOfficer) || actor.has(.statisticsReviewer) || actor.has(.reporterFocalPoint) {
                return .allow("Reviewers take the review steps the workflow allows them.", "ຜູ້ກວດດຳເນີນຂັ້ນຕອນທີ່ອະນຸຍາດ.")
            }
            if case .institution(let code) = resource, actor.grants.contains(RoleGrant(role: .ownerFocalPoint, institution: code)) {
                return .allow("Owners submit their own data.", "ເຈົ້າຂອງຂໍ້ມູນສົ່ງຂໍ້ມູນຂອງຕົນ.")
            }
            return .deny("Your role takes no step on this submission.", "ບົດບາດຂອງທ່ານບໍ່ມີຂັ້ນຕອນໃນຂໍ້ມູນນີ້.")
        case .viewSubmission:
            guard case .submission(let scope) = resource else {
                return .deny("Name the submission.", "ລະບຸຂໍ້ມູນທີ່ສົ່ງ.")
            }
            if actor.grants.contains(RoleGrant(role: .ownerFocalPoint, institution: scope.owner)) {
                return .allow("Owners see their own submissions.", "ເຈົ້າຂອງເຫັນຂໍ້ມູນຂອງຕົນ.")
            }
            if scope.asksForAreas && actor.has(.subnationalFocalPoint) {
                return .allow("Subnational focal points see the part of their areas.", "ຜູ້ປະສານງານຂັ້ນທ້ອງຖິ່ນເຫັນສ່ວນຂອງເຂດຕົນ.")
            }
            if scope.isWithOwner {
                return .deny("A draft stays with its owner until it is submitted.", "ຮ່າງຍັງຢູ່ກັບເຈົ້າຂອງຈົນກວ່າຈະສົ່ງ.")
            }
            if actor.has(.secretariatOfficer) || actor.has(.statisticsReviewer) {
                return .allow("The Secretariat and LSB see what owners submit.", "ກອງເລຂາ ແລະ ສຖຕ ເຫັນສິ່ງທີ່ເຈົ້າຂອງສົ່ງ.")
            }
            if let reporter = scope.reporter, actor.grants.contains(RoleGrant(role: .reporterFocalPoint, institution: reporter)) {
                return .allow("Reporters see the submissions of the indicators they report.", "ຜູ້ລາຍງານເຫັນຂໍ້ມູນຂອງຕົວຊີ້ວັດທີ່ຕົນລາຍງານ.")
            }
            return .deny(
                "You only see the submissions of your institution or of the indicators you report.",
                "ທ່ານເຫັນໄດ້ສະເພາະຂໍ້ມູນຂອງອົງການທ່ານ ຫຼື ຂອງຕົວຊີ້ວັດທີ່ທ່ານລາຍງານ."
            )
        case .viewFocalPoints, .writeRoleNote:
            if actor.has(.secretariatOfficer) { return .allow("The Secretariat keeps the focal point list.", "ກອງເລຂາ ຮັກສາລາຍຊື່ຜູ້ປະສານງານ.") }
            if case .institution(let code) = resource, actor.focalPointInstitutions.contains(code) {
                return .allow("Focal points keep their institution's notes and history.", "ຜູ້ປະສານງານຮັກສາບັນທຶກ ແລະ ປະຫວັດຂອງອົງການຕົນ.")
            }
            return .deny("You can only act for your own institution.", "ທ່ານເຮັດໄດ້ສະເພາະສຳລັບອົງການຂອງທ່ານເທົ່ານັ້ນ.")
        case .handOverFocalPoint:
            if actor.has(.secretariatOfficer) {
                return .allow("The Secretariat names focal points and records handovers.", "ກອງເລຂາ ແຕ່ງຕັ້ງຜູ້ປະສານງານ ແລະ ບັນທຶກການມອບວຽກ.")
            }
            return .deny(
                "Only the National SDG Secretariat names focal points; your institution's primary focal point may propose a successor.",
                "ສະເພາະກອງເລຂາ SDG ແຫ່ງຊາດ ເທົ່ານັ້ນທີ່ແຕ່ງຕັ້ງຜູ້ປະສານງານ; ຜູ້ປະສານງານຫຼັກຂອງອົງການທ່ານສະເໜີຜູ້ສືບທອດໄດ້."
            )
        case .proposeFocalPoint:
            if case .institution(let code) = resource, actor.focalPointInstitutions.contains(code) {
                return .allow(
                    "An institution's focal points may propose a successor; the Secretariat confirms.",
                    "ຜູ້ປະສານງານຂອງອົງການສະເໜີຜູ້ສືບທອດໄດ້; ກອງເລຂາ ເປັນຜູ້ຢືນຢັນ."
                )
            }
            if actor.has(.secretariatOfficer) {
                return .deny(
                    "The Secretariat names focal points directly; proposals come from the institution.",
                    "ກອງເລຂາ ແຕ່ງຕັ້ງໂດຍກົງ; ການສະເໜີມາຈາກອົງການ."
                )
            }
            return .deny("Only the institution's focal points propose a successor.", "ສະເພາະຜູ້ປະສານງານຂອງອົງການເທົ່ານັ້ນທີ່ສະເໜີຜູ້ສືບທອດ.")
        }
    }
}
