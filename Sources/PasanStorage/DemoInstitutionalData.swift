import Foundation
import PasanDomain
import PasanMessages
import PasanReferenceData
import SQLKit

/// The `--demo` accounts (one per role), assignments, focal points and open tasks, so a newcomer
/// sees the institutional arrangements at once. Passwords are random and printed once.
public struct DemoInstitutionalData: Sendable {
    public struct Credential: Sendable {
        public var email: String
        public var password: String
        public var role: String
    }

    public let database: Database
    public let directory: URL

    public init(database: Database, directory: URL = DemoDataLoader.bundled.directory) {
        self.database = database
        self.directory = directory
    }

    static let accounts: [(email: String, name: String, grant: RoleGrant)] = [
        ("admin@pasan.demo", "Secretariat administrator (demo)", RoleGrant(role: .secretariatAdmin)),
        ("officer@pasan.demo", "Secretariat officer (demo)", RoleGrant(role: .secretariatOfficer)),
        ("lsb.reviewer@pasan.demo", "LSB statistics reviewer (demo)", RoleGrant(role: .statisticsReviewer)),
        ("moh.owner@pasan.demo", "MOH owner focal point (demo)", RoleGrant(role: .ownerFocalPoint, institution: "MOH")),
        ("moh.reporter@pasan.demo", "MOH reporter focal point (demo)", RoleGrant(role: .reporterFocalPoint, institution: "MOH")),
        ("molsw.reporter@pasan.demo", "MOLSW reporter focal point (demo)", RoleGrant(role: .reporterFocalPoint, institution: "MOLSW")),
        (
            "vientiane.capital@pasan.demo", "Vientiane Capital subnational focal point (demo)",
            RoleGrant(role: .subnationalFocalPoint, area: "01")
        ),
        ("viewer@pasan.demo", "Viewer (demo)", RoleGrant(role: .viewer)),
        ("translator.lsb@pasan.demo", "LSB translator (demo)", RoleGrant(role: .translator)),
        ("reviewer.lsb@pasan.demo", "LSB second translator (demo)", RoleGrant(role: .translator)),
        ("planner.mpi@pasan.demo", "MPI planning officer (demo)", RoleGrant(role: .planningOfficer)),
        ("steering@pasan.demo", "Steering Committee member (demo)", RoleGrant(role: .steeringCommittee)),
    ]

