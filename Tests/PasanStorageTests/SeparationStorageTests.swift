import Foundation
import PasanDomain
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// Issue 8, defects 1, 6 and 8 on both databases: grants that mix duties are refused; focal
/// points are named by the Secretariat, proposed by institutions; role grants are audited as
/// grants; the workflow refuses a second step by the same person; the Secretariat takes the
/// step of a missing reporter; two processes starting together both succeed.
@Suite struct SeparationStorageTests {
    static let officerChange = ChangeContext(actorID: nil, actorName: "officer (test)", address: "127.0.0.1")

    @Test(arguments: Backend.all)
    func grantsThatMixDutiesAreRefused(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
            let owner = try await accounts.createUser(
                email: "sod@example.la",
                name: "Sod",
                password: "a long enough password",
                grants: [RoleGrant(role: .ownerFocalPoint, institution: "MOH")],
                change: .test
            )
            // The probe: MOH's owner made themself MOH's reporter.
            await #expect(throws: AccountError.self) {
                try await accounts.grant(RoleGrant(role: .reporterFocalPoint, institution: "MOH"), to: owner.id, change: .test)
            }
            await #expect(throws: AccountError.self) {
                try await accounts.grant(RoleGrant(role: .statisticsReviewer), to: owner.id, change: .test)
            }
            // A reporter of cells MOH does not own is another matter (MOES reports only MOES's).
            try await accounts.grant(RoleGrant(role: .reporterFocalPoint, institution: "MOES"), to: owner.id, change: .test)
            #expect(try await accounts.account(id: owner.id)?.grants.count == 2)
            // Both at once when the account is created: nothing is created.
            await #expect(throws: AccountError.self) {
                try await accounts.createUser(
                    email: "both@example.la",
                    name: "Both",
                    password: "a long enough password",
                    grants: [
                        RoleGrant(role: .ownerFocalPoint, institution: "NRA"), RoleGrant(role: .reporterFocalPoint, institution: "MOLSW"),
                    ],
                    change: .test
                )
            }
            #expect(try await accounts.account(email: "both@example.la") == nil)
        }
    }

    @Test(arguments: Backend.all)
    func handoversRefuseConflictsAndAreAuditedAsGrants(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
            let focal = FocalPointRepository(database: database)
            let owner = try #require(try await accounts.account(email: "moh.owner@pasan.demo"))
            let before = try await focal.terms(institution: "MOH")
            await #expect(throws: AccountError.self) {
                try await focal.handOver(
                    institution: "MOH",
                    role: .reporter,
                    position: .alternate,
                    to: owner.id,
                    on: .today,
                    reason: "self-promotion",
                    change: Self.officerChange
                )
            }
            #expect(try await focal.terms(institution: "MOH") == before)
            #expect(try await accounts.account(id: owner.id)?.grants == owner.grants)
            // A legitimate naming grants the role, and the grant is in the audit log as a grant.
            let newcomer = try await accounts.createUser(
                email: "noi@example.la",
                name: "Noi",
                password: "a long enough password",
                grants: [],
                change: .test
            )
            try await focal.handOver(
                institution: "MOH",
                role: .owner,
                position: .alternate,
                to: newcomer.id,
                on: .today,
                reason: "Appointed by letter 12/MOH",
                change: Self.officerChange
            )
            let entries = try await AuditLog.entries(database, entity: "user", page: PageRequest(limit: 50, offset: 0)).items
                .filter { $0.entityID == String(newcomer.id) }
            let grant = try #require(entries.first { $0.action == "grant-role" })
            #expect(grant.actor == "officer (test)")
            #expect(grant.after?.contains("owner-focal-point") == true)
            // A handover takes the role from the predecessor, whose access follows the term.
            try await focal.handOver(
                institution: "MOH",
                role: .owner,
                position: .primary,
                to: newcomer.id,
                on: .today,
                reason: "Rotation",
                change: Self.officerChange
            )
            #expect(
                try await accounts.account(id: owner.id)?.grants.contains(RoleGrant(role: .ownerFocalPoint, institution: "MOH")) == false
            )
            #expect(try await accounts.account(id: newcomer.id)?.grants == [RoleGrant(role: .ownerFocalPoint, institution: "MOH")])
        }
    }

    @Test(arguments: Backend.all)
    func proposalsWaitForTheSecretariat(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
            let focal = FocalPointRepository(database: database)
            let owner = try #require(try await accounts.account(email: "moh.owner@pasan.demo"))
            let successor = try await accounts.createUser(
                email: "keo@example.la",
                name: "Keo",
                password: "a long enough password",
                grants: [],
                change: .test
            )
            let byOwner = ChangeContext(actorID: owner.id, actorName: owner.name, address: nil)
            let id = try await focal.propose(
                institution: "MOH",
                role: .owner,
                position: .alternate,
                userID: successor.id,
                effectiveOn: .today,
                reason: "Vacant alternate",
                change: byOwner
            )
            // Nothing is granted by a proposal.
            #expect(try await accounts.account(id: successor.id)?.grants.isEmpty == true)
            #expect(try await focal.proposals(institution: "MOH", status: .pending).map(\.id) == [id])
            try await focal.confirm(proposal: id, change: Self.officerChange)
            #expect(try await accounts.account(id: successor.id)?.grants == [RoleGrant(role: .ownerFocalPoint, institution: "MOH")])
            #expect(
                try await focal.terms(institution: "MOH").contains {
                    $0.userID == successor.id && $0.position == .alternate && $0.endedOn == nil
                }
            )
            #expect(try await focal.proposals(institution: "MOH").first?.status == .confirmed)
            await #expect(throws: FocalPointError.noPendingProposal) { try await focal.confirm(proposal: id, change: Self.officerChange) }
            // A declined proposal grants nothing; a proposal that mixes duties is refused at once.
            let other = try await accounts.createUser(
                email: "phone@example.la",
                name: "Phone",
                password: "a long enough password",
                grants: [],
                change: .test
            )
            let declined = try await focal.propose(
                institution: "MOH",
                role: .reporter,
                position: .alternate,
                userID: other.id,
                effectiveOn: .today,
                reason: "Proposal",
                change: byOwner
            )
            try await focal.decline(proposal: declined, change: Self.officerChange)
            #expect(try await accounts.account(id: other.id)?.grants.isEmpty == true)
            await #expect(throws: AccountError.self) {
                try await focal.propose(
                    institution: "MOH",
                    role: .reporter,
                    position: .alternate,
                    userID: successor.id,
                    effectiveOn: .today,
                    reason: "owner and reporter",
                    change: byOwner
                )
            }
        }
    }

    @Test(arguments: Backend.all)
    func theWorkflowRefusesASecondStepByTheSamePerson(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
            let subs = SubmissionRepository(database: database)
            let cycle = try #require(try await CycleRepository(database: database).all().first { $0.status == .open })
            let draft = try #require(try await subs.latest(cycleID: cycle.id!, institution: "MOH", indicator: "3.b.1"))
            // A person who holds owner and reporter of MOH from before the rule (granted directly).
            let both = try await accounts.createUser(
                email: "legacy@example.la",
                name: "Legacy",
                password: "a long enough password",
                grants: [RoleGrant(role: .ownerFocalPoint, institution: "MOH")],
                change: .test
            )
            try await database.write { db in
                try await AccountRepository.insertGrant(
                    RoleGrant(role: .reporterFocalPoint, institution: "MOH"),
                    userID: both.id,
                    by: nil,
                    db: db
                )
            }
            let actor = try #require(try await accounts.account(id: both.id)).actor
            try await subs.take(
                .submit,
                submissionID: draft.id,
                actor: actor,
                reporter: "MOH",
                officialStatistics: true,
                comment: nil,
                change: .test
            )
            await #expect(throws: SubmissionError.self) {
                try await subs.take(
                    .review,
                    submissionID: draft.id,
                    actor: actor,
                    reporter: "MOH",
                    officialStatistics: true,
                    comment: nil,
                    change: .test
                )
            }
            let reporter = try #require(try await accounts.account(email: "moh.reporter@pasan.demo")).actor
            try await subs.take(
                .review,
                submissionID: draft.id,
                actor: reporter,
                reporter: "MOH",
                officialStatistics: true,
                comment: nil,
                change: .test
            )
            #expect(try await subs.submission(id: draft.id)?.state == .reviewed)
        }
    }

    @Test(arguments: Backend.all)
    func theSecretariatReviewsWhenThereIsNoReporter(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
            let subs = SubmissionRepository(database: database)
            let cycle = try #require(try await CycleRepository(database: database).all().first { $0.status == .open })
            let draft = try #require(try await subs.latest(cycleID: cycle.id!, institution: "MOH", indicator: "3.b.1"))
            let owner = try #require(try await accounts.account(email: "moh.owner@pasan.demo")).actor
            let officer = try #require(try await accounts.account(email: "officer@pasan.demo")).actor
            try await subs.take(
                .submit,
                submissionID: draft.id,
                actor: owner,
                reporter: nil,
                officialStatistics: true,
                comment: nil,
                change: .test
            )
            try await subs.take(
                .review,
                submissionID: draft.id,
                actor: officer,
                reporter: nil,
                officialStatistics: true,
                comment: nil,
                change: .test
            )
            let transitions = try await subs.transitions(submissionID: draft.id)
            #expect(transitions.last?.to == .reviewed)
            #expect(transitions.last?.actor.contains("in place of the missing reporter") == true)
            #expect(transitions.last?.actorID == officer.userID)
        }
    }

    /// The probe: two `pasan serve` starting together on an empty database, 11/11 times one failed
    /// (PostgreSQL: a duplicate key on goals_pkey). Two databases handles stand for two processes
    /// (separate pools; on SQLite separate file locks).
    @Test(arguments: Backend.all)
    func twoProcessesStartingTogetherBothSucceed(backend: Backend) async throws {
        try await TestDatabases.withEmpty(backend) { location in
            let first = try await Database.open(location, logger: TestDatabases.logger)
            let second = try await Database.open(location, logger: TestDatabases.logger)
            let bootstrap = StorageBootstrap(passwordCost: .fastForTests)
            async let a = bootstrap.prepare(first, seed: true, demo: true)
            async let b = bootstrap.prepare(second, seed: true, demo: true)
            var reports: [Result<StorageBootstrap.Report, any Error>] = []
            do { reports.append(.success(try await a)) } catch { reports.append(.failure(error)) }
            do { reports.append(.success(try await b)) } catch { reports.append(.failure(error)) }
            await first.close()
            await second.close()
            for report in reports {
                if case .failure(let error) = report { Issue.record("a start failed: \(error)") }
            }
            let created = reports.compactMap { try? $0.get() }
            #expect(created.filter { $0.reference == .seeded }.count == 1)
            #expect(created.filter { !$0.demoAccounts.isEmpty }.count == 1)
        }
    }
}
