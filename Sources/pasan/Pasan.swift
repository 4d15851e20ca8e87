import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PasanDomain
import PasanMail
import PasanMessages
import PasanReferenceData
import PasanStorage
import PasanWeb

@main
struct Pasan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pasan",
        // The product's Lao name comes from the catalogue (the brand mark of every page).
        abstract:
            "Pasan (\(Language.en.t("app.layout.brandMark"))): the national SDG coordination and reporting platform, configured for Lao PDR.",
        subcommands: [
            Serve.self, Migrate.self, Seed.self, Users.self, Assignments.self, Translations.self, Progress.self, Import.self, Export.self,
            Plans.self,
            ConfigCommand.self,
            BackupCommand.self, RestoreCommand.self,
            BenchFixture.self,
            BenchProgress.self, BenchCatalogue.self, BenchSDMXExport.self, BenchXLSX.self, BenchVNR.self, BenchDHIS2.self, BenchPlans.self,
            BenchChains.self,
            BenchIATI.self,
            BenchActivities.self,
        ],
        defaultSubcommand: nil
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the portal and API (migrates and seeds an empty database first)."
    )

    /// Every option is also read from the environment and the configuration file
    /// (ServeOptions.swift, docs/operations/configuration.md).
    @OptionGroup var options: ServeOptions

    func run() async throws {
        let settings = await options.settings()
        LoggingSetup.bootstrap(level: settings.logLevel, format: settings.logFormat)
        // Before the database is opened: metrics made earlier would record nowhere.
        PasanMetrics.bootstrap()
        let logger = makeLogger()
        let smtp = settings.smtp
        let host = settings.host
        try await withDatabase(settings.database, logger: logger) { db in
            let report = try await StorageBootstrap().prepare(db, seed: true, demo: settings.demo)
            describe(report, location: db.location)
            if !report.demoAccounts.isEmpty {
                say("Demo accounts (passwords are shown this once):")
                for account in report.demoAccounts {
                    say(
                        "  \(account.role.padding(toLength: 24, withPad: " ", startingAt: 0)) \(account.email.padding(toLength: 30, withPad: " ", startingAt: 0)) \(account.password)"
                    )
                }
            }
            let state = try await PortalState.load(
                database: db,
                defaultLanguage: settings.defaultLanguage,
                cacheBytes: settings.cacheBytes,
                secrets: settings.secrets
            )
            reportTranslations(state.messages, logger: logger)
            let configuration = settings.portalConfiguration
            let delivery = OutboxDelivery(outbox: Outbox(database: db), smtp: smtp, logger: logger)
            let reminders = ReminderService(reminders: Reminders(database: db), publicURL: configuration.publicURL, logger: logger)
            if state.secrets == nil {
                logger.notice("No secret key (PASAN_SECRET_KEY or PASAN_SECRET_KEY_FILE): DHIS2 connections cannot be registered or pulled")
            }
            let pulls = DHIS2PullService(state: state, logger: logger)
            let app = try buildApplication(
                configuration: configuration,
                state: state,
                logger: logger,
                // The change feed keeps this node in step with the others on the same database.
                services: [delivery, reminders, pulls, ChangeListener(state: state, logger: logger)],
                onServerRunning: { port in
                    let shownHost = host == "0.0.0.0" ? "127.0.0.1" : host
                    say("Pasan is listening on http://\(shownHost):\(port)/ (Lao: /lo/, English: /en/, API: /api/v1/)")
                }
            )
            try await app.runService()
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending schema migrations, all or nothing.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await withDatabase(database, logger: makeLogger()) { db in
            let applied = try await MigrationRunner(database: db).migrate()
            if applied.isEmpty {
                say("\(db.location): the schema is up to date.")
            } else {
                say("\(db.location): applied " + applied.map { "\($0.id) (\($0.name))" }.joined(separator: ", ") + ".")
            }
        }
    }
}

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Migrate, then load the shipped reference data into an empty database (idempotent)."
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Also load the demo dataset.")
    var demo = false

    func run() async throws {
        try await withDatabase(database, logger: makeLogger(), announcing: .data) { db in
            let report = try await StorageBootstrap().prepare(db, seed: true, demo: demo)
            describe(report, location: db.location)
        }
    }
}

/// Opens the database the options name (with the environment and configuration file), runs
/// `body`, closes it; any problem becomes a short message on standard error and a non-zero exit
/// code (64 for a configuration problem).
func withDatabase(
    _ options: DatabaseOptions,
    logger: Logger,
    announcing change: DataChange? = nil,
    _ body: (Database) async throws -> Void
) async throws {
    try await withDatabase(await options.location(), logger: logger, announcing: change, body)
}

/// Opens the database at `location`, runs `body`, closes it; any problem becomes a short message
/// on standard error and a non-zero exit code.
/// `change`: what the command changed, announced to the `pasan serve` processes on the same
/// database when it succeeds, so their pages show it at once (`Database.announce`).
func withDatabase(
    _ location: DatabaseLocation,
    logger: Logger,
    announcing change: DataChange? = nil,
    _ body: (Database) async throws -> Void
) async throws {
    let database: Database
    do {
        database = try await Database.open(location, logger: logger)
    } catch {
        fail(error)
    }
    do {
        try await body(database)
        if let change {
            do { try await database.announce(change, from: "pasan-cli-\(ProcessInfo.processInfo.processIdentifier)") } catch {
                logger.warning("the running servers were not told of the change (\(error)); they show it after their next restart")
            }
        }
        await database.close()
    } catch {
        await database.close()
        fail(error)
    }
}