    /// Creates everything once (nothing when the demo accounts exist); returns the credentials
    /// it created.
    public func seedIfAbsent(passwordCost: Secrets.Cost = .standard) async throws -> [Credential] {
        let accounts = AccountRepository(database: database, passwordCost: passwordCost)
        if try await accounts.account(email: Self.accounts[0].email) != nil { return [] }
        let change = ChangeContext(actorID: nil, actorName: "pasan --demo", address: nil)
        var credentials: [Credential] = []
        var ids: [String: Int64] = [:]
        for account in Self.accounts {
            let password = Secrets.token().prefix(16).description
            let created = try await accounts.createUser(
                email: account.email,
                name: account.name,
                password: password,
                grants: [account.grant],
                change: change
            )
            ids[account.email] = created.id
            credentials.append(Credential(email: account.email, password: password, role: account.grant.role.rawValue))
        }
        // Assignments, through the same validation as any CSV import.
        let catalog = try await CatalogRepository(database: database).load()
        let table = try CSVTable(contentsOf: directory.appendingPathComponent("demo/assignments.csv"), file: "demo/assignments.csv")
        let rows = table.records.map { (line: $0.line, fields: Dictionary(zip(table.header, $0.fields), uniquingKeysWith: { a, _ in a })) }
        let (assignments, issues) = AssignmentImport(catalog: catalog).validate(rows)
        if let issue = issues.first {
            throw DataFileIssue(file: "demo/assignments.csv", line: issue.line, column: issue.column, message: issue.expected.text(in: .en))
        }
        _ = try await AssignmentRepository(database: database).importAll(assignments, change: change)
        try await seedLegalInstruments(change: change)
        try await seedSelfAssessment(change: change)
        // Focal points (MOH's alternate owner focal point is left vacant: the gap analysis shows it).
        let focal = FocalPointRepository(database: database)
        let start = LocalDate(year: 2025, month: 1, day: 6)!
        try await focal.name(
            institution: "MOH",
            role: .owner,
            position: .primary,
            userID: ids["moh.owner@pasan.demo"]!,
            on: start,
            reason: "Appointed (demo)",
            change: change
        )
        try await focal.name(
            institution: "MOH",
            role: .reporter,
            position: .primary,
            userID: ids["moh.reporter@pasan.demo"]!,
            on: start,
            reason: "Appointed (demo)",
            change: change
        )
        try await focal.name(
            institution: "MOLSW",
            role: .reporter,
            position: .primary,
            userID: ids["molsw.reporter@pasan.demo"]!,
            on: start,
            reason: "Appointed (demo)",
            change: change
        )
        let today = database.clock.today
        let owner = ids["moh.owner@pasan.demo"]!
        // Open tasks (demo/demo_tasks.csv, illustrative).
        let tasks = try CSVTable(contentsOf: directory.appendingPathComponent("demo/demo_tasks.csv"), file: "demo/demo_tasks.csv")
        try tasks.requireColumns(["institution", "role", "assignee", "title_en", "title_lo", "due_in_days", "link"])
        var taskRows: [(institution: String, role: FocalPointRole?, assignee: String, title: LocalizedText, days: Int?, link: String?)] = []
        var problems = tasks.rows { row in
            taskRows.append(
                (
                    row.required("institution"), row.oneOf("role", FocalPointRole.self), row.required("assignee"),
                    LocalizedText(en: row.required("title_en"), lo: row.optional("title_lo"), loStatus: .reviewed),
                    row.integer("due_in_days"), row.optional("link")
                )
            )
        }
        for (i, task) in taskRows.enumerated() where ids[task.assignee] == nil {
            problems.append(
                DataFileIssue(
                    file: "demo/demo_tasks.csv",
                    line: tasks.records[i].line,
                    column: "assignee",
                    message: "is not a demo account"
                )
            )
        }
        if let problem = problems.first { throw problem }
        for task in taskRows {
            try await focal.addTask(
                institution: task.institution,
                role: task.role!,
                assignee: ids[task.assignee]!,
                title: task.title,
                dueOn: today.adding(days: task.days!),
                link: task.link
            )
        }
        try await focal.addNote(
            institution: "MOH",
            role: .owner,
            body: "DHIS2 exports for the annual report are ready in the first week of March; ask the HMIS unit, not the hospital directly.",
            change: ChangeContext(actorID: owner, actorName: "MOH owner focal point (demo)", address: nil)
        )
        try await seedCycles(ids: ids, texts: try Self.texts(directory), change: change)
        try await seedVoluntaryNationalReview(catalog: catalog, change: change)
        try await seedCapacity(ids: ids, change: change)
        return credentials
    }

    /// The register of the instruments the demo assignments cite (demo/legal_instruments.csv,
    /// illustrative), through the same checks as the register's form.
    func seedLegalInstruments(change: ChangeContext) async throws {
        let file = "demo/legal_instruments.csv"
        let table = try CSVTable(contentsOf: directory.appendingPathComponent(file), file: file)
        try table.requireColumns(["kind", "number", "issued_on", "issuer", "title_en", "title_lo", "scope", "valid_from", "valid_to"])
        var instruments: [(line: Int, instrument: LegalInstrument)] = []
        var problems = table.rows { row in
            let kind = row.oneOf("kind", LegalInstrumentKind.self)
            let issued = row.date("issued_on")
            if issued == nil { row.fail("issued_on", "is empty; expected a date as YYYY-MM-DD") }
            let instrument = LegalInstrument(
                kind: kind ?? .instruction,
                number: row.required("number"),
                issuedOn: issued ?? LocalDate(year: 2000, month: 1, day: 1)!,
                issuer: row.required("issuer"),
                titleEN: row.required("title_en"),
                titleLO: row.required("title_lo"),
                scope: row.optional("scope") ?? "",
                validFrom: row.date("valid_from"),
                validTo: row.date("valid_to")
            )
            for problem in instrument.problems { row.fail(nil, problem.text(in: .en)) }
            instruments.append((row.line, instrument))
        }
        if problems.isEmpty {
            let register = LegalInstrumentRepository(database: database)
            for (line, instrument) in instruments {
                do {
                    _ = try await register.record(instrument, change: change)
                } catch let error as LegalRegisterError {
                    problems.append(
                        DataFileIssue(
                            file: file,
                            line: line,
                            column: "number",
                            message: error.messages.map { $0.text(in: .en) }.joined(separator: " ")
                        )
                    )
                }
            }
        }
        if let problem = problems.first { throw problem }
    }

