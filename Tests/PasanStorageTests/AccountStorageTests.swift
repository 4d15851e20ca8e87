import Foundation
import PasanDomain
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

extension ChangeContext {
    static let test = ChangeContext(actorID: nil, actorName: "test", address: "127.0.0.1")
}

@Suite struct AccountStorageTests {
    @Test(arguments: Backend.all)
    func passwordsAreNeverStoredInClear(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
            let password = "correct horse battery staple ສະບາຍດີ"
            let user = try await accounts.createUser(
                email: "Somsack@Example.LA",
                name: "Somsack",
                password: password,
                grants: [RoleGrant(role: .viewer)],
                change: .test
            )
            #expect(user.email == "somsack@example.la")
            // Nothing in any text column of the users, sessions or audit tables holds the password.
            let dump = try await database.read { db in
                var text = ""
                for table in ["users", "audit_log", "sessions", "sign_in_attempts"] {
                    for row in try await db.select().column("*").from(table).all() {
                        for column in row.allColumns { text += ((try? row.decode(column: column, as: String.self)) ?? "") + "\n" }
                    }
                }
                return text
            }
            #expect(!dump.contains(password))
            #expect(dump.contains("scrypt$"))
            if case .signedIn = try await accounts.signIn(email: "somsack@example.la", password: password, address: "10.0.0.1") {
            } else {
                Issue.record("the right password did not sign in")
            }
            await #expect(throws: AccountError.weakPassword) {
                try await accounts.createUser(email: "x@example.la", name: "x", password: "short", grants: [], change: .test)
            }
            await #expect(throws: AccountError.emailTaken("somsack@example.la")) {
                try await accounts.createUser(email: "somsack@example.la", name: "x", password: password, grants: [], change: .test)
            }
        }
    }

    /// Issue 8, defect 4: failures slow down the account *from that address* with a growing
    /// delay; attempts refused for waiting are not counted; nobody else is locked out.
    @Test(arguments: Backend.all)
    func signInSlowsDownPerAccountAndAddressAndLocksNobodyOut(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
            let password = "a long enough password"
            try await accounts.createUser(email: "bounmy@example.la", name: "Bounmy", password: password, grants: [], change: .test)
            // A wrong password and an unknown account get the same answer.
            #expect(
                try await accounts.signIn(email: "bounmy@example.la", password: "wrong one!!", address: "10.0.0.2") == .wrongCredentials
            )
            #expect(
                try await accounts.signIn(email: "nobody@example.la", password: "wrong one!!", address: "10.0.0.2") == .wrongCredentials
            )
            // A stranger fails again and again from another address…
            let start = Date()
            let failures = SignInThrottle.pairFreeFailures + 2  // the next attempt must wait 4 s
            for i in 0..<failures {
                _ = try await accounts.signIn(
                    email: "bounmy@example.la",
                    password: "wrong one!!",
                    address: "10.0.0.3",
                    now: start.addingTimeInterval(Double(i) * 60)
                )
            }
            let soon = start.addingTimeInterval(Double(failures - 1) * 60 + 1)
            guard
                case .throttled(let wait) = try await accounts.signIn(
                    email: "bounmy@example.la",
                    password: password,
                    address: "10.0.0.3",
                    now: soon
                )
            else {
                Issue.record("repeated failures from one address were not slowed down")
                return
            }
            #expect(wait >= 1 && Double(wait) <= SignInThrottle.maximumDelay)
            // …the throttled attempts are not recorded as failures…
            let recorded = try await database.read { db in
                try await db.select().column("id").from("sign_in_attempts").where("address", .equal, "10.0.0.3").all().count
            }
            for _ in 0..<20 {
                _ = try await accounts.signIn(email: "bounmy@example.la", password: "wrong one!!", address: "10.0.0.3", now: soon)
            }
            let after = try await database.read { db in
                try await db.select().column("id").from("sign_in_attempts").where("address", .equal, "10.0.0.3").all().count
            }
            #expect(after == recorded)
            // …and the account holder, from their own address, signs in at once.
            if case .signedIn = try await accounts.signIn(email: "bounmy@example.la", password: password, address: "10.0.0.4", now: soon) {
            } else {
                Issue.record("a stranger's failures locked the holder out")
            }
            // After the delay, the stranger's address is checked again (no hard lock).
            if case .signedIn = try await accounts.signIn(
                email: "bounmy@example.la",
                password: password,
                address: "10.0.0.3",
                now: soon.addingTimeInterval(Double(wait) + 1)
            ) {
            } else {
                Issue.record("the delay did not end")
            }
        }
    }

    /// Issue 8, defect 4: at most one live reset link per account, and limits on reset e-mails
    /// per account and per address (the probe queued 50 e-mails with 50 live tokens).
    @Test(arguments: Backend.all)
    func passwordResetsAreLimitedAndReplaceEachOther(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
            try await accounts.createUser(email: "vanh@example.la", name: "Vanh", password: "first password 1", grants: [], change: .test)
            var tokens: [String] = []
            for _ in 0..<50 {
                if let (_, token) = try await accounts.createPasswordReset(email: "vanh@example.la", address: "10.1.1.1") {
                    tokens.append(token)
                }
            }
            #expect(tokens.count == SignInThrottle.resetsPerAccount)
            var live = 0
            for token in tokens where try await accounts.isResetTokenValid(token) { live += 1 }
            #expect(live == 1)
            #expect(try await accounts.isResetTokenValid(tokens.last!))
            // The address limit holds across accounts (unknown ones included).
            try await accounts.createUser(email: "kham@example.la", name: "Kham", password: "first password 1", grants: [], change: .test)
            for i in 0..<SignInThrottle.resetsPerAddress {
                _ = try await accounts.createPasswordReset(email: "ghost\(i)@example.la", address: "10.2.2.2")
            }
            #expect(try await accounts.createPasswordReset(email: "kham@example.la", address: "10.2.2.2") == nil)
            #expect(try await accounts.createPasswordReset(email: "kham@example.la", address: "10.3.3.3") != nil)
        }
    }

    @Test(arguments: Backend.all)
    func sessionsAndPasswordResets(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
            let user = try await accounts.createUser(
                email: "phet@example.la",
                name: "Phet",
                password: "first password 1",
                grants: [],
                change: .test
            )
            let first = try await accounts.openSession(userID: user.id)
            let second = try await accounts.openSession(userID: user.id)
            #expect(try await accounts.session(token: first)?.user.id == user.id)
            let firstCSRF = try await accounts.session(token: first)?.csrfToken
            let secondCSRF = try await accounts.session(token: second)?.csrfToken
            #expect(firstCSRF != nil && firstCSRF != secondCSRF)
            #expect(try await accounts.session(token: "forged") == nil)
            #expect(try await accounts.session(token: first, now: Date().addingTimeInterval(AccountRepository.sessionLifetime + 1)) == nil)
            try await accounts.closeAllSessions(userID: user.id, change: .test)
            #expect(try await accounts.session(token: first) == nil)
            #expect(try await accounts.session(token: second) == nil)

            let (_, token) = try #require(try await accounts.createPasswordReset(email: "phet@example.la", address: "x"))
            #expect(try await accounts.createPasswordReset(email: "nobody@example.la", address: "x") == nil)
            #expect(try await accounts.resetPassword(token: token, newPassword: "second password 2"))
            #expect(try await accounts.resetPassword(token: token, newPassword: "third password 33") == false)  // one time only
            #expect(try await accounts.signIn(email: "phet@example.la", password: "first password 1", address: "x") == .wrongCredentials)
        }
    }

    @Test(arguments: Backend.all)
    func theAuditLogIsAppendOnly(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
            let user = try await accounts.createUser(
                email: "audit@example.la",
                name: "A",
                password: "a long enough password",
                grants: [],
                change: .test
            )
            try await accounts.grant(RoleGrant(role: .ownerFocalPoint, institution: "MOH"), to: user.id, change: .test)
            let entries = try await AuditLog.entries(database, entity: "user", page: PageRequest(limit: 100, offset: 0)).items
                .filter { $0.entityID == String(user.id) }
            #expect(entries.map(\.action) == ["grant-role", "create"])
            #expect(entries[0].before?.contains("ownerFocalPoint") == false && entries[0].after?.contains("owner-focal-point") == true)
            await #expect(throws: (any Error).self) {
                try await database.write { db in try await db.raw("UPDATE audit_log SET actor = 'someone else'").run() }
            }
            await #expect(throws: (any Error).self) {
                try await database.write { db in try await db.raw("DELETE FROM audit_log").run() }
            }
        }
    }

    @Test(arguments: Backend.all)
    func handoverMovesOpenTasksAndKeepsHistory(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
            let a = try await accounts.createUser(
                email: "old@example.la",
                name: "Old",
                password: "a long enough password",
                grants: [],
                change: .test
            )
            let b = try await accounts.createUser(
                email: "new@example.la",
                name: "New",
                password: "a long enough password",
                grants: [],
                change: .test
            )
            let focal = FocalPointRepository(database: database)
            try await focal.name(
                institution: "MOES",
                role: .owner,
                position: .primary,
                userID: a.id,
                on: LocalDate(iso: "2025-01-01")!,
                reason: "appointed",
                change: .test
            )
            let open = try await focal.addTask(
                institution: "MOES",
                role: .owner,
                assignee: a.id,
                title: .init(en: "Send 4.1.1", lo: "ສົ່ງ 4.1.1", loStatus: .reviewed),
                dueOn: nil,
                link: nil
            )
            try await focal.handOver(
                institution: "MOES",
                role: .owner,
                position: .primary,
                to: b.id,
                on: LocalDate(iso: "2026-02-01")!,
                reason: "rotation",
                change: .test
            )
            #expect(try await focal.tasks(assignee: b.id).map(\.id) == [open])
            #expect(try await focal.tasks(assignee: a.id).isEmpty)
            let terms = try await focal.terms(institution: "MOES")
            #expect(FocalPointHistory.holder(of: "MOES", .owner, .primary, on: LocalDate(iso: "2025-06-01")!, in: terms)?.userName == "Old")
            #expect(FocalPointHistory.holder(of: "MOES", .owner, .primary, on: LocalDate(iso: "2026-06-01")!, in: terms)?.userName == "New")
            #expect(try await focal.handovers(institution: "MOES").last?.reason == "rotation")
            // The successor now holds the focal point role.
            #expect(try await accounts.account(id: b.id)?.grants.contains(RoleGrant(role: .ownerFocalPoint, institution: "MOES")) == true)
        }
    }

    @Test(arguments: Backend.all)
    func assignmentsAndTheOutbox(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let repository = AssignmentRepository(database: database)
            let before = try await repository.all().count
            let a = Assignment(
                indicator: "6.1.1",
                series: nil,
                geographicLevel: .province,
                owners: ["MPWT", "LSB"],
                reporter: "LSB",
                contributors: ["MOH"],
                legalBasis: LegalBasis(instrument: "Decree", number: "7", date: LocalDate(iso: "2020-05-05")),
                sourceKind: .survey,
                sourceName: "LSIS",
                frequency: .quinquennial,
                collectionDue: DayOfYear("06-30")
            )
            let saved = try await repository.create(a, change: .test)
            var back = try #require(try await repository.assignment(id: saved.id!))
            #expect(back.owners == ["LSB", "MPWT"] && back.contributors == ["MOH"] && back.legalBasis == a.legalBasis)
            back.reporter = "MPWT"
            try await repository.update(back, change: .test)
            #expect(try await repository.assignment(id: saved.id!)?.reporter == "MPWT")
            // A failing import writes nothing.
            await #expect(throws: (any Error).self) {
                _ = try await repository.importAll(
                    [a, Assignment(indicator: "no.such.indicator", owners: ["MOH"], reporter: "MOH")],
                    change: .test
                )
            }
            #expect(try await repository.all().count == before + 1)

            let outbox = Outbox(database: database)
            // The demo data already queued mail (cycle requests): deliver it out of the way first.
            for message in try await outbox.claimDue() { try await outbox.markSent(message.id) }
            try await outbox.enqueue(to: "a@example.la", subject: "ສະບາຍດີ", text: "x")
            let claimed = try await outbox.claimDue()
            #expect(claimed.count == 1)
            #expect(try await outbox.claimDue().isEmpty)  // leased
            try await outbox.markFailed(claimed[0].id, error: "down", permanent: false)
            #expect(try await outbox.claimDue().isEmpty)  // backing off
            let reclaimed = try await outbox.claimDue(now: Date().addingTimeInterval(120))
            #expect(reclaimed.map(\.id) == [claimed[0].id])
            try await outbox.markSent(claimed[0].id)
            #expect(try await outbox.messages().first?.sentAt != nil)
        }
    }
}
