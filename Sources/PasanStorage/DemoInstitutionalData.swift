import Foundation
import PasanDomain
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
        ("vientiane.capital@pasan.demo", "Vientiane Capital subnational focal point (demo)", RoleGrant(role: .subnationalFocalPoint, area: "01")),
        ("viewer@pasan.demo", "Viewer (demo)", RoleGrant(role: .viewer)),
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
            let created = try await accounts.createUser(email: account.email, name: account.name, password: password, grants: [account.grant], change: change)
            ids[account.email] = created.id
            credentials.append(Credential(email: account.email, password: password, role: account.grant.role.rawValue))
        }
        // Assignments, through the same validation as any CSV import.
        let catalog = try await CatalogRepository(database: database).load()
        let table = try CSVTable(contentsOf: directory.appendingPathComponent("demo/assignments.csv"), file: "demo/assignments.csv")
        let rows = table.records.map { (line: $0.line, fields: Dictionary(zip(table.header, $0.fields), uniquingKeysWith: { a, _ in a })) }
        let (assignments, issues) = AssignmentImport(catalog: catalog).validate(rows)
        if let issue = issues.first {
            throw DataFileIssue(file: "demo/assignments.csv", line: issue.line, column: issue.column, message: issue.expected.en)
        }
        _ = try await AssignmentRepository(database: database).importAll(assignments, change: change)
        // Focal points (MOH's alternate owner focal point is left vacant: the gap analysis shows it).
        let focal = FocalPointRepository(database: database)
        let start = LocalDate(year: 2025, month: 1, day: 6)!
        try await focal.name(institution: "MOH", role: .owner, position: .primary, userID: ids["moh.owner@pasan.demo"]!, on: start, reason: "Appointed (demo)", change: change)
        try await focal.name(institution: "MOH", role: .reporter, position: .primary, userID: ids["moh.reporter@pasan.demo"]!, on: start, reason: "Appointed (demo)", change: change)
        try await focal.name(institution: "MOLSW", role: .reporter, position: .primary, userID: ids["molsw.reporter@pasan.demo"]!, on: start, reason: "Appointed (demo)", change: change)
        let today = Self.today()
        let owner = ids["moh.owner@pasan.demo"]!
        try await focal.addTask(institution: "MOH", role: .owner, assignee: owner,
                                title: LocalizedText(en: "Check the Lao title of indicator 3.1.2", lo: "ກວດຊື່ພາສາລາວຂອງຕົວຊີ້ວັດ 3.1.2", loStatus: .reviewed),
                                dueOn: today.adding(days: 10), link: "/lo/indicators/3.1.2")
        try await focal.addTask(institution: "MOH", role: .owner, assignee: owner,
                                title: LocalizedText(en: "Send the DHIS2 immunisation export for 3.b.1", lo: "ສົ່ງຂໍ້ມູນສັກຢາກັນພະຍາດຈາກ DHIS2 ສຳລັບ 3.b.1", loStatus: .reviewed),
                                dueOn: today.adding(days: 3), link: "/lo/indicators/3.b.1")
        try await focal.addTask(institution: "MOH", role: .owner, assignee: owner,
                                title: LocalizedText(en: "Propose an alternate owner focal point", lo: "ສະເໜີຜູ້ປະສານງານສຳຮອງ", loStatus: .reviewed),
                                dueOn: today.adding(days: -2), link: nil)
        try await focal.addNote(institution: "MOH", role: .owner,
                                body: "DHIS2 exports for the annual report are ready in the first week of March; ask the HMIS unit, not the hospital directly.",
                                change: ChangeContext(actorID: owner, actorName: "MOH owner focal point (demo)", address: nil))
        return credentials
    }

    static func today() -> LocalDate { LocalDate.today }
}