/// Writes a line to standard output at once (not buffered), so scripts waiting on it see it.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func fail(_ error: any Error) -> Never {
    FileHandle.standardError.write(Data("pasan: \(error)\n".utf8))
    Foundation.exit(1)
}

func describe(_ report: StorageBootstrap.Report, location: DatabaseLocation) {
    var parts: [String] = []
    if !report.appliedMigrations.isEmpty { parts.append("applied \(report.appliedMigrations.count) migration(s)") }
    switch report.reference {
    case .seeded: parts.append("loaded the reference data")
    case .alreadyPresent: parts.append("reference data present")
    case nil: break
    }
    switch report.demo {
    case .seeded: parts.append("loaded the demo data")
    case .alreadyPresent: parts.append("demo data present")
    case nil: break
    }
    say("\(location): \(parts.joined(separator: ", ")).")
}

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage accounts.", subcommands: [CreateUser.self])
}

struct CreateUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an account, e.g. the first Secretariat administrator.",
        discussion: "The password is read from $PASAN_NEW_PASSWORD when set; otherwise a random one is generated and printed once."
    )

    @Option(help: "E-mail address (the sign-in name).")
    var email: String

    @Option(help: "Full name.")
    var name: String

    @Option(help: "The account's role.")
    var role: Role

    @Option(help: "Institution code, for owner and reporter focal points (e.g. MOH).")
    var institution: String?

    @Option(help: "Area code, for subnational focal points (e.g. 01 or 0101).")
    var area: String?

    @Option(help: "Interface language.")
    var language: Language = .lo

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let grant = RoleGrant(role: role, institution: institution?.uppercased(), area: area)
        if let problem = grant.problem { fail(ValidationError(problem.text(in: .en))) }
        let given = ProcessInfo.processInfo.environment["PASAN_NEW_PASSWORD"]
        let password = given ?? String(Secrets.token().prefix(20))
        try await withDatabase(database, logger: makeLogger(), announcing: .pages) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let account = try await AccountRepository(database: db).createUser(
                email: email,
                name: name,
                password: password,
                language: language,
                grants: [grant],
                change: .commandLine
            )
            say(
                "Created \(account.email) (\(role.rawValue)\(grant.institution.map { ", \($0)" } ?? "")\(grant.area.map { ", area \($0)" } ?? ""))."
            )
            if given == nil { say("Password (shown this once): \(password)") }
        }
    }
}

struct Assignments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import or export indicator assignments (owners, reporters) as CSV or Excel (XLSX).",
        subcommands: [ImportAssignments.self, ExportAssignments.self]
    )
}

struct ImportAssignments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add the assignments of a CSV file or an XLSX workbook: all rows, or none if any row is faulty."
    )

    @Argument(help: "CSV file or XLSX workbook (.xlsx) with the columns of `pasan assignments export`.")
    var file: String

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            fail(ValidationError("\(file) cannot be read (\(error.localizedDescription))"))
        }
        try await withDatabase(database, logger: makeLogger(), announcing: .pages) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let catalog = try await CatalogRepository(database: db).load()
            let (assignments, problems) = AssignmentFile.read(data, file: file, catalog: catalog)
            guard problems.isEmpty else {
                for problem in problems.prefix(50) {
                    FileHandle.standardError.write(Data((describe(problem, language: .en) + "\n").utf8))
                }
                fail(ValidationError("\(problems.count) problem(s); nothing was imported"))
            }
            let count = try await AssignmentRepository(database: db).importAll(assignments, change: .commandLine)
            say("Imported \(count) assignment(s) from \(file).")
        }
    }
}

struct ExportAssignments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every assignment as CSV to standard output, or to a CSV or XLSX file."
    )

    @Option(help: "Write to this file instead: an XLSX workbook when it ends in .xlsx, CSV otherwise.")
    var output: String?

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await withDatabase(database, logger: makeLogger()) { db in
            let assignments = try await AssignmentRepository(database: db).all()
            guard let output else {
                FileHandle.standardOutput.write(Data(AssignmentFile.csv(assignments).utf8))
                return
            }
            let data =
                output.lowercased().hasSuffix(".xlsx")
                ? try AssignmentFile.workbook(assignments) : Data(AssignmentFile.csv(assignments).utf8)
            do { try data.write(to: URL(fileURLWithPath: output)) } catch {
                fail(ValidationError("\(output) cannot be written (\(error.localizedDescription))"))
            }
            say("Wrote \(assignments.count) assignment(s) to \(output).")
        }
    }
}

/// Says at start-up which interface texts have no Lao (English is shown in their place) and how
/// many Lao texts no reviewer has approved yet.
func reportTranslations(_ catalogue: MessageCatalogue, logger: Logger) {
    let missing = catalogue.missingLao
    if !missing.isEmpty {
        logger.warning(
            "\(missing.count) interface text(s) have no Lao; English is shown in their place: \(missing.prefix(20).joined(separator: ", "))"
        )
    }
    let unreviewed = catalogue.entries.values.filter { $0.lao != nil && !$0.isReviewed }.count
    logger.info(
        "message catalogue: \(catalogue.entries.count) interface texts, \(unreviewed) Lao text(s) not reviewed yet (see /lo/translations)"
    )
}
