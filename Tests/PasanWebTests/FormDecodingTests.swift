import Foundation
import PasanDomain
import Testing

@testable import PasanWeb

/// The typed forms: each decodes its fields in one place and yields the typed value or every
/// problem, in both languages, as the pages show them.
@Suite struct FormDecodingTests {
    static func form(_ fields: [String: String], files: [String: FormData.File] = [:]) -> FormData {
        var form = FormData()
        form.fields = fields
        form.files = files
        return form
    }

    /// The messages of a refused form as (English, Lao) pairs; empty when it was accepted.
    static func messages<T>(_ result: Result<T, FormProblems>) -> [Pair] {
        result.problems(in: .en).enumerated().map { Pair(en: $0.element, lo: result.problems(in: .lo)[$0.offset]) }
    }

    struct Pair: Hashable, CustomStringConvertible {
        var en: String
        var lo: String
        var description: String { "\(en) / \(lo)" }
    }

    static func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    // MARK: Accounts

    @Test func signInTrimsTheEmailAndKeepsThePasswordAsTyped() {
        let form = SignInForm(Self.form(["email": "  a@example.org \n", "password": " secret "]))
        #expect(form == SignInForm(email: "a@example.org", password: " secret "))
        #expect(SignInForm(Self.form([:])) == SignInForm(email: "", password: ""))
    }

    @Test func passwordResetFormsReadTheirOneField() {
        #expect(PasswordResetRequestForm(Self.form(["email": " b@example.org "])).email == "b@example.org")
        #expect(PasswordResetRequestForm(Self.form(["email": "   "])).email == "")
        #expect(NewPasswordForm(Self.form(["password": "  long enough  "])).password == "  long enough  ")
        #expect(NewPasswordForm(Self.form([:])).password == "")
    }

    // MARK: Accounts and roles

    static let known: @Sendable (String) -> Bool = { ["MOH", "LSB"].contains($0) }

    @Test func roleGrantScopesTheRoleAndIgnoresTheOtherField() throws {
        let owner = try RoleGrantForm.decode(
            Self.form(["role": " owner-focal-point ", "institution": "MOH", "area": "01"]),
            isKnownInstitution: Self.known
        )
        .get()
        #expect(owner?.grant == RoleGrant(role: .ownerFocalPoint, institution: "MOH"))
        let viewer = try RoleGrantForm.decode(Self.form(["role": "viewer", "institution": "MOH"]), isKnownInstitution: Self.known).get()
        #expect(viewer?.grant == RoleGrant(role: .viewer))
        let area = try RoleGrantForm.decode(Self.form(["role": "subnational-focal-point", "area": "01"]), isKnownInstitution: Self.known)
            .get()
        #expect(area?.grant == RoleGrant(role: .subnationalFocalPoint, area: "01"))
        #expect(try RoleGrantForm.decode(Self.form(["role": ""]), isKnownInstitution: Self.known).get() == nil)
    }

