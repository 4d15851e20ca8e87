import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PasanDomain
import PasanStorage
import PasanWeb

@main
struct Pasan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pasan",
        abstract: "Pasan (ປະສານ): the national SDG coordination and reporting platform, configured for Lao PDR.",
        subcommands: [Serve.self, Migrate.self, Seed.self],
        defaultSubcommand: nil)
}

/// Options every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: ArgumentHelp(
        "postgres://user:password@host:port/database, or sqlite://path/to/file.sqlite. Default: $DATABASE_URL, else the embedded SQLite file \(DatabaseLocation.defaultSQLitePath).",
        valueName: "url"))
    var databaseURL: String?

    func location() throws -> DatabaseLocation {
        try DatabaseLocation(url: databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"])
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the portal and API (migrates and seeds an empty database first).")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8080

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Also load the demo dataset (published SDG 18 values, example plan links).")
    var demo = false

    func run() async throws {
        let logger = makeLogger()
        try await withDatabase(database, logger: logger) { db in
            let report = try await StorageBootstrap().prepare(db, seed: true, demo: demo)
            describe(report, location: db.location)
            let state = try await PortalState.load(database: db, defaultLanguage: .lo)
            let app = buildApplication(
                configuration: PortalConfiguration(host: host, port: port, defaultLanguage: .lo),
                state: state, logger: logger,
                onServerRunning: { port in
                    let shownHost = host == "0.0.0.0" ? "127.0.0.1" : host
                    say("Pasan is listening on http://\(shownHost):\(port)/ (Lao: /lo/, English: /en/, API: /api/v1/)")
                })
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
        abstract: "Migrate, then load the shipped reference data into an empty database (idempotent).")

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Also load the demo dataset.")
    var demo = false

    func run() async throws {
        try await withDatabase(database, logger: makeLogger()) { db in
            let report = try await StorageBootstrap().prepare(db, seed: true, demo: demo)
            describe(report, location: db.location)
        }
    }
}

func makeLogger() -> Logger {
    var logger = Logger(label: "pasan")
    logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .notice
    return logger
}

/// Opens the database, runs `body`, closes it; any problem becomes a short message on standard
/// error and a non-zero exit code.
func withDatabase(_ options: DatabaseOptions, logger: Logger, _ body: (Database) async throws -> Void) async throws {
    let database: Database
    do {
        database = try await Database.open(try options.location(), logger: logger)
    } catch {
        fail(error)
    }
    do {
        try await body(database)
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