    /// Illustrative rounds of the self-assessments (made-up ratings, example.org evidence, plans
    /// marked as demo): two rounds of the CEPA principles answered by MOH and LSB, so the results
    /// show over rounds; a round of the institutional readiness questionnaire answered by LSB and
    /// left open for MOH's focal points (who see what Pasan knows of MOH beside the questions).
    func seedSelfAssessment(change: ChangeContext) async throws {
        let repository = SelfAssessmentRepository(database: database)
        let plan: [(questionnaire: String, rounds: [String], respondents: [(seed: Int, institution: String)])] = [
            ("cepa-principles", ["2024 (demo)", "2026 (demo)"], [(3, "MOH"), (5, "LSB")]),
            ("institutional-readiness", ["2026 (demo)"], [(5, "LSB")]),
        ]
        for step in plan {
            guard let questionnaire = ShippedQuestionnaires.latest(step.questionnaire) else { continue }
            for (offset, title) in step.rounds.enumerated() {
                let round = try await repository.openRound(of: questionnaire, title: title, change: change)
                for (seed, institution) in step.respondents {
                    let answers = questionnaire.items.enumerated().map { index, item in
                        // Made up: a spread of ratings, one item in nine not applicable, the later round higher.
                        let rating = index % 9 == 8 ? nil : min(SelfAssessment.scale.upperBound, (index * seed + offset * 3) % 4 + offset)
                        return SelfAssessmentAnswer(
                            item: item.code,
                            rating: rating,
                            evidence: rating.map {
                                $0 >= 2 ? ["https://example.org/pasan-demo/\(institution.lowercased())/\(item.code)"] : []
                            }
                                ?? [],
                            plan: rating.map { $0 < 3 ? "Illustrative plan (demo): raise \(item.code) by the next round." : "" } ?? ""
                        )
                    }
                    try await repository.submit(
                        roundID: round.id,
                        respondent: institution,
                        answers: answers,
                        questionnaire: questionnaire,
                        change: ChangeContext(actorID: nil, actorName: "\(institution) focal point (demo)", address: nil)
                    )
                }
            }
        }
    }

    /// An illustrative Voluntary National Review for 2026 on the goals the HLPF reviews that
    /// year and Lao PDR's national Goal 18. Its annex is made from the demo's published data,
    /// which are Goal 18's only: the other goals' indicators say "no data", as they would.
    func seedVoluntaryNationalReview(catalog: FrameworkCatalog, change: ChangeContext) async throws {
        guard let session = ShippedHLPFSessions.shipped[2026] else { return }
        let withData = try await ObservationRepository(database: database).publishedSummary().indicatorsWithData
        _ = try await VNRRepository(database: database).start(
            year: session.year,
            goals: session.goals + [18],
            known: Set(catalog.goals.map(\.number)),
            withData: Set(withData.compactMap { catalog.indicator($0)?.goal }),
            reason: "Started for the demo (illustrative): the HLPF 2026 goals and the national Goal 18",
            change: change
        )
    }

