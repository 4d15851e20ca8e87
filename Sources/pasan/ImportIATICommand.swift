import ArgumentParser
import Foundation
import PasanDomain
import PasanExchange
import PasanMessages
import PasanStorage

/// `pasan import iati FILE.xml`: an IATI activity file (2.03) into the activity registry
/// (`docs/villages.md`). Places are matched against the database's areas, alias table and
/// district boundaries; every activity is checked by `ActivityCheck`. A file with any problem is
/// refused whole (every problem printed with the activity, the element and the line; exit 1);
/// otherwise the activities are saved (an identifier already stored is updated) and overlaps
/// are detected again. Places found only by name are saved as proposals for a person to confirm.
struct ImportIATI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iati",
        abstract: "Import an IATI activity file (2.03) into the activity registry.",
        discussion:
            "Locations are matched by Pasan's area codes (administrative or location-id, vocabulary 99, with a vocabulary-uri ending in /api/v1/areas), OCHA p-codes, the alias table, a point inside the district boundaries, or else proposed by name for confirmation. A file with any problem imports nothing. An activity whose iati-identifier is stored already is updated."
    )

    @Argument(help: "The IATI activity file (.xml).")
    var file: String

    @Flag(help: "Read, match and check the file and print the report; write nothing.")
    var dryRun = false

    @Option(help: "The language of the report: lo or en.")
    var language: Language = .en

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let l = language
        let url = URL(fileURLWithPath: file)
        let fileName = url.lastPathComponent
        guard let data = try? Data(contentsOf: url) else {
            printProblems([ExchangeProblem(file: fileName, expected: Message("exchange.file.unreadable"))], language: l)
            throw ExitCode(1)
        }
        var refused = false
        try await withDatabase(database, logger: makeLogger(), announcing: .data) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let context = try await Self.context(db)
            let result = IATIActivityImport.read(data: data, filename: fileName, context: context)
            Self.report(result, fileName: fileName, language: l)
            if result.isRefused {
                Self.printRefusal(result.problems, fileName: fileName, language: l)
                refused = true
                return
            }
            let stored = try await Self.storedIdentifiers(db)
            let updated = result.activities.filter { stored.contains($0.identifier) }.count
            say(l.t("iati.cli.activities", ["new": .number(result.activities.count - updated), "updated": .number(updated)]))
            if dryRun {
                say(l.t("iati.cli.dryRun"))
                return
            }
            let saved = try await ActivityRepository(database: db).save(
                result.activities,
                by: ChangeContext.commandLine.actorName,
                reason: "pasan import iati \(fileName)"
            )
            let overlaps = try await OverlapRepository(database: db).refresh(now: Date())
            say(
                l.t(
                    "iati.cli.saved",
                    [
                        "added": .number(saved.added.count), "changed": .number(saved.changed.count),
                        "unchanged": .number(saved.unchanged.count),
                        "overlaps": .number(overlaps.found), "newOverlaps": .number(overlaps.new),
                    ]
                )
            )
        }
        if refused { throw ExitCode(1) }
    }

    /// What a file is matched and checked against, from the database: every area, the alias
    /// table, the district and province boundaries, the institutions and the SDG framework.
    static func context(_ db: Database) async throws -> IATIMatchContext {
        let places = try await ActivityRepository(database: db).areasAndAliases()
        let areas = AreaRepository(database: db)
        let built = GeoJSONPolygons.locator(
            districts: try await areas.boundaries(level: .district),
            provinces: try await areas.boundaries(level: .province)
        )
        let catalog = try await CatalogRepository(database: db).load()
        let byCode = Dictionary(places.areas.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        return IATIMatchContext(
            matcher: ActivityLocationMatcher(areas: places.areas, aliases: places.aliases, locator: built.locator),
            check: ActivityCheckContext(catalog: catalog, areas: byCode)
        )
    }

    static func storedIdentifiers(_ db: Database) async throws -> Set<String> {
        try await db.read { sql in
            Set(
                try await sql.select().column("identifier").from("activities").all().map {
                    try $0.decode(column: "identifier", as: String.self)
                }
            )
        }
    }

    /// Places by how they were found, the notices and the guesses to confirm.
    static func report(_ result: IATIImportResult, fileName: String, language l: Language) {
        let places = result.activities.flatMap(\.locations)
        if !places.isEmpty {
            let counts = Dictionary(grouping: places, by: \.match).mapValues(\.count)
            say(
                l.t(
                    "iati.cli.places",
                    [
                        "code": .number(counts[.code] ?? 0), "alias": .number(counts[.alias] ?? 0), "point": .number(counts[.point] ?? 0),
                        "name": .number(counts[.name] ?? 0),
                    ]
                )
            )
        }
        for notice in result.notices.prefix(200) {
            say(describe(notice, fileName: fileName, language: l))
        }
        if !result.proposed.isEmpty {
            say(l.t("iati.cli.proposed", count: result.proposed.count))
            for guess in result.proposed.prefix(200) {
                let candidates = guess.candidates.map { "\($0.areaCode) (\($0.level.rawValue))" }.joined(separator: ", ")
                say("  \(fileName):\(guess.line ?? 0): \(guess.identifier): \(guess.givenName) → \(candidates)")
            }
        }
    }

    static func printRefusal(_ problems: [IATIImportProblem], fileName: String, language l: Language) {
        for problem in problems.prefix(200) {
            FileHandle.standardError.write(Data((describe(problem, fileName: fileName, language: l) + "\n").utf8))
        }
        if problems.count > 200 {
            FileHandle.standardError.write(Data((l.t("exchange.cli.moreProblems", count: problems.count - 200) + "\n").utf8))
        }
        FileHandle.standardError.write(Data((l.t("exchange.cli.nothingWritten", count: problems.count) + "\n").utf8))
    }

    /// `file:line: identifier: element: message`.
    static func describe(_ problem: IATIImportProblem, fileName: String, language l: Language) -> String {
        var place = fileName
        if let line = problem.line { place += ":\(line)" }
        let parts = [problem.identifier, problem.element.isEmpty ? nil : problem.element].compactMap { $0 }
        let text = MessageCatalogue.current.text(problem.message, in: l)
        return ([place] + parts + [text]).joined(separator: ": ")
    }
}