    @Test func roleGrantProblems() {
        func problems(_ fields: [String: String]) -> [Pair] {
            Self.messages(RoleGrantForm.decode(Self.form(fields), isKnownInstitution: Self.known))
        }
        #expect(problems(["role": "king"]) == [Pair(en: "Unknown role king.", lo: "ບໍ່ຮູ້ຈັກບົດບາດ king.")])
        #expect(
            problems(["role": "owner-focal-point"]) == [
                Pair(
                    en: "Owner focal point (SDGi) must be scoped to one institution",
                    lo: "ຜູ້ປະສານງານ ເຈົ້າຂອງຂໍ້ມູນ (SDGi) ຕ້ອງກຳນົດໃຫ້ອົງການດຽວ"
                )
            ]
        )
        #expect(
            problems(["role": "subnational-focal-point"]) == [
                Pair(
                    en: "Subnational focal point must be scoped to an area (province or district)",
                    lo: "ຜູ້ປະສານງານ ຂັ້ນທ້ອງຖິ່ນ ຕ້ອງກຳນົດເຂດ (ແຂວງ ຫຼື ເມືອງ)"
                )
            ]
        )
        #expect(
            problems(["role": "reporter-focal-point", "institution": "XYZ"]) == [
                Pair(en: "Unknown institution XYZ.", lo: "ບໍ່ຮູ້ຈັກອົງການ XYZ.")
            ]
        )
    }

    @Test func grantingNeedsARole() throws {
        let refused = RoleGrantForm.decodeRequired(Self.form(["institution": "MOH"]), isKnownInstitution: Self.known)
        #expect(Self.messages(refused) == [Pair(en: "Choose a role.", lo: "ເລືອກບົດບາດ.")])
        let unknown = RoleGrantForm.decodeRequired(Self.form(["role": "king"]), isKnownInstitution: Self.known)
        #expect(Self.messages(unknown) == [Pair(en: "Unknown role king.", lo: "ບໍ່ຮູ້ຈັກບົດບາດ king.")])
        let granted = try RoleGrantForm.decodeRequired(Self.form(["role": "statistics-reviewer"]), isKnownInstitution: Self.known).get()
        #expect(granted.grant == RoleGrant(role: .statisticsReviewer))
    }

    @Test func newAccount() throws {
        let fields = [
            "email": " c@example.org ", "name": " Chanthala ", "password": " pass phrase ", "role": "reporter-focal-point",
            "institution": "LSB",
        ]
        let account = try NewAccountForm.decode(Self.form(fields), isKnownInstitution: Self.known).get()
        #expect(
            account
                == NewAccountForm(
                    email: "c@example.org",
                    name: "Chanthala",
                    password: " pass phrase ",
                    grant: RoleGrant(role: .reporterFocalPoint, institution: "LSB")
                )
        )
        let bare = try NewAccountForm.decode(Self.form([:]), isKnownInstitution: Self.known).get()
        #expect(bare == NewAccountForm(email: "", name: "", password: "", grant: nil))
        let refused = NewAccountForm.decode(
            Self.form(["email": "d@example.org", "role": "owner-focal-point", "institution": "XYZ"]),
            isKnownInstitution: Self.known
        )
        #expect(Self.messages(refused) == [Pair(en: "Unknown institution XYZ.", lo: "ບໍ່ຮູ້ຈັກອົງການ XYZ.")])
    }

    // MARK: Assignments

    static let catalog = FrameworkCatalog(
        goals: [],
        targets: [],
        indicators: [Indicator(code: "3.1.2", goal: 3, target: "3.1", title: .init(en: "x", lo: nil, loStatus: .machine), scope: .global)],
        series: [],
        institutions: ["MOH", "LSB"].map {
            Institution(
                code: $0,
                abbreviation: .init(en: $0, lo: nil, loStatus: .machine),
                name: .init(en: $0, lo: nil, loStatus: .machine),
                kind: .ministry,
                validFrom: nil,
                validTo: nil,
                note: nil
            )
        },
        successions: [],
        provinces: [],
        districts: []
    )

    static let assignment = ["_csrf": "t", "indicator": "3.1.2", "owners": "MOH", "reporter": "LSB"]

    @Test func assignmentForm() throws {
        let form = try AssignmentForm.decode(Self.form(Self.assignment), catalog: Self.catalog).get()
        #expect(form.assignment.indicator == "3.1.2")
        #expect(form.assignment.owners == ["MOH"])
        #expect(form.assignment.reporter == "LSB")
    }

    @Test(arguments: [
        (
            "indicator", "",
            Pair(en: "indicator: \"\" — expected: a value (this column is required)", lo: "indicator: \"\" — ຄາດໄວ້: ຄ່າ (ຖັນນີ້ຈຳເປັນຕ້ອງມີ)")
        ),
        (
            "indicator", "9.9.9",
            Pair(
                en: "indicator: \"9.9.9\" — expected: an indicator code of the framework, such as 3.1.2",
                lo: "indicator: \"9.9.9\" — ຄາດໄວ້: ລະຫັດຕົວຊີ້ວັດໃນກອບ ເຊັ່ນ 3.1.2"
            )
        ),
        (
            "reporter", " ",
            Pair(en: "reporter: \" \" — expected: a value (this column is required)", lo: "reporter: \" \" — ຄາດໄວ້: ຄ່າ (ຖັນນີ້ຈຳເປັນຕ້ອງມີ)")
        ),
        (
            "owners", "MOH;XYZ",
            Pair(
                en:
                    "owners: \"MOH;XYZ\" — expected: institution codes from the institution list, separated by ; (e.g. MOH;LSB); XYZ is not one",
                lo: "owners: \"MOH;XYZ\" — ຄາດໄວ້: ລະຫັດອົງການຈາກບັນຊີອົງການ, ແຍກດ້ວຍ ; (ເຊັ່ນ MOH;LSB); XYZ ບໍ່ຢູ່ໃນບັນຊີ"
            )
        ),
    ])
    func assignmentFormProblems(field: String, value: String, expected: Pair) {
        var fields = Self.assignment
        fields[field] = value
        #expect(Self.messages(AssignmentForm.decode(Self.form(fields), catalog: Self.catalog)) == [expected])
    }

    @Test func assignmentImportNeedsAFile() throws {
        #expect(
            Self.messages(AssignmentImportForm.decode(Self.form(["file": "a.csv"]))) == [Pair(en: "Choose a CSV file.", lo: "ເລືອກໄຟລ໌ CSV.")]
        )
        let file = FormData.File(filename: "a.csv", data: Data("indicator,owners,reporter\n".utf8))
        let form = try AssignmentImportForm.decode(Self.form([:], files: ["file": file])).get()
        #expect(form.file.filename == "a.csv")
    }

    // MARK: Focal points

    static let handover = ["role": "owner", "position": "primary", "user": "7", "date": "2026-01-15", "reason": " Retired "]

    static func focalPoint(_ fields: [String: String], accounts: Set<Int64> = [7]) async -> Result<FocalPointForm, FormProblems> {
        await FocalPointForm.decode(Self.form(fields)) { accounts.contains($0) }
    }

    @Test func focalPointForm() async throws {
        let form = try await Self.focalPoint(Self.handover).get()
        #expect(form == FocalPointForm(role: .owner, position: .primary, user: 7, date: Self.date("2026-01-15"), reason: "Retired"))
    }

    static let role = Pair(en: "Choose a role (owner or reporter).", lo: "ເລືອກບົດບາດ (owner ຫຼື reporter).")
    static let position = Pair(en: "Choose a position (primary or alternate).", lo: "ເລືອກຕຳແໜ່ງ (primary ຫຼື alternate).")
    static let user = Pair(en: "Choose the new holder.", lo: "ເລືອກຜູ້ຮັບ.")
    static let dateMessage = Pair(en: "Give the date as YYYY-MM-DD.", lo: "ວັນທີ ເປັນ YYYY-MM-DD.")
    static let reason = Pair(en: "Give the reason.", lo: "ບອກເຫດຜົນ.")
    static let noAccount = Pair(en: "No such account.", lo: "ບໍ່ມີບັນຊີນີ້.")

    @Test(
        arguments: [
            ("role", nil, role), ("role", "boss", role),
            ("position", nil, position), ("position", "first", position),
            ("user", nil, user), ("user", "seven", user),
            ("date", nil, dateMessage), ("date", "15/01/2026", dateMessage), ("date", "2026-13-01", dateMessage),
            ("reason", nil, reason), ("reason", "  ", reason),
            ("user", "8", noAccount),
        ] as [(String, String?, Pair)]
    )
    func focalPointFormProblems(field: String, value: String?, expected: Pair) async {
        var fields = Self.handover
        fields[field] = value
        #expect(Self.messages(await Self.focalPoint(fields)) == [expected])
    }

    @Test func focalPointFormListsEveryProblemInOrder() async {
        #expect(Self.messages(await Self.focalPoint([:])) == [Self.role, Self.position, Self.user, Self.dateMessage, Self.reason])
        // The person is looked up even when other fields are refused.
        #expect(
            Self.messages(await Self.focalPoint(["user": "9"])) == [
                Self.role, Self.position, Self.dateMessage, Self.reason, Self.noAccount,
            ]
        )
    }

    @Test func proposalDecision() throws {
        #expect(try ProposalDecisionForm.decode(Self.form(["decision": "confirm"])).get().decision == .confirm)
        #expect(try ProposalDecisionForm.decode(Self.form(["decision": " decline "])).get().decision == .decline)
        let expected = [Pair(en: "Choose confirm or decline.", lo: "ເລືອກ ຢືນຢັນ ຫຼື ປະຕິເສດ.")]
        #expect(Self.messages(ProposalDecisionForm.decode(Self.form([:]))) == expected)
        #expect(Self.messages(ProposalDecisionForm.decode(Self.form(["decision": "maybe"]))) == expected)
    }

    @Test func roleNote() throws {
        #expect(
            try RoleNoteForm.decode(Self.form(["role": "reporter", "body": " Call LSB first. "])).get()
                == RoleNoteForm(role: .reporter, body: "Call LSB first.")
        )
        let expected = [Pair(en: "Write the note and choose the role.", lo: "ຂຽນບັນທຶກ ແລະ ເລືອກບົດບາດ.")]
        for fields in [["role": "reporter"], ["role": "reporter", "body": " "], ["body": "x"], ["role": "boss", "body": "x"], [:]] {
            #expect(Self.messages(RoleNoteForm.decode(Self.form(fields))) == expected, "\(fields)")
        }
    }

    // MARK: Cycles

    static let cycle = [
        "name_en": " Cycle 2026 ", "name_lo": " ຮອບ 2026 ", "purpose": "VNR", "years": "2024, 2025", "indicators": "3.1.2; 4.1.1",
        "request_date": "2026-01-05", "owner_deadline": "2026-02-15", "reporter_deadline": "2026-03-01",
        "statistics_deadline": "2026-03-15", "approval_deadline": "2026-04-01", "publication_date": "2026-04-15",
    ]
    static let knownIndicators: @Sendable (String) -> Bool = { ["3.1.2", "4.1.1"].contains($0) }

    @Test func newCycle() throws {
        let cycle = try NewCycleForm.decode(Self.form(Self.cycle), isKnownIndicator: Self.knownIndicators).get().cycle
        #expect(cycle.name == LocalizedText(en: "Cycle 2026", lo: "ຮອບ 2026", loStatus: .reviewed))
        #expect(cycle.purpose == "VNR")
        #expect(cycle.referenceYears == [2024, 2025])
        #expect(cycle.indicators == ["3.1.2", "4.1.1"])
        #expect(
            cycle.schedule
                == CycleSchedule(
                    requestDate: Self.date("2026-01-05"),
                    ownerDeadline: Self.date("2026-02-15"),
                    reporterDeadline: Self.date("2026-03-01"),
                    statisticsDeadline: Self.date("2026-03-15"),
                    approvalDeadline: Self.date("2026-04-01"),
                    publicationDate: Self.date("2026-04-15")
                )
        )
        #expect(cycle.rules.minimumNoticeDays == 30)
        var fields = Self.cycle
        fields["minimum_notice"] = "14"
        #expect(
            try NewCycleForm.decode(Self.form(fields), isKnownIndicator: Self.knownIndicators).get().cycle.rules.minimumNoticeDays == 14
        )
    }

    @Test(arguments: [
        "request_date", "owner_deadline", "reporter_deadline", "statistics_deadline", "approval_deadline", "publication_date",
    ])
    func newCycleDateProblems(field: String) {
        for value in [nil, "", "15 March", "2026-02-30"] as [String?] {
            var fields = Self.cycle
            fields[field] = value
            let expected = [Pair(en: "\(field): a date as YYYY-MM-DD", lo: "\(field): ວັນທີ ເປັນ YYYY-MM-DD")]
            #expect(
                Self.messages(NewCycleForm.decode(Self.form(fields), isKnownIndicator: Self.knownIndicators)) == expected,
                "\(value ?? "nil")"
            )
        }
    }

    @Test func newCycleListsUnknownIndicatorsThenDates() {
        var fields = Self.cycle
        fields["indicators"] = "3.1.2,9.9.9 1.1.1"
        fields["owner_deadline"] = nil
        fields["publication_date"] = "soon"
        #expect(
            Self.messages(NewCycleForm.decode(Self.form(fields), isKnownIndicator: Self.knownIndicators)) == [
                Pair(en: "Unknown indicator 9.9.9", lo: "ບໍ່ຮູ້ຈັກຕົວຊີ້ວັດ 9.9.9"),
                Pair(en: "Unknown indicator 1.1.1", lo: "ບໍ່ຮູ້ຈັກຕົວຊີ້ວັດ 1.1.1"),
                Pair(en: "owner_deadline: a date as YYYY-MM-DD", lo: "owner_deadline: ວັນທີ ເປັນ YYYY-MM-DD"),
                Pair(en: "publication_date: a date as YYYY-MM-DD", lo: "publication_date: ວັນທີ ເປັນ YYYY-MM-DD"),
            ]
        )
    }

    @Test func extendCycle() throws {
        let all = try ExtendCycleForm.decode(Self.form(["date": "2026-03-01", "reason": " Floods ", "institution": " "])).get()
        #expect(all == ExtendCycleForm(date: Self.date("2026-03-01"), reason: "Floods", institution: nil))
        let one = try ExtendCycleForm.decode(Self.form(["date": "2026-03-01", "reason": "Floods", "institution": "MOH"])).get()
        #expect(one.institution == "MOH")
        let expected = [Pair(en: "Give the new date and the reason.", lo: "ໃສ່ວັນທີ ແລະ ເຫດຜົນ.")]
        for fields in [
            ["reason": "Floods"], ["date": "1 March", "reason": "Floods"], ["date": "2026-03-01"], ["date": "2026-03-01", "reason": " "],
            [:],
        ] {
            #expect(Self.messages(ExtendCycleForm.decode(Self.form(fields))) == expected, "\(fields)")
        }
    }
}