    /// An illustrative training of trainers and a peer exchange with the demo's focal points, so
    /// each of them has a record (made up: names, places and links are the demo's).
    func seedCapacity(ids: [String: Int64], change: ChangeContext) async throws {
        let repository = CapacityRepository(database: database)
        func person(_ email: String) -> CapacityEvent.Participant {
            CapacityEvent.Participant(userID: ids[email]!, name: email, institution: "")
        }
        _ = try await repository.record(
            CapacityEvent(
                kind: .trainingOfTrainers,
                title: LocalizedText(en: "Submitting SDG data through Pasan (demo)", lo: nil, loStatus: .machine),
                topic: "Data requests, templates and submissions; training colleagues afterwards (illustrative)",
                startsOn: LocalDate(year: 2025, month: 3, day: 10)!,
                endsOn: LocalDate(year: 2025, month: 3, day: 12)!,
                place: "Vientiane Capital (illustrative)",
                organiser: "LSB",
                trainers: ["LSB trainer (demo)"],
                materials: ["https://example.org/pasan-demo/training/submitting-sdg-data.pdf"],
                participants: ["moh.owner@pasan.demo", "moh.reporter@pasan.demo", "molsw.reporter@pasan.demo"].map(person)
            ),
            change: change
        )
        _ = try await repository.record(
            CapacityEvent(
                kind: .peerExchange,
                title: LocalizedText(en: "How MOH reviews its data before reporting (demo)", lo: nil, loStatus: .machine),
                topic: "Review checklists and return comments, shown by MOH to MOLSW (illustrative)",
                startsOn: LocalDate(year: 2025, month: 6, day: 5)!,
                place: "Ministry of Health (illustrative)",
                organiser: "MOH",
                trainers: ["MOH reporter focal point (demo)"],
                institutions: ["MOH", "MOLSW"],
                participants: ["moh.reporter@pasan.demo", "molsw.reporter@pasan.demo"].map(person)
            ),
            change: change
        )
    }

    /// The illustrative texts of the demo cycles (demo/demo_texts.csv): key → English and Lao.
    static func texts(_ directory: URL) throws -> [String: LocalizedText] {
        let path = "demo/demo_texts.csv"
        let table = try CSVTable(contentsOf: directory.appendingPathComponent(path), file: path)
        try table.requireColumns(["key", "en", "lo"])
        var texts: [String: LocalizedText] = [:]
        if let problem = table.rows({ row in
            texts[row.required("key")] = LocalizedText(en: row.required("en"), lo: row.optional("lo"), loStatus: .reviewed)
        }).first {
            throw problem
        }
        for key in ["cycle.closed", "cycle.open", "comment.returned"] where texts[key] == nil {
            throw DataFileIssue(file: path, line: nil, column: "key", message: "has no row \"\(key)\"")
        }
        return texts
    }

    /// One open cycle with submissions in several states, and one closed cycle for the
    /// recognition page. The values are illustrative, not official statistics.
    func seedCycles(ids: [String: Int64], texts: [String: LocalizedText], change: ChangeContext) async throws {
        let accounts = AccountRepository(database: database)
        func actor(_ email: String) async throws -> Actor { try await accounts.account(id: ids[email]!)!.actor }
        let owner = try await actor("moh.owner@pasan.demo"), reporter = try await actor("moh.reporter@pasan.demo")
        let officer = try await actor("officer@pasan.demo")
        let today = database.clock.today
        let cycles = CycleRepository(database: database)
        let submissions = SubmissionRepository(database: database)
        func value(
            _ indicator: String,
            _ series: String,
            _ year: String,
            _ v: Double,
            unit: String = "PT",
            dims: String = ""
        ) -> SubmittedValue {
            SubmittedValue(
                key: CellKey(indicator: indicator, series: series, area: Area.countryCode, period: year, dimensions: dims),
                unit: unit,
                value: v,
                status: "E",
                comment: "demo value",
                source: "Pasan demo"
            )
        }

        // Closed: the 2025 NSEDP annual review, for the recognition page.
        let closed = try await cycles.create(
            ReportingCycle(
                name: texts["cycle.closed"]!,
                purpose: "NSEDP annual review",
                referenceYears: [2024],
                indicators: ["3.1.2", "3.b.1", "4.1.1", "18.1.1"],
                schedule: CycleSchedule(
                    requestDate: today.adding(days: -40),
                    ownerDeadline: today.adding(days: 1),
                    reporterDeadline: today.adding(days: 10),
                    statisticsDeadline: today.adding(days: 15),
                    approvalDeadline: today.adding(days: 20),
                    publicationDate: today.adding(days: 25)
                )
            ),
            change: change
        )
        _ = try await cycles.open(id: closed.id!, today: today, link: { "/lo/cycles/\(closed.id!)/requests/\($0)" }, change: change)
        for (indicator, series, v) in [("3.1.2", "SH_STA_BRTC", 67.0), ("3.b.1", "SH_ACS_DTP3", 88.0)] {
            let s = try await submissions.save(
                cycleID: closed.id!,
                institution: "MOH",
                indicator: indicator,
                values: [value(indicator, series, "2024", v)],
                basedOn: nil,
                warningsComment: nil,
                change: change
            )
            try await submissions.take(
                .submit,
                submissionID: s.id,
                actor: owner,
                reporter: "MOH",
                officialStatistics: true,
                comment: nil,
                change: change
            )
        }
        try await cycles.close(id: closed.id!, change: change)

        // Open: the Voluntary National Review 2027, with submissions in several states.
        let open = try await cycles.create(
            ReportingCycle(
                name: texts["cycle.open"]!,
                purpose: "Voluntary National Review",
                referenceYears: [2022, 2023],
                indicators: ["3.1.2", "3.2.1", "3.b.1", "4.1.1", "18.1.1", "18.2.1"],
                schedule: CycleSchedule(
                    requestDate: today.adding(days: -20),
                    ownerDeadline: today.adding(days: 25),
                    reporterDeadline: today.adding(days: 40),
                    statisticsDeadline: today.adding(days: 55),
                    approvalDeadline: today.adding(days: 65),
                    publicationDate: today.adding(days: 75)
                )
            ),
            change: change
        )
        _ = try await cycles.open(id: open.id!, today: today, link: { "/lo/cycles/\(open.id!)/requests/\($0)" }, change: change)
        // 3.1.2: submitted by MOH, reviewed by MOH's reporter; waiting for LSB.
        let births = try await submissions.save(
            cycleID: open.id!,
            institution: "MOH",
            indicator: "3.1.2",
            values: [value("3.1.2", "SH_STA_BRTC", "2022", 64.4), value("3.1.2", "SH_STA_BRTC", "2023", 66.2)],
            basedOn: nil,
            warningsComment: nil,
            change: change
        )
        try await submissions.take(
            .submit,
            submissionID: births.id,
            actor: owner,
            reporter: "MOH",
            officialStatistics: true,
            comment: nil,
            change: change
        )
        try await submissions.take(
            .review,
            submissionID: births.id,
            actor: reporter,
            reporter: "MOH",
            officialStatistics: true,
            comment: nil,
            change: change
        )
        // 3.b.1: a draft.
        try await submissions.save(
            cycleID: open.id!,
            institution: "MOH",
            indicator: "3.b.1",
            values: [value("3.b.1", "SH_ACS_DTP3", "2022", 84)],
            basedOn: nil,
            warningsComment: nil,
            change: change
        )
        // 3.2.1: submitted by MOH and returned by the Secretariat with a comment.
        let u5 = try await submissions.save(
            cycleID: open.id!,
            institution: "MOH",
            indicator: "3.2.1",
            values: [
                value("3.2.1", "SH_DYN_MORT", "2022", 44, unit: "PER_1000_LIVE_BIRTHS"),
                value("3.2.1", "SH_DYN_MORT", "2023", 41, unit: "PER_1000_LIVE_BIRTHS"),
            ],
            basedOn: nil,
            warningsComment: nil,
            change: change
        )
        try await submissions.take(
            .submit,
            submissionID: u5.id,
            actor: owner,
            reporter: "LSB",
            officialStatistics: true,
            comment: nil,
            change: change
        )
        try await submissions.take(
            .return,
            submissionID: u5.id,
            actor: officer,
            reporter: "LSB",
            officialStatistics: true,
            comment: texts["comment.returned"].map { "\($0.en) / \($0.lo ?? "")" },
            change: change
        )
    }

}
